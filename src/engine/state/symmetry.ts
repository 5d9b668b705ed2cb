// Symmetry reduction: states that differ only by a permutation of interchangeable indices
// (e.g. TwoPhase's resource managers) share one fingerprint, the smallest (hi, lo) over a set
// of permutations of the state that depends only on its orbit, so the search stores one state
// per orbit. Without a signature that set is all size! permutations: fine up to ~7 (5,040),
// slow at 8 (40,320). With one, indices are sorted by signature and only the orders of equal
// signatures that change the state are tried (see `bySignature`).
// `checkSymmetry` tests a declaration on a small instance, because a wrong one silently
// merges states that behave differently.

import type { Symmetry } from '../../api/model.ts';
import { Fingerprinter, type Fingerprint } from './fingerprint.ts';
import type { Instance } from '../instance.ts';
import { Pacer, Stopped } from '../search/pace.ts';
import type { StopConditions } from '../search/pace.ts';

/** Every permutation of 0 .. n-1, the identity first. */
export function permutations(n: number): number[][] {
  if (n <= 1) return [Array.from({ length: n }, (_, i) => i)];
  const out: number[][] = [];
  for (const rest of permutations(n - 1)) {
    for (let at = rest.length; at >= 0; at--) out.push([...rest.slice(0, at), n - 1, ...rest.slice(at)]);
  }
  return out;
}

/** `fpOf` (a fingerprint of a state or its view) taken at the orbit's canonical member. */
export function canonicalFingerprint<S>(sym: Symmetry<S>, fpOf: (s: S) => Fingerprint): (s: S) => Fingerprint {
  if (sym.signature) return bySignature(sym, sym.signature, fpOf);
  const perms = permutations(sym.size).slice(1);
  const best: Fingerprint = { hi: 0, lo: 0 };
  return (s) => {
    const f = fpOf(s);
    best.hi = f.hi;
    best.lo = f.lo;
    for (const p of perms) keepSmaller(best, fpOf(sym.permute(s, p)));
    return best;
  };
}

/** Keep in `best` the smaller of it and `g`, compared as unsigned (hi, lo). */
function keepSmaller(best: Fingerprint, g: Fingerprint): void {
  const gh = g.hi >>> 0, bh = best.hi >>> 0;
  if (gh < bh || (gh === bh && g.lo >>> 0 < best.lo >>> 0)) {
    best.hi = g.hi;
    best.lo = g.lo;
  }
}

/**
 * Canonicalise by signature. Sort the indices by their signature's fingerprint; the
 * candidates are the permutations sending the sorted indices to 0, 1, 2, ... in every order
 * of equal signatures, and the result is the smallest fingerprint among them. Orbit-mates
 * have the same candidate set (when renaming preserves signatures), so they meet. A group of
 * equal signatures whose adjacent transpositions all leave the state unchanged is invariant
 * under all its orders, so only one of them is tried: TwoPhase's idle RMs cost nothing.
 */
function bySignature<S>(sym: Symmetry<S>, signature: (s: S, i: number) => unknown, fpOf: (s: S) => Fingerprint): (s: S) => Fingerprint {
  const n = sym.size;
  const sigFp = new Fingerprinter();
  const keyHi = new Float64Array(n), keyLo = new Float64Array(n);
  const best: Fingerprint = { hi: 0, lo: 0 };
  const identity = Array.from({ length: n }, (_, i) => i);
  const same = (a: Fingerprint, hi: number, lo: number) => a.hi >>> 0 === hi >>> 0 && a.lo >>> 0 === lo >>> 0;
  return (s) => {
    for (let i = 0; i < n; i++) {
      const f = sigFp.of(signature(s, i));
      keyHi[i] = f.hi >>> 0;
      keyLo[i] = f.lo >>> 0;
    }
    const order = identity.slice().sort((a, b) => keyHi[a] - keyHi[b] || keyLo[a] - keyLo[b] || a - b);
    const f0 = fpOf(s);
    const hi0 = f0.hi, lo0 = f0.lo;
    // Runs of equal signatures in `order` whose orders make a difference: [start, end).
    const varying: [number, number][] = [];
    for (let start = 0; start < n; ) {
      let end = start + 1;
      while (end < n && keyHi[order[end]] === keyHi[order[start]] && keyLo[order[end]] === keyLo[order[start]]) end++;
      for (let k = start; k + 1 < end; k++) {
        const swap = identity.slice();
        swap[order[k]] = order[k + 1];
        swap[order[k + 1]] = order[k];
        if (!same(fpOf(sym.permute(s, swap)), hi0, lo0)) {
          varying.push([start, end]);
          break;
        }
      }
      start = end;
    }
    best.hi = -1;
    best.lo = -1;
    const perm = new Array<number>(n);
    // Every order of the varying runs (the others keep the sorted order).
    const visit = (g: number, seq: number[]) => {
      if (g === varying.length) {
        for (let r = 0; r < n; r++) perm[seq[r]] = r;
        keepSmaller(best, fpOf(sym.permute(s, perm)));
        return;
      }
      const [start, end] = varying[g];
      for (const p of permutations(end - start)) {
        const next = seq.slice();
        for (let k = 0; k < p.length; k++) next[start + k] = seq[start + p[k]];
        visit(g + 1, next);
      }
    };
    visit(0, order);
    return best;
  };
}

export type SymmetryCheck<S> =
  | { readonly ok: true; readonly states: number; readonly permutations: number }
  | { readonly ok: false; readonly state: S; readonly perm: readonly number[]; readonly reason: string; readonly states: number }
  /** No verdict: stopped by a stop request or a bound, with no counterexample among `states`. */
  | { readonly ok: null; readonly status: 'interrupted' | 'limit'; readonly limit?: string; readonly states: number };

/**
 * Explore `inst` without reduction and check, for every reachable state s and permutation p,
 * that the successors of permute(s, p) are the permuted successors of s (as fingerprint
 * multisets, through the view) and that each invariant gives the same answer on both. It stops
 * (no verdict) past `maxStates` (default 1,000,000) states, and as the search does on a stop
 * request or over the memory budget.
 */
export async function checkSymmetry<S>(
  inst: Instance<S>,
  invariants: readonly string[],
  opts: StopConditions & { readonly maxStates?: number } = {},
): Promise<SymmetryCheck<S>> {
  const sym = inst.spec.symmetry;
  if (!sym) throw new Error(`model ${inst.model.name} declares no symmetry`);
  const maxStates = opts.maxStates ?? 1_000_000;
  const pacer = new Pacer(opts);
  const fp = new Fingerprinter();
  const view = inst.spec.view;
  const key = (s: S) => {
    const f = fp.of(view ? view(s) : s);
    return `${f.hi >>> 0}:${f.lo >>> 0}`;
  };
  const succ = (s: S) => {
    const out: S[] = [];
    inst.successors(s, (n) => out.push(n));
    return out;
  };
  const keys = (states: readonly S[]) => states.map(key).sort().join(',');
  const perms = permutations(sym.size).slice(1);
  const seen = new Set<string>();
  const queue: S[] = [];
  for (const s of inst.initialStates()) if (!seen.has(key(s))) (seen.add(key(s)), queue.push(s));
  try {
    for (let i = 0; i < queue.length; i++) {
      const s = queue[i];
      const next = succ(s);
      for (const p of perms) {
        const pause = pacer.step();
        if (pause) await pause;
        const t = sym.permute(s, p);
        const fail = (reason: string) => ({ ok: false as const, state: s, perm: p, reason, states: seen.size });
        if (keys(succ(t)) !== keys(next.map((n) => sym.permute(n, p)))) {
          return fail('the successors of the permuted state are not the permuted successors of the state');
        }
        if (sym.signature) {
          for (let i = 0; i < sym.size; i++) {
            if (fp.hex(sym.signature(s, i)) !== fp.hex(sym.signature(t, p[i]))) {
              return fail(`the signature of index ${i} changes when the indices are renamed (the reduction stays sound but is weaker)`);
            }
          }
        }
        for (const name of invariants) {
          const inv = inst.spec.invariants![name];
          if (inst.test('invariant', name, inv, s) !== inst.test('invariant', name, inv, t)) {
            return fail(`invariant ${name} is ${inst.test('invariant', name, inv, s)} on the state but not on the permuted state`);
          }
        }
      }
      for (const n of next) {
        const k = key(n);
        if (seen.has(k)) continue;
        if (seen.size >= maxStates) return { ok: null, status: 'limit', limit: `--max-states ${maxStates}`, states: seen.size };
        seen.add(k);
        queue.push(n);
      }
    }
  } catch (e) {
    if (!(e instanceof Stopped)) throw e;
    return { ok: null, status: e.status === 'limit' ? 'limit' : 'interrupted', limit: e.limit, states: seen.size };
  }
  return { ok: true, states: seen.size, permutations: perms.length + 1 };
}

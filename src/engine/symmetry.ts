// Symmetry reduction: states that differ only by a permutation of interchangeable indices
// (e.g. TwoPhase's resource managers) share one fingerprint, the smallest (hi, lo) over all
// permutations, so the search stores one state per orbit. Canonicalising tries every one of
// size! permutations per generated state: fine up to ~7 (5,040), slow at 8 (40,320).
// `checkSymmetry` tests a declaration on a small instance, because a wrong one silently
// merges states that behave differently.

import type { Symmetry } from '../api/model.ts';
import { Fingerprinter, type Fingerprint } from './fingerprint.ts';
import type { Instance } from './instance.ts';

/** Every permutation of 0 .. n-1, the identity first. */
export function permutations(n: number): number[][] {
  if (n <= 1) return [Array.from({ length: n }, (_, i) => i)];
  const out: number[][] = [];
  for (const rest of permutations(n - 1)) {
    for (let at = rest.length; at >= 0; at--) out.push([...rest.slice(0, at), n - 1, ...rest.slice(at)]);
  }
  return out;
}

/** `fpOf` (a fingerprint of a state or its view) taken at the orbit's smallest fingerprint. */
export function canonicalFingerprint<S>(sym: Symmetry<S>, fpOf: (s: S) => Fingerprint): (s: S) => Fingerprint {
  const perms = permutations(sym.size).slice(1);
  const best: Fingerprint = { hi: 0, lo: 0 };
  return (s) => {
    const f = fpOf(s);
    best.hi = f.hi;
    best.lo = f.lo;
    for (const p of perms) {
      const g = fpOf(sym.permute(s, p));
      // Compare as unsigned: the halves may come back as signed 32-bit integers.
      const gh = g.hi >>> 0, bh = best.hi >>> 0;
      if (gh < bh || (gh === bh && g.lo >>> 0 < best.lo >>> 0)) {
        best.hi = g.hi;
        best.lo = g.lo;
      }
    }
    return best;
  };
}

export type SymmetryCheck<S> =
  | { readonly ok: true; readonly states: number; readonly permutations: number }
  | { readonly ok: false; readonly state: S; readonly perm: readonly number[]; readonly reason: string; readonly states: number };

/**
 * Explore `inst` without reduction and check, for every reachable state s and permutation p,
 * that the successors of permute(s, p) are the permuted successors of s (as fingerprint
 * multisets, through the view) and that each invariant gives the same answer on both.
 */
export function checkSymmetry<S>(inst: Instance<S>, invariants: readonly string[], maxStates = 1_000_000): SymmetryCheck<S> {
  const sym = inst.spec.symmetry;
  if (!sym) throw new Error(`model ${inst.model.name} declares no symmetry`);
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
  for (let i = 0; i < queue.length; i++) {
    const s = queue[i];
    const next = succ(s);
    for (const p of perms) {
      const t = sym.permute(s, p);
      const fail = (reason: string) => ({ ok: false as const, state: s, perm: p, reason, states: seen.size });
      if (keys(succ(t)) !== keys(next.map((n) => sym.permute(n, p)))) {
        return fail('the successors of the permuted state are not the permuted successors of the state');
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
      if (seen.size >= maxStates) throw new Error(`--check-symmetry: more than ${maxStates} states; use a smaller instance`);
      seen.add(k);
      queue.push(n);
    }
  }
  return { ok: true, states: seen.size, permutations: perms.length + 1 };
}

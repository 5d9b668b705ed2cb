// The liveness search on hand-made graphs: deep graphs must not overflow the stack, and on
// random small graphs the verdict must match a brute-force reference (every strongly
// connected set of states tried as a behaviour's infinitely-visited set), while each lasso
// returned is checked directly: its edges exist, it violates the property, and it is fair.

import { describe, expect, it } from 'vitest';
import type { StateGraph } from '../src/engine/search/state-graph.ts';
import { fairGroup, type FairGroup } from '../src/liveness/fair.ts';
import { obligationOf, type Shape } from '../src/liveness/formula.ts';
import type { Lasso } from '../src/liveness/lasso.ts';
import { GraphLiveness } from '../src/liveness/search.ts';
import { prng } from './support/random-models.ts';

type Edge = readonly [from: number, to: number, label: number];

function graphOf(size: number, initial: number, edges: readonly Edge[], atoms: Uint8Array[]): StateGraph {
  const sorted = [...edges].sort((a, b) => a[0] - b[0]);
  const offsets = new Int32Array(size + 1);
  for (const [from] of sorted) offsets[from + 1]++;
  for (let i = 0; i < size; i++) offsets[i + 1] += offsets[i];
  return {
    size,
    initial,
    offsets,
    targets: Int32Array.from(sorted, (e) => e[1]),
    labels: Int32Array.from(sorted, (e) => e[2]),
    atoms,
    expanded: new Uint8Array(size).fill(1),
  };
}

const groupOf = (g: StateGraph, kind: 'WF' | 'SF', labels: readonly number[], labelCount: number): FairGroup => {
  const inGroup = new Uint8Array(labelCount);
  for (const l of labels) inGroup[l] = 1;
  return fairGroup(g, kind, `${kind}${labels.join('')}`, inGroup);
};

describe('liveness on deep graphs', () => {
  const n = 200_000;

  it('a chain of 200,000 states: <>last holds under WF(step), fails by stuttering without it', async () => {
    const edges: Edge[] = [];
    for (let i = 0; i + 1 < n; i++) edges.push([i, i + 1, 0]);
    const last = new Uint8Array(n);
    last[n - 1] = 1;
    const g = graphOf(n, 1, edges, [last]);
    const ob = obligationOf({ op: 'eventually', p: 0 }, g.atoms, g.initial);
    expect(await (await GraphLiveness.create(g, [groupOf(g, 'WF', [0], 1)])).counterexample(ob)).toBeNull();
    const cx = (await (await GraphLiveness.create(g, [])).counterexample(ob)) as Lasso;
    expect(cx.states).toEqual([0]);
    expect(cx.closing).toBe(-1);
  });

  it('a ring of 200,000 states: <>[]P fails with the whole ring as the cycle', async () => {
    const edges: Edge[] = [];
    for (let i = 0; i < n; i++) edges.push([i, (i + 1) % n, 0]);
    const p = new Uint8Array(n).fill(1);
    p[n / 2] = 0;
    const g = graphOf(n, 1, edges, [p]);
    const started = Date.now();
    const cx = (await (await GraphLiveness.create(g, [groupOf(g, 'WF', [0], 1)])).counterexample(obligationOf({ op: 'eventuallyAlways', p: 0 }, g.atoms, g.initial))) as Lasso;
    const ms = Date.now() - started;
    // The stem runs to the bad state; the cycle goes round the ring back to it.
    expect(cx.loop).toBe(n / 2);
    expect(cx.states).toHaveLength(n + n / 2);
    expect(g.targets[cx.closing]).toBe(n / 2);
    expect(ms).toBeLessThan(5000);
  });
});

// ---- brute force reference ----

const bit = (set: number, v: number) => (set >> v) & 1;

/** Whether some fair strongly connected set inside `allowed` holds an accepting state. */
function bruteFairSet(g: StateGraph, groups: readonly FairGroup[], allowed: number, accepting: (v: number) => boolean): boolean {
  const edgesOf = (v: number) => Array.from({ length: g.offsets[v + 1] - g.offsets[v] }, (_, k) => g.offsets[v] + k);
  for (let c = 1; c < 1 << g.size; c++) {
    if ((c & allowed) !== c) continue;
    const members = [...Array(g.size).keys()].filter((v) => bit(c, v));
    if (!members.some(accepting)) continue;
    // Strongly connected: from the first member every member is reachable and vice versa, within c.
    const reach = (from: number, forward: boolean) => {
      let seen = 1 << from;
      for (let changed = true; changed; ) {
        changed = false;
        for (const v of members) {
          for (const e of edgesOf(v)) {
            const w = g.targets[e];
            const [a, b] = forward ? [v, w] : [w, v];
            if (bit(c, w) && bit(seen, a) && !bit(seen, b)) {
              seen |= 1 << b;
              changed = true;
            }
          }
        }
      }
      return seen === c;
    };
    if (!reach(members[0], true) || !reach(members[0], false)) continue;
    const inside = members.flatMap((v) => edgesOf(v).filter((e) => g.targets[e] !== v && bit(c, g.targets[e])));
    const fair = groups.every((grp) => {
      // Enabled: a state-changing step of the group leaves the state (computed here afresh).
      const enabled = (v: number) => edgesOf(v).some((e) => g.targets[e] !== v && grp.inGroup[g.labels[e]]);
      const taken = inside.some((e) => grp.inGroup[g.labels[e]]);
      return grp.kind === 'WF' ? taken || members.some((v) => !enabled(v)) : taken || members.every((v) => !enabled(v));
    });
    if (fair) return true;
  }
  return false;
}

/** States reachable from `from` through states where `ok` holds (the sources included if ok). */
function closure(g: StateGraph, from: number[], ok: (v: number) => boolean): number {
  let set = 0;
  const stack = from.filter(ok);
  for (const v of stack) set |= 1 << v;
  while (stack.length) {
    const v = stack.pop()!;
    for (let e = g.offsets[v]; e < g.offsets[v + 1]; e++) {
      const w = g.targets[e];
      if (ok(w) && !bit(set, w)) {
        set |= 1 << w;
        stack.push(w);
      }
    }
  }
  return set;
}

function bruteViolated(g: StateGraph, groups: readonly FairGroup[], s: Shape): boolean {
  const all = [...Array(g.size).keys()];
  const inits = all.slice(0, g.initial);
  const reachable = closure(g, inits, () => true);
  const P = g.atoms[s.p];
  const live = all.filter((v) => bit(reachable, v));
  switch (s.op) {
    case 'eventually':
      return bruteFairSet(g, groups, closure(g, inits, (v) => !P[v]), () => true);
    case 'alwaysEventually':
      return bruteFairSet(g, groups, closure(g, live, (v) => !P[v]), () => true);
    case 'eventuallyAlways':
      return bruteFairSet(g, groups, reachable, (v) => !P[v]);
    case 'leadsTo': {
      const Q = g.atoms[s.q];
      return bruteFairSet(g, groups, closure(g, live.filter((v) => P[v] && !Q[v]), (v) => !Q[v]), () => true);
    }
    case 'implies': {
      const Q = g.atoms[s.q];
      return bruteFairSet(g, groups, closure(g, inits.filter((v) => P[v]), (v) => !Q[v]), () => true);
    }
  }
}

/** Check a counterexample on its own terms: a real path from an initial state, violating, fair. */
function validate(g: StateGraph, groups: readonly FairGroup[], s: Shape, cx: Lasso): void {
  expect(cx.states[0]).toBeLessThan(g.initial);
  for (let k = 1; k < cx.states.length; k++) {
    const e = cx.edges[k];
    expect(e >= g.offsets[cx.states[k - 1]] && e < g.offsets[cx.states[k - 1] + 1] && g.targets[e] === cx.states[k]).toBe(true);
  }
  const P = g.atoms[s.p];
  const last = cx.states.at(-1)!;
  const cycleEdges = cx.closing < 0 ? [] : [...cx.edges.slice(cx.loop + 1), cx.closing];
  if (cx.closing >= 0) expect(cx.closing >= g.offsets[last] && cx.closing < g.offsets[last + 1] && g.targets[cx.closing] === cx.states[cx.loop]).toBe(true);
  const cycle = cx.states.slice(cx.loop);
  for (const grp of groups) {
    const taken = cycleEdges.some((e) => grp.inGroup[g.labels[e]] && g.targets[e] !== g.offsets.findLastIndex((o) => o <= e));
    if (grp.kind === 'WF') expect(taken || cycle.some((v) => !grp.enabled[v])).toBe(true);
    else expect(taken || cycle.every((v) => !grp.enabled[v])).toBe(true);
  }
  const holds = (v: number) => P[v] === 1;
  switch (s.op) {
    case 'eventually':
      expect(cx.states.some(holds)).toBe(false);
      break;
    case 'alwaysEventually':
      expect(cycle.some(holds)).toBe(false);
      break;
    case 'eventuallyAlways':
      expect(cycle.every(holds)).toBe(false);
      break;
    case 'leadsTo': {
      const Q = g.atoms[s.q];
      const ok = cx.states.some((v, i) => holds(v) && !cx.states.slice(i).some((w) => Q[w]) && !cycle.some((w) => Q[w]));
      expect(ok).toBe(true);
      break;
    }
    case 'implies': {
      const Q = g.atoms[s.q];
      expect(holds(cx.states[0]) && !cx.states.some((w) => Q[w])).toBe(true);
      break;
    }
  }
}

const SEEDS = Number(process.env.LIVENESS_SEEDS ?? 4000);
describe('liveness against a brute-force reference', () => {
  it('agrees on 4000 random graphs (LIVENESS_SEEDS for more) of up to 7 states, with random WF/SF groups', async () => {
    const shapes: Shape[] = [
      { op: 'eventually', p: 0 },
      { op: 'alwaysEventually', p: 0 },
      { op: 'eventuallyAlways', p: 0 },
      { op: 'leadsTo', p: 0, q: 1 },
      { op: 'implies', p: 0, q: 1 },
    ];
    let violated = 0;
    for (let seed = 1; seed <= SEEDS; seed++) {
      const rnd = prng(seed);
      const int = (k: number) => Math.floor(rnd() * k);
      const size = 1 + int(7);
      const labelCount = 1 + int(3);
      const edges: Edge[] = [];
      const edgeCount = int(size * 2.5);
      for (let k = 0; k < edgeCount; k++) edges.push([int(size), int(size), int(labelCount)]);
      const atoms = [0, 1].map(() => Uint8Array.from({ length: size }, () => (rnd() < 0.5 ? 1 : 0)));
      const g = graphOf(size, 1 + int(Math.min(2, size)), edges, atoms);
      const groups = Array.from({ length: int(3) }, () => {
        const labels = [...Array(labelCount).keys()].filter(() => rnd() < 0.6);
        return groupOf(g, rnd() < 0.5 ? 'WF' : 'SF', labels.length ? labels : [0], labelCount);
      });
      const search = await GraphLiveness.create(g, groups);
      for (const s of shapes) {
        const cx = await search.counterexample(obligationOf(s, g.atoms, g.initial));
        const expected = bruteViolated(g, groups, s);
        expect({ seed, op: s.op, violated: cx !== null }).toEqual({ seed, op: s.op, violated: expected });
        if (cx) {
          violated++;
          validate(g, groups, s, cx);
        }
      }
    }
    // Both verdicts must be well represented for the comparison to mean anything.
    expect(violated).toBeGreaterThan(SEEDS);
    expect(violated).toBeLessThan(SEEDS * 5);
  });
});

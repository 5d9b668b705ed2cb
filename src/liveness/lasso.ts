// Counterexamples as lassos over state indices: a stem from an initial state and a cycle,
// both found by breadth-first search so they are short. The cycle is built greedily inside
// the fair SCC: from its entry it visits, nearest first, whatever each fairness group needs
// (a state disabling it, or a step of it), then returns to the entry.

import type { Pacer } from '../engine/search/pace.ts';
import type { FairnessNote } from '../engine/search/result.ts';
import type { StateGraph } from '../engine/search/state-graph.ts';
import type { FairCycleSearch, FairGroup } from './fair.ts';
import type { StateTest } from './formula.ts';

/** A path: `states[k]` entered by edge `edges[k]` (-1 for the first state). */
export interface IndexPath {
  readonly states: number[];
  readonly edges: number[];
}

export interface Lasso extends IndexPath {
  /** Index in `states` the cycle returns to; the cycle is `states[loop..]` plus the closing edge. */
  readonly loop: number;
  /** The edge closing the cycle (-1 when the last state stutters). */
  readonly closing: number;
}

/** Breadth-first search tree over the states where `allowed` holds, from `sources` in order. */
export class Bfs {
  readonly parentEdge: Int32Array;
  readonly parent: Int32Array;
  /** The states reached, in order of distance. */
  readonly order: number[] = [];

  private constructor(size: number) {
    this.parentEdge = new Int32Array(size).fill(-2);
    this.parent = new Int32Array(size).fill(-1);
  }

  static async search(g: StateGraph, sources: Iterable<number>, allowed: StateTest, pacer: Pacer): Promise<Bfs> {
    const bfs = new Bfs(g.size);
    const { parentEdge, parent, order } = bfs;
    const { offsets, targets } = g;
    for (const s of sources) {
      if (parentEdge[s] !== -2 || !allowed(s)) continue;
      parentEdge[s] = -1;
      order.push(s);
    }
    for (let h = 0; h < order.length; h++) {
      const pause = pacer.step();
      if (pause) await pause;
      const v = order[h];
      for (let e = offsets[v]; e < offsets[v + 1]; e++) {
        const w = targets[e];
        if (parentEdge[w] !== -2 || !allowed(w)) continue;
        parentEdge[w] = e;
        parent[w] = v;
        order.push(w);
      }
    }
    return bfs;
  }

  reached(v: number): boolean {
    return this.parentEdge[v] !== -2;
  }

  /** The tree path from a source to v. */
  pathTo(v: number): IndexPath {
    const states: number[] = [];
    const edges: number[] = [];
    for (let w = v; w !== -1; w = this.parent[w]) {
      states.push(w);
      edges.push(this.parentEdge[w]);
    }
    return { states: states.reverse(), edges: edges.reverse() };
  }
}

/** Concatenate paths where each starts at the state the previous one ends in. */
export function join(...parts: IndexPath[]): IndexPath {
  const states = [...parts[0].states];
  const edges = [...parts[0].edges];
  for (const p of parts.slice(1)) {
    states.push(...p.states.slice(1));
    edges.push(...p.edges.slice(1));
  }
  return { states, edges };
}

/**
 * A fair cycle through `entry` inside `scc` (marked current in `search`): a list of states
 * after `entry` with their entering edges, ending back at `entry`; empty means stuttering.
 */
export async function fairCycle(g: StateGraph, search: FairCycleSearch, scc: readonly number[], entry: number, groups: readonly FairGroup[], pacer: Pacer): Promise<IndexPath> {
  search.enter(scc);
  const { offsets, targets, labels } = g;
  const visited: number[] = [entry];
  const taken: number[] = [];
  const states: number[] = [];
  const edges: number[] = [];
  let cur = entry;

  const follow = (p: IndexPath) => {
    for (let k = 1; k < p.states.length; k++) {
      states.push(p.states[k]);
      edges.push(p.edges[k]);
      visited.push(p.states[k]);
      taken.push(p.edges[k]);
    }
    if (p.states.length > 1) cur = p.states[p.states.length - 1];
  };
  // Shortest path inside the SCC from `cur` to the first state meeting `stateGoal`, or to a
  // state with an edge meeting `edgeGoal` (then taking it).
  const reach = async (stateGoal: StateTest, edgeGoal: (e: number, from: number) => boolean) => {
    const parentEdge = new Map<number, number>([[cur, -1]]);
    const parent = new Map<number, number>();
    const queue = [cur];
    const pathTo = (v: number): IndexPath => {
      const st: number[] = [];
      const ed: number[] = [];
      for (let w: number | undefined = v; w !== undefined; w = parent.get(w)) {
        st.push(w);
        ed.push(parentEdge.get(w)!);
      }
      return { states: st.reverse(), edges: ed.reverse() };
    };
    for (let h = 0; h < queue.length; h++) {
      const pause = pacer.step();
      if (pause) await pause;
      const v = queue[h];
      if (stateGoal(v)) return follow(pathTo(v));
      for (let e = offsets[v]; e < offsets[v + 1]; e++) {
        if (search.inside(e, v) && edgeGoal(e, v)) {
          const p = pathTo(v);
          return follow({ states: [...p.states, targets[e]], edges: [...p.edges, e] });
        }
      }
      for (let e = offsets[v]; e < offsets[v + 1]; e++) {
        const w = targets[e];
        if (!search.inside(e, v) || parentEdge.has(w)) continue;
        parentEdge.set(w, e);
        parent.set(w, v);
        queue.push(w);
      }
    }
    throw new Error('liveness: a fair SCC lacks what its fairness check found');
  };

  for (const grp of groups) {
    const isStep = (e: number, from: number) => grp.inGroup[labels[e]] === 1 && targets[e] !== from;
    const stepTaken = () => taken.some((e, k) => isStep(e, k === 0 ? entry : states[k - 1]));
    if (grp.kind === 'WF') {
      if (visited.some((v) => !grp.enabled[v]) || stepTaken()) continue;
      await reach((v) => !grp.enabled[v], isStep);
    } else {
      if (!scc.some((v) => grp.enabled[v]) || stepTaken()) continue;
      await reach(() => false, isStep);
    }
  }
  if (cur !== entry) await reach((v) => v === entry, () => false);
  return { states, edges };
}

/**
 * How the lasso's cycle meets each group, for the report: a state-changing step of the group
 * in the cycle, else (WF) a cycle state disabling it, else (SF) none enabling it. Positions
 * index `lasso.states`.
 */
export function fairnessNotes(g: StateGraph, groups: readonly FairGroup[], lasso: Lasso): FairnessNote[] {
  const { states, edges, loop, closing } = lasso;
  const steps: [from: number, to: number, edge: number][] = [];
  for (let k = loop + 1; k < states.length; k++) steps.push([k - 1, k, edges[k]]);
  if (closing >= 0) steps.push([states.length - 1, loop, closing]);
  const cycle = states.slice(loop);
  return groups.map((grp): FairnessNote => {
    const taken = steps.find(([from, to, e]) => grp.inGroup[g.labels[e]] === 1 && states[from] !== states[to]);
    if (taken) return { condition: grp.name, how: 'taken', from: taken[0], to: taken[1] };
    const off = cycle.findIndex((v) => !grp.enabled[v]);
    if (grp.kind === 'WF' && off >= 0) return { condition: grp.name, how: 'disabled', state: loop + off };
    if (grp.kind === 'SF' && cycle.every((v) => !grp.enabled[v])) return { condition: grp.name, how: 'neverEnabled' };
    throw new Error(`liveness: the cycle of a counterexample is not fair to ${grp.name}`);
  });
}

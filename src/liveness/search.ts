// The liveness search on a recorded graph, with no model code involved: for one obligation,
// a counterexample lasso as state indices, or null.
// Kept free of the Instance so tests can drive it with hand-made graphs.

import { Pacer } from '../engine/search/pace.ts';
import type { StateGraph } from '../engine/search/state-graph.ts';
import { FairCycleSearch, type FairGroup } from './fair.ts';
import type { Obligation } from './formula.ts';
import { Bfs, fairCycle, join, type Lasso } from './lasso.ts';

export class GraphLiveness {
  private readonly search: FairCycleSearch;

  private constructor(
    private readonly g: StateGraph,
    private readonly groups: readonly FairGroup[],
    /** Shortest paths from the initial states: every stem starts with one. */
    readonly fromInit: Bfs,
    private readonly pacer: Pacer,
  ) {
    this.search = new FairCycleSearch(g, groups, pacer);
  }

  /** The search on `g`; its loops pause on `pacer` (by default one that never stops them). */
  static async create(g: StateGraph, groups: readonly FairGroup[], pacer = new Pacer({})): Promise<GraphLiveness> {
    return new GraphLiveness(g, groups, await Bfs.search(g, range(g.initial), () => true, pacer), pacer);
  }

  /** A fair behaviour violating the obligation, as a lasso; null if none. */
  async counterexample(ob: Obligation): Promise<Lasso | null> {
    const order = this.fromInit.order;
    const inRegion = await Bfs.search(this.g, order.filter(ob.seed), ob.region, this.pacer);
    // Prefer the cycle nearest the seeds: the shortest stem the search can cheaply promise.
    const rank = new Int32Array(this.g.size);
    inRegion.order.forEach((v, k) => (rank[v] = k));
    const scc = await this.search.find(inRegion.order, ob.accepting, (v) => rank[v]);
    if (!scc) return null;
    const members = new Set(scc);
    const entry = inRegion.order.find((v) => members.has(v) && (!ob.accepting || ob.accepting(v)))!;
    const inside = inRegion.pathTo(entry);
    const stem = join(this.fromInit.pathTo(inside.states[0]), inside);
    const cycle = await fairCycle(this.g, this.search, scc, entry, this.groups, this.pacer);
    const n = cycle.states.length;
    return {
      states: [...stem.states, ...cycle.states.slice(0, n - 1)],
      edges: [...stem.edges, ...cycle.edges.slice(0, n - 1)],
      loop: stem.states.length - 1,
      closing: n === 0 ? -1 : cycle.edges[n - 1],
    };
  }
}

function* range(n: number): Iterable<number> {
  for (let i = 0; i < n; i++) yield i;
}

// The liveness search on a recorded graph, with no model code involved: for one obligation,
// a counterexample as state indices (a finite path for `[]P`, a lasso otherwise) or null.
// Kept free of the Instance so tests can drive it with hand-made graphs.

import type { StateGraph } from '../engine/state-graph.ts';
import { FairCycleSearch, type FairGroup } from './fair.ts';
import type { Obligation } from './formula.ts';
import { Bfs, fairCycle, join, type IndexPath, type Lasso } from './lasso.ts';

export class GraphLiveness {
  /** Shortest paths from the initial states: every stem starts with one. */
  readonly fromInit: Bfs;
  private readonly search: FairCycleSearch;

  constructor(
    private readonly g: StateGraph,
    private readonly groups: readonly FairGroup[],
  ) {
    this.fromInit = new Bfs(g, range(g.initial), () => true);
    this.search = new FairCycleSearch(g, groups);
  }

  /** A behaviour violating the obligation: a path (safety) or a lasso; null if none. */
  counterexample(ob: Obligation): IndexPath | Lasso | null {
    const order = this.fromInit.order;
    if (ob.kind === 'safety') {
      const bad = order.find(ob.bad);
      return bad === undefined ? null : this.fromInit.pathTo(bad);
    }
    const inRegion = new Bfs(this.g, order.filter(ob.seed), ob.region);
    // Prefer the cycle nearest the seeds: the shortest stem the search can cheaply promise.
    const rank = new Int32Array(this.g.size);
    inRegion.order.forEach((v, k) => (rank[v] = k));
    const scc = this.search.find(inRegion.order, ob.accepting, (v) => rank[v]);
    if (!scc) return null;
    const members = new Set(scc);
    const entry = inRegion.order.find((v) => members.has(v) && (!ob.accepting || ob.accepting(v)))!;
    const inside = inRegion.pathTo(entry);
    const stem = join(this.fromInit.pathTo(inside.states[0]), inside);
    const cycle = fairCycle(this.g, this.search, scc, entry, this.groups);
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

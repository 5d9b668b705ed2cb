// Fair cycles. A behaviour's infinitely-visited states form a strongly connected set C, and
// every edge inside C can be taken infinitely often, so a fair violating behaviour exists iff
// some such C is fair:
//   WF(A): some state of C does not enable A, or an A-step inside C is taken;
//   SF(A): no state of C enables A, or an A-step inside C is taken.
// "Enables" and "A-step" count only steps that change the state (⟨A⟩_vars): a self-loop is
// stuttering. For WF and acceptance the whole SCC is the best candidate (a subset can only
// lose disabled states and edges); for SF, states that enable an untaken group are removed
// and the rest split into SCCs again (Emerson–Lei refinement).

import type { Pacer } from '../engine/search/pace.ts';
import type { StateGraph } from '../engine/search/state-graph.ts';
import type { StateTest } from './formula.ts';
import { SccFinder } from './scc.ts';

export interface FairGroup {
  readonly kind: 'WF' | 'SF';
  readonly name: string;
  /** `inGroup[labelId]` is 1 for labels of the group's actions. */
  readonly inGroup: Uint8Array;
  /** `enabled[v]` is 1 when state v has a state-changing step of the group. */
  readonly enabled: Uint8Array;
}

export function fairGroup(g: StateGraph, kind: 'WF' | 'SF', name: string, inGroup: Uint8Array): FairGroup {
  const enabled = new Uint8Array(g.size);
  const { offsets, targets, labels } = g;
  for (let v = 0; v < g.size; v++) {
    for (let e = offsets[v]; e < offsets[v + 1]; e++) {
      if (targets[e] !== v && inGroup[labels[e]] === 1) {
        enabled[v] = 1;
        break;
      }
    }
  }
  return { kind, name, inGroup, enabled };
}

/** Searches for fair SCCs; reuses its scratch arrays across obligations. */
export class FairCycleSearch {
  private readonly finder: SccFinder;
  /** Which subproblem a state belongs to (0: none). */
  private readonly part: Int32Array;
  /** Stamp of the SCC under examination, per state. */
  private readonly inScc: Int32Array;
  private stamp = 0;
  private nextPart = 0;

  constructor(
    private readonly g: StateGraph,
    private readonly groups: readonly FairGroup[],
    pacer?: Pacer,
  ) {
    this.finder = new SccFinder(g, pacer);
    this.part = new Int32Array(g.size);
    this.inScc = new Int32Array(g.size);
  }

  /**
   * Among the fair SCCs within `nodes` holding an accepting state (null: every state
   * accepts), the one whose best accepting state has the lowest `rank`; null if none.
   */
  async find(nodes: readonly number[], accepting: StateTest | null, rank: (v: number) => number): Promise<number[] | null> {
    const work: { nodes: readonly number[]; id: number }[] = [{ nodes, id: this.mark(nodes) }];
    let best: number[] | null = null;
    let bestRank = Infinity;
    const rankOf = (scc: readonly number[]) => {
      let r = Infinity;
      for (const v of scc) if (!accepting || accepting(v)) r = Math.min(r, rank(v));
      return r;
    };
    while (work.length > 0) {
      const { nodes: sub, id } = work.pop()!;
      const refined: number[][] = [];
      await this.finder.run(sub, this.part, id, (scc) => {
        const r = rankOf(scc);
        if (r >= bestRank) return false;
        const verdict = this.judge(scc);
        if (verdict === true) {
          best = scc;
          bestRank = r;
        } else if (verdict !== false) {
          refined.push(verdict);
        }
        return false;
      });
      for (const r of refined) work.push({ nodes: r, id: this.mark(r) });
      for (const v of sub) if (this.part[v] === id) this.part[v] = 0;
    }
    return best;
  }

  /** Whether the state-changing edge e out of a state in the current SCC stays inside it. */
  inside(e: number, from: number): boolean {
    const t = this.g.targets[e];
    return t !== from && this.inScc[t] === this.stamp;
  }

  /** Mark `scc` as the current SCC (for `inside`). */
  enter(scc: readonly number[]): void {
    this.stamp++;
    for (const v of scc) this.inScc[v] = this.stamp;
  }

  /** True when fair; false when no subset can be; else the states left after SF refinement. */
  private judge(scc: number[]): boolean | number[] {
    this.enter(scc);
    const { offsets, labels } = this.g;
    const drop: FairGroup[] = [];
    for (const grp of this.groups) {
      let enabledSomewhere = false;
      let disabledSomewhere = false;
      for (const v of scc) {
        if (grp.enabled[v]) enabledSomewhere = true;
        else disabledSomewhere = true;
      }
      if (grp.kind === 'WF' ? disabledSomewhere : !enabledSomewhere) continue;
      if (this.taken(scc, grp, offsets, labels)) continue;
      if (grp.kind === 'WF') return false;
      drop.push(grp);
    }
    if (drop.length === 0) return true;
    const rest = scc.filter((v) => !drop.some((grp) => grp.enabled[v]));
    return rest.length > 0 ? rest : false;
  }

  private taken(scc: readonly number[], grp: FairGroup, offsets: Int32Array, labels: Int32Array): boolean {
    for (const v of scc) {
      if (!grp.enabled[v]) continue;
      for (let e = offsets[v]; e < offsets[v + 1]; e++) if (grp.inGroup[labels[e]] === 1 && this.inside(e, v)) return true;
    }
    return false;
  }

  private mark(nodes: readonly number[]): number {
    const id = ++this.nextPart;
    for (const v of nodes) this.part[v] = id;
    return id;
  }
}

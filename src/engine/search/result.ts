// What a search returns: the verdict, the counts, the violations with their traces, and the
// figures the reporters print. Built by Outcome (outcome.ts) for the sequential and the
// parallel search alike.

import type { ViolationKind } from '../../errors.ts';
import type { ModelPart } from '../instance.ts';
import type { StateGraph } from './state-graph.ts';
import type { Trace } from './trace.ts';

export interface Violation<S> {
  readonly property: string;
  readonly kind: ViolationKind;
  readonly message: string;
  /** Null where no trace exists (a reachability check that never came true). */
  readonly trace: Trace<S> | null;
  /** For a liveness counterexample: how its cycle satisfies each fairness condition. */
  readonly fairness?: readonly FairnessNote[];
  /**
   * For a refinement: the trace's states mapped to the abstract model's (`stutter`: equal to
   * the one before). The last is where it fails: no initial state, or no step, of `abstract`.
   */
  readonly refinement?: { readonly abstract: string; readonly states: readonly { readonly state: unknown; readonly stutter: boolean }[] };
}

/**
 * How a lasso's cycle satisfies one fairness condition (positions index the trace's states):
 * a step of it is taken in the cycle, it is disabled in a state of the cycle (WF), or no
 * state of the cycle enables it (SF).
 */
export type FairnessNote =
  | { readonly condition: string; readonly how: 'taken'; readonly from: number; readonly to: number }
  | { readonly condition: string; readonly how: 'disabled'; readonly state: number }
  | { readonly condition: string; readonly how: 'neverEnabled' };

export interface Progress {
  readonly depth: number;
  readonly generated: number;
  readonly distinct: number;
  readonly queue: number;
  readonly elapsedMs: number;
  /** Set once when the initial states are known (`initial`), and once when the search is done and the liveness phase starts on its graph. */
  readonly phase?: 'initial' | 'liveness';
}

export interface CoverageRow {
  readonly label: string;
  readonly action: string;
  /** New states first reached by this label. */
  readonly distinct: number;
  /** Successors produced by this label. */
  readonly generated: number;
}

export interface ReachabilityResult<S> {
  readonly name: string;
  /** True when witnessed, false when the complete search never met it, null when unknown. */
  readonly reached: boolean | null;
  readonly trace: Trace<S> | null;
}

export type Status = 'ok' | 'violation' | 'error' | 'limit' | 'interrupted';

export interface CheckResult<S> {
  readonly status: Status;
  /** Whether every reachable state (within constraints and depth bound) was explored. */
  readonly complete: boolean;
  readonly distinct: number;
  readonly generated: number;
  readonly depth: number;
  readonly queueLeft: number;
  readonly violations: Violation<S>[];
  /** The model threw: which part, and the trace to the state where it happened. */
  /**
   * The model failed: it threw, or (`fault`) broke a rule of the checker without throwing (a
   * state outside the state domain, an action that is not deterministic, a non-boolean predicate).
   */
  readonly error?: { readonly part: ModelPart; readonly name: string; readonly message: string; readonly trace: Trace<S> | null; readonly fault?: boolean };
  /** Why the search stopped early (`limit`): the bound that was hit. */
  readonly limit?: string;
  readonly reachability: ReachabilityResult<S>[];
  readonly coverage: CoverageRow[];
  /** TLC's outdegree: new states found per state expanded in full (min, max, mean, 95th percentile), over `states` states. */
  readonly outdegree: { readonly min: number; readonly max: number; readonly avg: number; readonly p95: number; readonly states: number };
  readonly collisionProbability: number;
  readonly elapsedMs: number;
  /** How long the liveness phase took (absent when it did not run). */
  readonly livenessMs?: number;
  /** A parallel search: its worker threads, and the BFS level from which they expanded states. */
  readonly parallel?: { readonly workers: number; readonly fromLevel: number };
  /** Setups that may make the verdict vacuous or incomplete. */
  readonly warnings?: string[];
}

/** What the search returns to the pipeline: the result, and what the liveness phase needs of the search. */
export interface SearchResult<S> extends CheckResult<S> {
  /** The reachable graph, when asked for (liveness checking, graph export). */
  readonly graph?: StateGraph;
  /** The seen set's own memory, in bytes. */
  readonly tableBytes: number;
  /** Rebuild the states along a path of state indices (see trace.ts `replayPath`). */
  readonly replay: (path: readonly number[], edgeLabels?: readonly number[]) => Trace<S>['states'];
}

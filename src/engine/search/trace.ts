// Where a trace is rebuilt. The state table keeps only fingerprints, parents and labels, so
// a counterexample is recovered by walking parents back to an initial state and replaying
// the labelled steps forward, at each step keeping the successor whose fingerprint matches.

import type { Step } from '../../api/model.ts';
import type { Fingerprinter } from '../state/fingerprint.ts';
import { INITIAL_LABEL, INITIAL_LABEL_ID, ModelError, ModelFault, type Instance } from '../instance.ts';
import { canonicalFingerprint } from '../state/symmetry.ts';
import type { StateTable } from '../state/table.ts';

export interface TraceStep<S> {
  /** `Initial predicate` for the first state, else the step's label, e.g. `Read(page=2)`. */
  readonly label: string;
  readonly step: Step | null;
  readonly state: S;
}

export interface Trace<S> {
  readonly states: readonly TraceStep<S>[];
  /** For a lasso: the index in `states` the cycle returns to. */
  readonly loop?: number;
  /** For a lasso whose cycle is the last state stuttering forever. */
  readonly stuttering?: boolean;
  /** For a lasso: the label of the step that closes the cycle. */
  readonly loopLabel?: string;
}

/**
 * A recorded trace that no longer replays: the model gave other states the second time, so it
 * is not deterministic. `partial` is the trace as far as it replayed.
 */
export class ReplayError<S> extends ModelFault {
  constructor(
    part: 'init' | 'action',
    what: string,
    detail: string,
    readonly partial: TraceStep<S>[],
  ) {
    super(part, what, detail);
  }

  /** `e` with `partial` as the part that replayed, when it is a ReplayError of the step that follows it; else `e`. */
  static after<S>(e: unknown, partial: TraceStep<S>[]): unknown {
    return e instanceof ReplayError ? new ReplayError('action', e.what, e.detail, partial) : e;
  }
}

/** Fingerprints a state as the engine does (through the model's view and symmetry, if any). */
export type StateFingerprint<S> = (s: S) => { hi: number; lo: number };

export function fingerprintFor<S>(inst: Instance<S>, fp: Fingerprinter, useSymmetry: boolean): StateFingerprint<S> {
  const view = inst.spec.view;
  const viewOf = (s: S): unknown => {
    try {
      return view!(s);
    } catch (e) {
      throw new ModelError('view', 'view', e);
    }
  };
  const plain: StateFingerprint<S> = view ? (s) => fp.of(viewOf(s)) : (s) => fp.of(s);
  const sym = inst.spec.symmetry;
  return sym && useSymmetry ? canonicalFingerprint(sym, plain) : plain;
}

/** The chain of state indices from an initial state to `index`, inclusive. */
export function pathTo(table: StateTable, index: number): number[] {
  const path: number[] = [];
  for (let i = index; i !== -1; i = table.parent(i)) path.push(i);
  return path.reverse();
}

/**
 * Rebuild the states along a path of table indices by replaying its labels: by default the
 * label that first reached each state; `edgeLabels[k]` overrides the step into `path[k]`
 * (a lasso's cycle takes edges outside the breadth-first tree). `memo` (with the default
 * labels only) holds states rebuilt before, by index, and is given the ones rebuilt now.
 */
export function replayPath<S>(
  inst: Instance<S>,
  table: StateTable,
  path: readonly number[],
  fpOf: StateFingerprint<S>,
  edgeLabels?: readonly number[],
  memo?: Map<number, S>,
): TraceStep<S>[] {
  const matches = (s: S, index: number) => {
    const f = fpOf(s);
    return f.hi === table.fingerprintHi(index) && f.lo === table.fingerprintLo(index);
  };
  const first = memo?.get(path[0]) ?? inst.initialStates().find((s) => matches(s, path[0]));
  if (first === undefined) throw new ReplayError('init', 'init', 'are not deterministic: rebuilding a trace, no initial state has the fingerprint recorded by the search', []);
  memo?.set(path[0], first);
  const out: TraceStep<S>[] = [{ label: INITIAL_LABEL, step: null, state: first }];
  let cur: S = first;
  for (let k = 1; k < path.length; k++) {
    const labelId = edgeLabels ? edgeLabels[k] : table.labelId(path[k]);
    if (labelId === INITIAL_LABEL_ID) throw new Error('trace rebuild: an initial state in the middle of a path');
    let next = memo?.get(path[k]);
    try {
      next ??= successorWith(inst, cur, labelId, fpOf, table.fingerprintHi(path[k]), table.fingerprintLo(path[k]));
    } catch (e) {
      throw ReplayError.after(e, out);
    }
    memo?.set(path[k], next);
    out.push({ label: inst.labels.texts[labelId], step: inst.labels.steps[labelId], state: next });
    cur = next;
  }
  return out;
}

/** The successor of `s` by the step `labelId` whose fingerprint is (hi, lo): replaying a recorded step. */
export function successorWith<S>(inst: Instance<S>, s: S, labelId: number, fpOf: StateFingerprint<S>, hi: number, lo: number): S {
  const next = inst.successorsBy(s, labelId).find((n) => {
    const f = fpOf(n);
    return f.hi === hi && f.lo === lo;
  });
  if (next === undefined) {
    const label = inst.labels.texts[labelId];
    throw new ReplayError('action', label, 'is not deterministic: rebuilding a trace, it no longer yields the successor the search recorded from the last state below', []);
  }
  return next;
}

/** The shortest trace the search recorded to the state at `index` (`memo`: see replayPath). */
export function rebuildTrace<S>(inst: Instance<S>, table: StateTable, index: number, fpOf: StateFingerprint<S>, memo?: Map<number, S>): Trace<S> {
  return { states: replayPath(inst, table, pathTo(table, index), fpOf, undefined, memo) };
}

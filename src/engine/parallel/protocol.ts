// The messages between the coordinator (the thread that owns the seen set) and the workers
// (threads that expand states). States never cross threads: a worker keeps the states it
// discovered, sends their fingerprints, and learns which are new and their indices.

import type { MessagePort } from 'node:worker_threads';
import type { Params } from '../../api/model.ts';
import type { ConstantValues } from '../constants.ts';
import type { Selection } from '../search/expand.ts';
import type { ModelSource } from '../instance.ts';
import type { ExpansionCounts } from '../search/outcome.ts';
import type { TableArrays } from '../state/table.ts';

export interface WorkerSetup {
  readonly source: ModelSource;
  readonly constants: ConstantValues;
  readonly opts: Selection & { readonly checkDeadlock?: boolean; readonly paranoid?: boolean; readonly symmetry?: boolean; readonly continueAfterViolation?: boolean; readonly maxStates?: number };
  readonly id: number;
  readonly count: number;
  /** The sequential prefix pauses at the first level at least this large (see coordinator). */
  readonly prefixFrontier: number;
  /** Counters: [0] bumped by workers after posting on `toMain`, [id] by the coordinator after replying on `replies`. */
  readonly wake: SharedArrayBuffer;
  readonly toMain: MessagePort;
  readonly replies: MessagePort;
}

/** A label a worker interned since its last message: the coordinator interns it too. */
export type LabelDef = readonly [actionIndex: number, action: string, params: Params | undefined];

/** What a worker found, by global state index. */
export interface Reports {
  readonly invariants: [name: string, index: number][];
  readonly witnesses: [goal: string, index: number][];
  readonly deadlocks: number[];
  /** An action property broken by the step `label` from state `index` to the state (hi, lo). */
  readonly actions: [name: string, index: number, label: number, hi: number, lo: number][];
}

export type FromWorker =
  | { readonly kind: 'ready'; readonly labels: LabelDef[]; readonly frontier: number }
  | {
      readonly kind: 'chunk';
      readonly labels: LabelDef[];
      readonly n: number;
      readonly hi: Uint32Array;
      readonly lo: Uint32Array;
      readonly parent: Int32Array;
      readonly label: Int32Array;
      readonly reports: Reports;
      /** Running totals, for progress lines and an interrupted search's counts. */
      readonly generated: number;
      readonly expanded: number;
    }
  | { readonly kind: 'level'; readonly labels: LabelDef[]; readonly reports: Reports; readonly counts: ExpansionCounts; readonly frontier: number }
  | { readonly kind: 'error'; readonly labels: LabelDef[]; readonly part: string; readonly what: string; readonly message: string; readonly fault?: string; readonly index: number }
  | { readonly kind: 'crash'; readonly message: string };

/**
 * To a worker: expand your frontier (one BFS level). `table` is the seen set's shared
 * arrays: successors found there are known, and are neither kept nor sent.
 */
export type ToWorker = { readonly kind: 'expand'; readonly table: TableArrays };

/** The reply to a chunk: per candidate, its new global index, or -1 (already seen). */
export interface ChunkReply {
  readonly indices: Int32Array;
  /** The seen set's arrays, when they changed (it grew) since the worker last had them. */
  readonly table?: TableArrays;
}

// One thread's share of a level of the parallel search: expand its states, fingerprint the
// successors, drop the ones the seen set (or the chunk being filled) already has, send the
// rest to the coordinator in chunks, and keep the ones it reports new as the next level,
// checking their invariants. Both worker threads (worker.ts) and the coordinator's own thread
// (coordinator.ts) run it; only how chunks travel differs (a Transport).

import type { Params } from '../../api/model.ts';
import { Expander, type Selection } from '../search/expand.ts';
import { Frontier } from '../state/frontier.ts';
import { ModelFault, type Instance, type ModelError } from '../instance.ts';
import { countsOf, DEADLOCK } from '../search/outcome.ts';
import { grown, TableView, type TableArrays } from '../state/table.ts';
import type { StateFingerprint } from '../search/trace.ts';
import type { ChunkReply, FromWorker, LabelDef, Reports } from './protocol.ts';

/** How a LevelExpander talks to the coordinator. */
export interface Transport {
  post(m: FromWorker, transfer?: ArrayBuffer[]): void;
  /** The reply to the oldest chunk not yet answered (a worker thread blocks for it). */
  reply(): ChunkReply;
  /** Called after each chunk is sent (the coordinator's thread serves the workers there). */
  between?(): void;
  /** Polled now and then: true stops the level (the search is halting). */
  halted?(): boolean;
  /** Polled now and then: resolves after letting the event loop run (Ctrl-C on the coordinator). */
  breathe?(): Promise<void> | null;
}

// Candidates per chunk sent to the coordinator. Small: candidates are held until the reply,
// and held ones survive into the old generation (8192 made the search 1.8x slower than 512).
const CHUNK = 512;

// The fingerprints in the chunk being filled, to send each successor once (one set per
// thread: a thread runs one LevelExpander). A stamp per slot empties the set in O(1); past
// SET_SIZE / 2 entries, duplicates are left to the coordinator.
const SET_SIZE = 4 * CHUNK;
const stamps = new Int32Array(SET_SIZE);
const setHi = new Uint32Array(SET_SIZE);
const setLo = new Uint32Array(SET_SIZE);
let stamp = 1;
let inSet = 0;

class Chunk<S> {
  n = 0;
  /** Whether (hi, lo) is already in this chunk; adds it if not. */
  holds(hi: number, lo: number): boolean {
    if (inSet >= SET_SIZE / 2) return false;
    let i = (lo ^ Math.imul(hi, 0x9e3779b1)) & (SET_SIZE - 1);
    while (stamps[i] === stamp) {
      if (setLo[i] === lo && setHi[i] === hi) return true;
      i = (i + 1) & (SET_SIZE - 1);
    }
    stamps[i] = stamp;
    inSet++;
    setHi[i] = hi;
    setLo[i] = lo;
    return false;
  }

  hi = new Uint32Array(CHUNK);
  lo = new Uint32Array(CHUNK);
  parent = new Int32Array(CHUNK);
  label = new Int32Array(CHUNK);
  states: S[] = [];

  add(hi: number, lo: number, parent: number, label: number, s: S): void {
    const i = this.n++;
    if (i === this.hi.length) {
      this.hi = grown(this.hi, new Uint32Array(2 * i));
      this.lo = grown(this.lo, new Uint32Array(2 * i));
      this.parent = grown(this.parent, new Int32Array(2 * i));
      this.label = grown(this.label, new Int32Array(2 * i));
    }
    this.hi[i] = hi;
    this.lo[i] = lo;
    this.parent[i] = parent;
    this.label[i] = label;
    this.states.push(s);
  }
}

export class LevelExpander<S> {
  private frontier = new Frontier<S>();
  private indices: number[] = [];
  private readonly expander: Expander<S>;
  private sentLabels = 0;
  private reports: Reports = emptyReports();
  private readonly witnessed = new Set<string>();
  private errorIndex = -1;
  // The checks' callbacks, made once: they read the state's index from errorIndex, set just before.
  private readonly onInvariant = (name: string): void => {
    this.reports.invariants.push([name, this.errorIndex]);
    this.expander.violated.add(name);
  };
  private readonly onGoal = (goal: string): void => {
    this.reports.witnesses.push([goal, this.errorIndex]);
    this.witnessed.add(goal);
  };
  private seen: TableView | null = null;

  constructor(
    private readonly inst: Instance<S>,
    private readonly fpOf: StateFingerprint<S>,
    private readonly opts: Selection & { readonly checkDeadlock?: boolean; readonly paranoid?: boolean },
    private readonly id: number,
    private readonly count: number,
    private readonly transport: Transport,
  ) {
    this.expander = new Expander(inst, opts, { fpOf, everyState: opts.paranoid ?? false });
  }

  /** Keep every count-th state of the prefix's frontier, from position `id` (`handOver` is PausableSearch's). */
  adopt(handOver: (take: (s: S, index: number) => void) => number): number {
    let p = 0;
    handOver((s, index) => {
      if (p++ % this.count === this.id) {
        this.frontier.push(s);
        this.indices.push(index);
      }
    });
    return this.frontier.length;
  }

  newLabels(): LabelDef[] {
    const labels = this.inst.labels;
    const out: LabelDef[] = [];
    for (; this.sentLabels < labels.steps.length; this.sentLabels++) {
      const step = labels.steps[this.sentLabels];
      out.push([labels.actionIndex[this.sentLabels], step.action, step.params as Params | undefined]);
    }
    return out;
  }

  takeReports(): Reports {
    const r = this.reports;
    this.reports = emptyReports();
    return r;
  }

  async expandLevel(table: TableArrays): Promise<void> {
    if (this.seen) this.seen.update(table);
    else this.seen = new TableView(table);
    const seen = this.seen;
    const { inst, expander, fpOf } = this;
    const checkDeadlock = this.opts.checkDeadlock ?? true;
    const { transport } = this;
    const from = this.frontier;
    const fromIndices = this.indices;
    this.frontier = new Frontier<S>();
    this.indices = [];
    let chunk = new Chunk<S>();
    let pending: Chunk<S> | null = null;
    let parent = -1;
    let current: S | undefined;
    const emit = (next: S, labelId: number) => {
      // A self-loop to the very same object: known (see Search).
      if (next === current) return;
      const f = fpOf(next);
      // Most successors are known already: drop them here rather than hold and send them.
      if (!chunk.holds(f.hi, f.lo) && !seen.has(f.hi, f.lo)) chunk.add(f.hi, f.lo, parent, labelId, next);
    };
    const broken = (name: string, labelId: number, next: S) => {
      const f = fpOf(next);
      this.reports.actions.push([name, parent, labelId, f.hi, f.lo]);
      expander.violated.add(name);
    };
    for (let k = 0; from.length > 0; k++) {
      const s = from.shift();
      current = s;
      parent = fromIndices[k];
      this.errorIndex = parent;
      const n = expander.expand(s, emit, broken);
      if (n === 0 && checkDeadlock && !expander.violated.has(DEADLOCK) && !inst.isTerminal(s)) {
        this.reports.deadlocks.push(parent);
        expander.violated.add(DEADLOCK);
      }
      if (chunk.n >= CHUNK) {
        // Send this chunk, then settle the previous one: its reply came while we worked.
        this.send(chunk);
        if (pending) this.settle(pending);
        pending = chunk;
        chunk = new Chunk<S>();
        transport.between?.();
      }
      if ((k & 255) === 255) {
        const breath = transport.breathe?.();
        if (breath) await breath;
        if (transport.halted?.()) return;
      }
    }
    this.send(chunk);
    if (pending) this.settle(pending);
    this.settle(chunk);
    transport.post({ kind: 'level', labels: this.newLabels(), reports: this.takeReports(), counts: countsOf(expander), frontier: this.frontier.length });
  }

  private send(c: Chunk<S>): void {
    stamp++;
    inSet = 0;
    const { generated, expanded } = this.expander;
    this.transport.post({ kind: 'chunk', labels: this.newLabels(), n: c.n, hi: c.hi, lo: c.lo, parent: c.parent, label: c.label, reports: this.takeReports(), generated, expanded }, [
      c.hi.buffer as ArrayBuffer,
      c.lo.buffer as ArrayBuffer,
      c.parent.buffer as ArrayBuffer,
      c.label.buffer as ArrayBuffer,
    ]);
  }

  /** Take the reply to `c` (replies come in order), then keep and check its new states. */
  private settle(c: Chunk<S>): void {
    const { indices, table } = this.transport.reply();
    if (table) this.seen!.update(table);
    for (let i = 0; i < c.n; i++) {
      const index = indices[i];
      if (index < 0) continue;
      const s = c.states[i];
      this.errorIndex = index;
      this.frontier.push(s);
      this.indices.push(index);
      this.expander.checkNew(s, this.onInvariant, this.onGoal, this.witnessed);
    }
    c.states = [];
  }

  /** Report a model error (with the index of the state it concerned). */
  fail(e: ModelError): void {
    const fault = e instanceof ModelFault ? e.detail : undefined;
    this.transport.post({ kind: 'error', labels: this.newLabels(), part: e.part, what: e.what, message: e.message, fault, index: this.errorIndex });
  }
}

function emptyReports(): Reports {
  return { invariants: [], witnesses: [], deadlocks: [], actions: [] };
}


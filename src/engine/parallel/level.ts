// One thread's share of a level of the parallel search: expand its states, fingerprint the
// successors, drop the ones the seen set (or the chunk being filled) already has, send the
// rest to the coordinator in chunks, and keep the ones it reports new as the next level.
// Both worker threads (worker.ts) and the coordinator's own thread (coordinator.ts) run it;
// only how chunks travel differs (a Transport).
//
// A candidate is queued in the next level (and its invariants checked) as soon as it is
// found, not when the coordinator's answer comes: held until then, the candidates outlived
// the young generation and the collector promoted every one (on one thread this made the
// search 1.5x slower than the sequential one). The answer only marks the queued ones another
// thread got first, which the next level skips; their checks' findings are dropped.

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
  /** Called after each state is expanded (the coordinator's thread serves the workers there). */
  between?(): void;
  /** Polled now and then: true stops the level (the search is halting). */
  halted?(): boolean;
  /** Polled now and then: resolves after letting the event loop run (Ctrl-C on the coordinator). */
  breathe?(): Promise<void> | null;
}

// Candidates per chunk sent to the coordinator.
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

class Chunk {
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
  /** Where the chunk's first candidate sits in the next level. */
  constructor(readonly first: number) {}
  /** What the candidates' checks found, by position in the chunk: reported if they are new. */
  found: [number, 'invariant' | 'witness', string][] = [];

  add(hi: number, lo: number, parent: number, label: number): void {
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
  }
}

export class LevelExpander<S> {
  private readonly frontier = new Frontier<S>();
  /** The next level's states' indices in the table, -1 for one another thread got first (or not yet answered). */
  private indices: number[] = [];
  /** How many of the next level's states are new. */
  private kept = 0;
  /** The chunk being filled, and the one sent before it whose answer is not yet taken. */
  private chunk = new Chunk(0);
  private pending: Chunk | null = null;
  private readonly expander: Expander<S>;
  private sentLabels = 0;
  private reports: Reports = emptyReports();
  private readonly witnessed = new Set<string>();
  private errorIndex = -1;
  // The checks' callbacks, made once: a candidate's findings wait in its chunk for its answer.
  private readonly onInvariant = (name: string): void => {
    this.chunk.found.push([this.chunk.n - 1, 'invariant', name]);
    this.expander.violated.add(name);
  };
  private readonly onGoal = (goal: string): void => {
    this.chunk.found.push([this.chunk.n - 1, 'witness', goal]);
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
    this.kept = this.frontier.length;
    return this.kept;
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
    // One queue for every level, as in the sequential search (a queue per level re-learnt
    // its field values each level): this level's states, then the next level's behind them.
    const frontier = this.frontier;
    const levelSize = frontier.length;
    const fromIndices = this.indices;
    this.indices = [];
    this.kept = 0;
    this.chunk = new Chunk(0);
    this.pending = null;
    let parent = -1;
    let current: S | undefined;
    const emit = (next: S, labelId: number) => {
      // A self-loop to the very same object: known (see Search).
      if (next === current) return;
      const f = fpOf(next);
      // Most successors are known already: drop them here rather than send them.
      const chunk = this.chunk;
      if (chunk.holds(f.hi, f.lo) || seen.has(f.hi, f.lo)) return;
      chunk.add(f.hi, f.lo, parent, labelId);
      frontier.push(next);
      this.indices.push(-1);
      try {
        expander.checkNew(next, this.onInvariant, this.onGoal, this.witnessed);
      } catch (e) {
        // The error's trace ends at this state: its index (or, taken by another thread, its parent's).
        this.answerNow();
        this.errorIndex = this.indices[this.indices.length - 1] >= 0 ? this.indices[this.indices.length - 1] : parent;
        throw e;
      }
    };
    const broken = (name: string, labelId: number, next: S) => {
      const f = fpOf(next);
      this.reports.actions.push([name, parent, labelId, f.hi, f.lo]);
      expander.violated.add(name);
    };
    for (let k = 0; k < levelSize; k++) {
      const s = frontier.shift();
      parent = fromIndices[k];
      // Another thread got this one first: it expands it.
      if (parent < 0) continue;
      current = s;
      this.errorIndex = parent;
      const n = expander.expand(s, emit, broken);
      if (n === 0 && checkDeadlock && !expander.violated.has(DEADLOCK) && !inst.isTerminal(s)) {
        this.reports.deadlocks.push(parent);
        expander.violated.add(DEADLOCK);
      }
      if (this.chunk.n >= CHUNK) {
        // Send this chunk, then settle the previous one: its reply came while we worked.
        this.send(this.chunk);
        if (this.pending) this.settle(this.pending);
        this.pending = this.chunk;
        this.chunk = new Chunk(this.indices.length);
      }
      transport.between?.();
      if ((k & 255) === 255) {
        const breath = transport.breathe?.();
        if (breath) await breath;
        if (transport.halted?.()) return;
      }
    }
    this.answerNow();
    transport.post({ kind: 'level', labels: this.newLabels(), reports: this.takeReports(), counts: countsOf(expander), frontier: this.kept });
  }

  private send(c: Chunk): void {
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

  /** Send the chunk being filled and take every answer due: the level's last sending (expandLevel starts the next afresh). */
  private answerNow(): void {
    this.send(this.chunk);
    if (this.pending) this.settle(this.pending);
    this.settle(this.chunk);
  }

  /** Take the reply to `c` (replies come in order): its new states' indices, and their checks' findings. */
  private settle(c: Chunk): void {
    const { indices, table } = this.transport.reply();
    if (table) this.seen!.update(table);
    for (let i = 0; i < c.n; i++) {
      if (indices[i] < 0) continue;
      this.indices[c.first + i] = indices[i];
      this.kept++;
    }
    for (const [i, kind, name] of c.found) {
      if (indices[i] < 0) continue;
      if (kind === 'invariant') this.reports.invariants.push([name, indices[i]]);
      else this.reports.witnesses.push([name, indices[i]]);
    }
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


// A worker thread of the parallel search. It loads the model itself, replays the search's
// sequential prefix (deterministic, so its frontier is the coordinator's, index for index),
// keeps every `count`-th state of that frontier, and then expands one level per request:
// successors are fingerprinted here and sent in chunks; the coordinator answers which are
// new, and those become this worker's next frontier. Invariants of new states, action
// properties and deadlocks are checked here and reported by global state index.

import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import type { Model, Params } from '../../api/model.ts';
import { Expander } from '../expand.ts';
import { Search } from '../explore.ts';
import { Frontier } from '../frontier.ts';
import { Instance, ModelError } from '../instance.ts';
import { countsOf } from '../outcome.ts';
import { TableView, type TableArrays } from '../state-table.ts';
import type { StateFingerprint } from '../trace.ts';
import type { ChunkReply, FromWorker, LabelDef, Reports, ToWorker, WorkerSetup } from './protocol.ts';

// Candidates per chunk sent to the coordinator. Small: candidates are held until the reply,
// and held ones survive into the old generation (8192 made the search 1.8x slower than 512).
const CHUNK = 512;

const setup = workerData as WorkerSetup;
const port = parentPort!;
const wake = new Int32Array(setup.wake);
const post = (m: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

// The fingerprints in the chunk being filled, to send each successor once. A stamp per slot
// empties the set in O(1); past SET_SIZE / 2 entries, duplicates are left to the coordinator.
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

class Worker<S> {
  private frontier = new Frontier<S>();
  private indices: number[] = [];
  private readonly expander: Expander<S>;
  private sentLabels = 0;
  private reports: Reports = emptyReports();
  private readonly witnessed = new Set<string>();
  private errorIndex = -1;
  private seen: TableView | null = null;

  constructor(
    private readonly inst: Instance<S>,
    private readonly fpOf: StateFingerprint<S>,
  ) {
    this.expander = new Expander(inst, setup.opts);
  }

  /** Keep every count-th state of the prefix's frontier, from position `id`. */
  adopt(search: Search<S>): number {
    const size = search.table.size - search.head;
    for (let p = 0; p < size; p++) {
      const s = search.queue.shift();
      if (p % setup.count === setup.id) {
        this.frontier.push(s);
        this.indices.push(search.head + p);
      }
    }
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

  expandLevel(table: TableArrays): void {
    if (this.seen) this.seen.update(table);
    else this.seen = new TableView(table);
    const seen = this.seen;
    const { inst, expander, fpOf } = this;
    const checkDeadlock = setup.opts.checkDeadlock ?? true;
    const from = this.frontier;
    const fromIndices = this.indices;
    this.frontier = new Frontier<S>();
    this.indices = [];
    let chunk = new Chunk<S>();
    let pending: Chunk<S> | null = null;
    let parent = -1;
    const emit = (next: S, labelId: number) => {
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
      parent = fromIndices[k];
      this.errorIndex = parent;
      const n = expander.expand(s, emit, broken);
      if (n === 0 && checkDeadlock && !expander.violated.has('Deadlock') && !inst.isTerminal(s)) {
        this.reports.deadlocks.push(parent);
        expander.violated.add('Deadlock');
      }
      if (chunk.n >= CHUNK) {
        // Send this chunk, then settle the previous one: its reply came while we worked.
        this.send(chunk);
        if (pending) this.settle(pending);
        pending = chunk;
        chunk = new Chunk<S>();
      }
    }
    this.send(chunk);
    if (pending) this.settle(pending);
    this.settle(chunk);
    post({ kind: 'level', labels: this.newLabels(), reports: this.takeReports(), counts: countsOf(expander), frontier: this.frontier.length });
  }

  private send(c: Chunk<S>): void {
    stamp++;
    inSet = 0;
    const { generated, expanded } = this.expander;
    post({ kind: 'chunk', labels: this.newLabels(), n: c.n, hi: c.hi, lo: c.lo, parent: c.parent, label: c.label, reports: this.takeReports(), generated, expanded }, [
      c.hi.buffer as ArrayBuffer,
      c.lo.buffer as ArrayBuffer,
      c.parent.buffer as ArrayBuffer,
      c.label.buffer as ArrayBuffer,
    ]);
  }

  /** Wait for the reply to `c` (replies come in order), then keep and check its new states. */
  private settle(c: Chunk<S>): void {
    let reply: { message: ChunkReply } | undefined;
    for (;;) {
      // The coordinator posts, then bumps the counter: a reply posted after this receive
      // attempt has changed the counter, and the wait returns at once.
      const seen = Atomics.load(wake, setup.id);
      reply = receiveMessageOnPort(setup.replies) as { message: ChunkReply } | undefined;
      if (reply) break;
      Atomics.wait(wake, setup.id, seen);
    }
    const { indices, table } = reply.message;
    if (table) this.seen!.update(table);
    const witnessed = this.witnessed;
    for (let i = 0; i < c.n; i++) {
      const index = indices[i];
      if (index < 0) continue;
      const s = c.states[i];
      this.errorIndex = index;
      this.frontier.push(s);
      this.indices.push(index);
      this.expander.checkNew(
        s,
        (name) => {
          this.reports.invariants.push([name, index]);
          this.expander.violated.add(name);
        },
        (goal) => {
          this.reports.witnesses.push([goal, index]);
          witnessed.add(goal);
        },
        witnessed,
      );
    }
    c.states = [];
  }

  /** Report a model error (with the index of the state it concerned) instead of crashing. */
  fail(e: ModelError): void {
    const cause = e.cause instanceof Error ? e.cause.message : String(e.cause);
    post({ kind: 'error', labels: this.newLabels(), part: e.part, what: e.what, cause, index: this.errorIndex });
  }
}

function grown<T extends Uint32Array | Int32Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

function emptyReports(): Reports {
  return { invariants: [], witnesses: [], deadlocks: [], actions: [] };
}

async function main(): Promise<void> {
  let m: unknown = await import(setup.source.url);
  for (const k of setup.source.exportPath) m = (m as { [k: string]: unknown })[k];
  const inst = new Instance(m as Model<unknown>, setup.constants);
  // The same sequential prefix as the coordinator's: same states, same indices.
  const search = new Search(inst, setup.opts);
  await search.run((frontier) => frontier >= setup.prefixFrontier);
  const worker = new Worker(inst, search.fpOf);
  const frontier = worker.adopt(search);
  post({ kind: 'ready', labels: worker.newLabels(), frontier });
  port.on('message', (msg: ToWorker) => {
    if (msg.kind !== 'expand') return;
    try {
      worker.expandLevel(msg.table);
    } catch (e) {
      if (e instanceof ModelError) worker.fail(e);
      else post({ kind: 'crash', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    }
  });
}

main().catch((e) => post({ kind: 'crash', message: e instanceof Error ? (e.stack ?? e.message) : String(e) }));

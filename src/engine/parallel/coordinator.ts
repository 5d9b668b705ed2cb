// The parallel search (`--workers N`): level-synchronous breadth-first search on N threads,
// this one and N - 1 worker threads. This thread also owns the seen set and the bookkeeping.
//
// 1. This thread runs the search sequentially until a level holds 1024 (`handoverStates`)
//    × N states, then pauses. Each worker runs the same prefix itself (the search is
//    deterministic, so it finds the same states under the same indices); thread k keeps every
//    N-th state of that level from position k. States never cross threads, so the model's
//    values need no serialising and keep their identity semantics.
// 2. Per level, each thread expands its states (level.ts) and sends the fingerprints of
//    successors not yet in the shared seen set in chunks; this thread inserts them (first
//    come, first kept) and answers with the new states' indices, which become that thread's
//    next level. It serves the workers' chunks between its own (the ports are polled, not
//    event-driven) and while waiting for them. A state's parent is always in the previous
//    level, so every trace is a shortest one, as sequentially.
// 3. Threads check invariants of the states they keep, action properties and deadlocks, and
//    report them by index; traces are replayed here from the table at the end.
//
// A complete search finds exactly the sequential counts. A search that stops on a violation
// finishes the level first, so its counts can exceed the sequential ones (as TLC's do with
// several workers); its counterexamples have the same, shortest, length.

import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { ModelPart } from '../instance.ts';
import { ModelError, type Instance } from '../instance.ts';
import { stopReason } from '../search/pace.ts';
import { Search, type ExploreOptions, type PausableSearch } from '../search/breadth-first.ts';
import { addCounts, type ExpansionCounts } from '../search/outcome.ts';
import type { SearchResult } from '../search/result.ts';
import { LevelExpander } from './level.ts';
import type { ChunkReply, FromWorker, LabelDef, Reports, ToWorker, WorkerSetup } from './protocol.ts';


const NO_COUNTS: ExpansionCounts = { generated: 0, coverageGen: [], expanded: 0 };

export async function exploreInParallel<S>(inst: Instance<S>, opts: ExploreOptions<S>): Promise<SearchResult<S>> {
  const n = opts.workers ?? 1;
  const source = inst.source;
  const search: PausableSearch<S> = new Search(inst, opts, source !== undefined);
  if (!source) {
    // An inline model (defined in a test, say) cannot be imported by a worker.
    await search.run();
    const r = search.finish();
    return { ...r, warnings: [...(r.warnings ?? []), `--workers ${n} ignored: the model was not loaded from a module, so worker threads cannot load it; the search ran on one thread.`] };
  }
  const prefixFrontier = (opts.handoverStates ?? 1024) * n;

  const { table, outcome } = search;
  // Expander 0 is this thread's own; 1 .. n-1 are worker threads.
  const wake = new Int32Array(new SharedArrayBuffer(4 * n));
  const labelMaps: number[][] = Array.from({ length: n }, () => []);
  const counts: ExpansionCounts[] = Array.from({ length: n }, () => NO_COUNTS);
  const frontiers: number[] = new Array<number>(n).fill(0);
  const threads: Worker[] = [];
  const fromPorts: MessagePort[] = [];
  const replyPorts: MessagePort[] = [];
  // The table layout each worker's arrays are from (see StateTable.layout).
  const layouts: number[] = new Array<number>(n).fill(-1);
  const localReplies: ChunkReply[] = [];
  const maxStates = opts.maxStates ?? Infinity;
  const maxDepth = opts.maxDepth ?? Infinity;
  const progressEvery = opts.progressEveryMs ?? 60_000;
  let fromLevel = 0;
  let lastProgress = Date.now();
  let lastYield = Date.now();
  let crash: Error | null = null;
  let halted = false;
  // Answers still due in the current round (from every expander).
  let waiting = 0;

  const total = () => counts.reduce((a, c, w) => addCounts(a, translated(c, labelMaps[w])), NO_COUNTS);
  const halt = (status?: 'limit' | 'interrupted' | 'error', limit?: string) => {
    if (status && !halted) search.stop(status, limit);
    halted = true;
  };
  const learnLabels = (w: number, defs: LabelDef[]) => {
    for (const [actionIndex, action, params] of defs) labelMaps[w].push(inst.labels.intern(actionIndex, action, params));
  };
  const learnReports = (w: number, r: Reports) => {
    const map = labelMaps[w];
    for (const [name, index] of r.invariants) outcome.invariant(name, index);
    for (const [goal, index] of r.witnesses) outcome.witness(goal, index);
    for (const index of r.deadlocks) outcome.deadlock(index);
    for (const [name, index, label, hi, lo] of r.actions) outcome.action(name, index, { labelId: map[label], nextFp: { hi, lo } });
  };
  const answer = (w: number, reply: ChunkReply) => {
    if (w === 0) return void localReplies.push(reply);
    replyPorts[w].postMessage(reply, [reply.indices.buffer as ArrayBuffer]);
    Atomics.add(wake, w, 1);
    Atomics.notify(wake, w);
  };

  const onMessage = (w: number, m: FromWorker) => {
    if (m.kind === 'crash') {
      crash = new Error(`parallel search: worker ${w} failed: ${m.message}`);
      return halt();
    }
    learnLabels(w, m.labels);
    switch (m.kind) {
      case 'ready':
        frontiers[w] = m.frontier;
        break;
      case 'chunk': {
        const map = labelMaps[w];
        const indices = new Int32Array(m.n);
        for (let i = 0; i < m.n; i++) {
          const label = map[m.label[i]];
          const r = table.insert(m.hi[i], m.lo[i], m.parent[i], label);
          if (r >= 0) outcome.newState(label);
          indices[i] = r >= 0 ? r : -1;
        }
        // Grown since this expander's copy: send the new arrays (they are shared, not copied).
        if (layouts[w] === table.layout) answer(w, { indices });
        else {
          layouts[w] = table.layout;
          answer(w, { indices, table: table.view() });
        }
        learnReports(w, m.reports);
        counts[w] = { ...counts[w], generated: m.generated, expanded: m.expanded };
        if (table.size > maxStates) halt('limit', `--max-states ${maxStates}`);
        return;
      }
      case 'level':
        learnReports(w, m.reports);
        counts[w] = m.counts;
        frontiers[w] = m.frontier;
        break;
      case 'error':
        outcome.fail(ModelError.copy(m.part as ModelPart, m.what, m.message, m.fault), m.index);
        halt('error');
        break;
    }
    waiting--;
  };

  /** Handle every message the worker threads have posted. */
  const drain = () => {
    for (let w = 1; w < n; w++) {
      for (let r = receiveMessageOnPort(fromPorts[w]); r !== undefined; r = receiveMessageOnPort(fromPorts[w])) onMessage(w, r.message as FromWorker);
    }
  };

  /** Progress lines, Ctrl-C and the memory budget; lets the event loop run every ~100 ms. */
  const breathe = (): Promise<void> | null => {
    const now = Date.now();
    if (opts.onProgress && now - lastProgress >= progressEvery) {
      lastProgress = now;
      opts.onProgress(search.progress({ counts: total() }));
    }
    if (now - lastYield < 100) return null;
    return new Promise<void>((resolve) =>
      setImmediate(() => {
        lastYield = Date.now();
        const why = stopReason(opts);
        if (why) halt(why.status as 'limit' | 'interrupted', why.limit);
        resolve();
      }),
    );
  };

  /** Serve the worker threads until every answer of the round is in (or the search halts). */
  const serve = async () => {
    while (waiting > 0 && !halted && !crash) {
      const seen = Atomics.load(wake, 0);
      drain();
      if (waiting === 0 || halted) break;
      Atomics.wait(wake, 0, seen, 20);
      const breath = breathe();
      if (breath) await breath;
    }
  };

  // Serving a worker's chunk as soon as it is posted keeps the worker from blocking on its
  // answer (waiting for the coordinator's next chunk, workers idled ~20% of a level).
  let posted = 0;
  const local = new LevelExpander(inst, search.fpOf, opts, 0, n, {
    post: (m) => onMessage(0, m),
    reply: () => localReplies.shift()!,
    between: () => {
      const now = Atomics.load(wake, 0);
      if (now === posted) return;
      posted = now;
      drain();
    },
    halted: () => halted || crash !== null,
    breathe,
  });

  try {
    for (let w = 1; w < n; w++) {
      const toMain = new MessageChannel();
      const replies = new MessageChannel();
      const setup: WorkerSetup = {
        source,
        constants: inst.constants,
        opts: {
          invariants: opts.invariants,
          actionProperties: opts.actionProperties,
          reachable: opts.reachable,
          constraints: opts.constraints,
          actionConstraints: opts.actionConstraints,
          implied: opts.implied,
          checkDeadlock: opts.checkDeadlock,
          paranoid: opts.paranoid,
          symmetry: opts.symmetry,
          continueAfterViolation: opts.continueAfterViolation,
          maxStates: opts.maxStates,
        },
        id: w,
        count: n,
        prefixFrontier,
        wake: wake.buffer as SharedArrayBuffer,
        toMain: toMain.port2,
        replies: replies.port2,
      };
      fromPorts[w] = toMain.port1;
      replyPorts[w] = replies.port1;
      const wk = new Worker(new URL('./worker-entry.mjs', import.meta.url), { workerData: setup, transferList: [toMain.port2, replies.port2] });
      wk.on('error', (e) => {
        crash ??= e;
        halt();
      });
      threads.push(wk);
    }
    // The workers start (and run the prefix) while this thread runs it.
    if (!(await search.run((frontier) => frontier >= prefixFrontier))) return search.finish();
    let prefixLevel = 0;
    frontiers[0] = local.adopt((take) => (prefixLevel = search.handOver(take)));
    fromLevel = search.depth + 1;
    waiting = n - 1;
    await serve();
    if (!halted && !crash && frontiers.reduce((a, b) => a + b, 0) !== prefixLevel) {
      throw new Error('parallel search: the workers found a different frontier than this thread (the model is not deterministic)');
    }
    while (!halted && !crash) {
      // As sequentially: stop once nothing shorter can turn up, or when no state is left.
      if (outcome.stopBefore(search.depth + 1) || frontiers.every((f) => f === 0)) break;
      if (search.nextLevel() >= maxDepth) {
        // States at the depth bound are not expanded (they count as explored).
        return { ...search.finish({ counts: total(), atDepthBound: true }), parallel: { workers: n, fromLevel } };
      }
      const arrays = table.view();
      layouts.fill(table.layout);
      waiting = n;
      for (const wk of threads) wk.postMessage({ kind: 'expand', table: arrays } satisfies ToWorker);
      try {
        await local.expandLevel(arrays);
      } catch (e) {
        if (!(e instanceof ModelError)) throw e;
        local.fail(e);
      }
      await serve();
    }
    if (crash) throw crash;
    return { ...search.finish({ counts: total() }), parallel: { workers: n, fromLevel } };
  } finally {
    await Promise.all(threads.map((wk) => wk.terminate()));
  }
}

/** A worker's counts with its label ids translated to this thread's. */
function translated(c: ExpansionCounts, map: readonly number[]): ExpansionCounts {
  const coverageGen: number[] = [];
  c.coverageGen.forEach((k, local) => {
    if (k) coverageGen[map[local]] = (coverageGen[map[local]] ?? 0) + k;
  });
  return { ...c, coverageGen };
}

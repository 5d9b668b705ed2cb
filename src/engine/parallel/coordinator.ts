// The parallel search (`--workers N`): level-synchronous breadth-first search on worker
// threads. This thread owns the seen set and the bookkeeping; workers expand states.
//
// 1. This thread runs the search sequentially until a level holds 1024 (`handoverStates`)
//    × N states, then pauses. Each worker runs the same prefix itself (the search is
//    deterministic, so it finds the same states under the same indices) and keeps every
//    N-th state of that level. States never cross threads, so the model's values need no
//    serialising and keep their identity semantics.
// 2. Per level, each worker expands its states and sends their successors' fingerprints in
//    chunks; this thread inserts them into the table (first come, first kept) and answers
//    with the new states' indices, which become that worker's next level. A state's parent
//    is always in the previous level, so every trace is a shortest one, as sequentially.
// 3. Workers check invariants of the states they keep, action properties and deadlocks, and
//    report them by index; traces are replayed here from the table at the end.
//
// A complete search finds exactly the sequential counts. A search that stops on a violation
// finishes the level first, so its counts can exceed the sequential ones (as TLC's do with
// several workers); its counterexamples have the same, shortest, length.

import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import type { ModelPart } from '../instance.ts';
import { ModelError, type Instance } from '../instance.ts';
import { Search, stopReason, type ExploreOptions } from '../explore.ts';
import { addCounts, type ExpansionCounts } from '../outcome.ts';
import type { TableArrays } from '../state-table.ts';
import type { CheckResult } from '../result.ts';
import type { FromWorker, LabelDef, Reports, ToWorker, WorkerSetup } from './protocol.ts';


const NO_COUNTS: ExpansionCounts = { generated: 0, coverageGen: [], expanded: 0, outMin: Infinity, outMax: 0, outSum: 0 };

export async function exploreInParallel<S>(inst: Instance<S>, opts: ExploreOptions<S>): Promise<CheckResult<S>> {
  const n = opts.workers ?? 1;
  const source = inst.source;
  const search = new Search(inst, opts, source !== undefined);
  if (!source) {
    // An inline model (defined in a test, say) cannot be imported by a worker.
    await search.run();
    const r = search.finish();
    return { ...r, warnings: [...(r.warnings ?? []), `--workers ${n} ignored: the model was not loaded from a module, so worker threads cannot load it; the search ran on one thread.`] };
  }
  const prefixFrontier = (opts.handoverStates ?? 1024) * n;

  const { table, outcome } = search;
  const wake = new Int32Array(new SharedArrayBuffer(4 * n));
  const labelMaps: number[][] = [];
  const counts: ExpansionCounts[] = [];
  const frontiers: number[] = [];
  const workers: Worker[] = [];
  const replyPorts: MessagePort[] = [];
  // The table arrays each worker was last sent.
  const views: (TableArrays | undefined)[] = [];
  const maxStates = opts.maxStates ?? Infinity;
  const maxDepth = opts.maxDepth ?? Infinity;
  const progressEvery = opts.progressEveryMs ?? 60_000;
  // States the sequential prefix expanded (known once it pauses).
  let prefixExpanded = 0;
  let fromLevel = 0;
  let lastProgress = Date.now();
  let lastPoll = Date.now();
  let crash: Error | null = null;
  let halted = false;
  // Resolves when every worker has answered the current request (or the search halts).
  let waiting = 0;
  let wakeUp: () => void = () => {};

  const total = () => counts.reduce((a, c, w) => addCounts(a, translated(c, labelMaps[w])), NO_COUNTS);
  const consumed = () => prefixExpanded + counts.reduce((a, c) => a + c.expanded, 0);
  const halt = (status?: 'limit' | 'interrupted' | 'error', limit?: string) => {
    if (status) search.stop(status, limit);
    halted = true;
    wakeUp();
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

  const onMessage = (w: number, m: FromWorker) => {
    if (halted) return;
    if (m.kind === 'crash') {
      crash = new Error(`parallel search: worker ${w + 1} failed: ${m.message}`);
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
        // Grown since this worker's copy: send the new arrays (they are shared, not copied).
        const grew = table.view();
        const known = views[w];
        const changed = known === undefined || known.slots !== grew.slots || known.fpLo.length !== grew.fpLo.length || known.fpLo[0] !== grew.fpLo[0];
        if (changed) views[w] = grew;
        replyPorts[w].postMessage(changed ? { indices, table: grew } : { indices }, [indices.buffer]);
        Atomics.add(wake, w, 1);
        Atomics.notify(wake, w);
        learnReports(w, m.reports);
        counts[w] = { ...counts[w], generated: m.generated, expanded: m.expanded };
        if (table.size > maxStates) return halt('limit', `--max-states ${maxStates}`);
        poll();
        return;
      }
      case 'level':
        learnReports(w, m.reports);
        counts[w] = m.counts;
        frontiers[w] = m.frontier;
        break;
      case 'error':
        outcome.fail(new ModelError(m.part as ModelPart, m.what, new Error(m.cause)), m.index);
        return halt('error');
    }
    if (--waiting === 0) wakeUp();
  };

  const poll = () => {
    const now = Date.now();
    if (opts.onProgress && now - lastProgress >= progressEvery) {
      lastProgress = now;
      const c = total();
      opts.onProgress({ depth: search.depth, generated: search.initialGenerated + search.expander.generated + c.generated, distinct: table.size, queue: table.size - consumed(), elapsedMs: now - search.start });
    }
    if (now - lastPoll >= 100) {
      lastPoll = now;
      const why = stopReason(opts);
      if (why) halt(why.status as 'limit' | 'interrupted', why.limit);
    }
  };
  // Ctrl-C and the memory budget are noticed between chunks, and also while none arrive.
  const ticker = setInterval(poll, 100);

  /** Send `msg` to every worker (none if undefined) and wait for all their answers. */
  const round = (msg?: ToWorker) =>
    new Promise<void>((resolve) => {
      waiting = n;
      wakeUp = resolve;
      if (msg) for (const wk of workers) wk.postMessage(msg);
    });

  try {
    const ready = round();
    for (let w = 0; w < n; w++) {
      const { port1, port2 } = new MessageChannel();
      const setup: WorkerSetup = {
        source,
        constants: inst.constants,
        opts: {
          invariants: opts.invariants,
          actionProperties: opts.actionProperties,
          reachable: opts.reachable,
          constraints: opts.constraints,
          actionConstraints: opts.actionConstraints,
          checkDeadlock: opts.checkDeadlock,
          symmetry: opts.symmetry,
          continueAfterViolation: opts.continueAfterViolation,
          maxStates: opts.maxStates,
        },
        id: w,
        count: n,
        prefixFrontier,
        wake: wake.buffer as SharedArrayBuffer,
        replies: port2,
      };
      labelMaps.push([]);
      views.push(undefined);
      counts.push(NO_COUNTS);
      frontiers.push(0);
      replyPorts.push(port1);
      const wk = new Worker(new URL('./worker-entry.mjs', import.meta.url), { workerData: setup, transferList: [port2] });
      wk.on('message', (m: FromWorker) => onMessage(w, m));
      wk.on('error', (e) => {
        crash ??= e;
        halt();
      });
      workers.push(wk);
    }
    // The workers start (and run the prefix) while this thread runs it.
    if (!(await search.run((frontier) => frontier >= prefixFrontier))) return search.finish();
    prefixExpanded = search.head;
    fromLevel = search.depth + 1;
    await ready;
    const prefixLevel = table.size - search.head;
    if (!halted && frontiers.reduce((a, b) => a + b, 0) !== prefixLevel) {
      throw new Error('parallel search: the workers found a different frontier than this thread (the model is not deterministic)');
    }
    while (!halted && !crash) {
      // As sequentially: stop once nothing shorter can turn up, or when no state is left.
      if (outcome.stopBefore(search.depth + 1) || frontiers.every((f) => f === 0)) break;
      search.depth++;
      if (search.depth >= maxDepth) {
        // States at the depth bound are not expanded (they count as explored).
        search.complete = false;
        search.head = table.size;
        return { ...search.finish(total()), parallel: { workers: n, fromLevel } };
      }
      const arrays = table.view();
      views.fill(arrays);
      await round({ kind: 'expand', table: arrays });
    }
    if (crash) throw crash;
    search.head = search.status === 'error' ? table.size : consumed();
    if (search.head < table.size) search.complete = false;
    return { ...search.finish(total()), parallel: { workers: n, fromLevel } };
  } finally {
    clearInterval(ticker);
    await Promise.all(workers.map((wk) => wk.terminate()));
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

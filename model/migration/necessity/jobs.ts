// The checks of the necessity analysis (and of a sweep over scopes) run here: in this thread
// with `jobs` 1, else on a pool of `jobs` worker threads, each taking the next check in order
// as it finishes one. Checks are independent, so the results are the same whichever thread ran
// them; they come back in task order. States cross threads as plain objects (Immutable records
// do not survive structured cloning) and are rebuilt here as the model's records.
//
// A stop request terminates every worker at once: the checks under way count as not done, as a
// check interrupted in this thread does. A worker that cannot start, or dies without an answer,
// is an error (exit 153), never a silently smaller analysis.

import { Worker } from 'node:worker_threads';
import { List } from 'immutable';
import type { Trace } from 'migcheck';
import { EXIT, UserError, type ExitCode } from '../../../src/errors.ts';
import { Mig, Page } from '../state.ts';
import { checkDesign, DESIGNS, type Assumptions, type CaseCount, type Counterexample, type Design, type DesignResult, type PropertyCases, type Scale } from './design-check.ts';

/** One model-checking run: a design under an assumption set, at a scale. */
export interface CheckTask {
  readonly scale: Scale;
  readonly assumptions: Assumptions;
  readonly design: Design;
  /** Run the case census too (the model with its history variable). */
  readonly census?: boolean;
}

export interface RunOptions {
  /** How many checks run at a time (1: in this thread). */
  readonly jobs?: number;
  readonly signal?: AbortSignal;
  /** Called as the check at `index` in `tasks` starts. */
  readonly onStart?: (index: number) => void;
  /** Called as the check at `index` finishes. */
  readonly onDone?: (index: number, result: DesignResult) => void;
  /** The worker thread's module (tests give a missing one). */
  readonly entry?: URL;
}

/** The worker's module: beside this file in the sources (a tsx shim), and in dist/ once bundled. */
export const JOB_ENTRY = new URL('./necessity-job.mjs', import.meta.url);

/** What a worker is asked (one check at a time): the task, by the design's index in DESIGNS. */
export interface JobRequest {
  readonly design: number;
  readonly assumptions: Assumptions;
  readonly scale: Scale;
  readonly census?: boolean;
}

/** What a worker answers: the check's result with plain states, null when interrupted, or the error it threw. */
export interface JobReply {
  readonly result?: DesignResult | null;
  readonly error?: { readonly message: string; readonly exitCode?: ExitCode };
}

/** A DesignResult as it crosses threads: every trace state as a plain object. */
export const toWire = (r: DesignResult): DesignResult => mapStates(r, (s) => s.toJS() as unknown as Mig);

/** A DesignResult from its wire form (a worker's answer, a shard's partial result): Immutable records again. */
export const fromWire = (r: DesignResult): DesignResult =>
  mapStates(r, (o) => {
    const plain = o as unknown as { pages: object[]; mceCases: string[] };
    return Mig({ ...(plain as object), pages: List(plain.pages.map((p) => Page(p))), mceCases: List(plain.mceCases) });
  });

function mapStates(r: DesignResult, f: (s: Mig) => Mig): DesignResult {
  const cx = (c: Counterexample): Counterexample => ({ ...c, trace: { ...c.trace, states: c.trace.states.map((t) => ({ ...t, state: f(t.state) })) } as Trace<Mig> });
  const count = (k: CaseCount): CaseCount => ({ ...k, shortest: cx(k.shortest) });
  const cases = (p: PropertyCases): PropertyCases => ({ ...p, cases: Object.fromEntries(Object.entries(p.cases).map(([n, k]) => [n, count(k)])), unclassified: p.unclassified && count(p.unclassified) });
  return {
    ...r,
    verdicts: Object.fromEntries(Object.entries(r.verdicts).map(([p, c]) => [p, c && cx(c)])),
    ...(r.census && { census: Object.fromEntries(Object.entries(r.census).map(([p, c]) => [p, cases(c)])) }),
  };
}

/** Run `tasks`; each result at its task's index, null for a check a stop request left undone. */
export async function runChecks(tasks: readonly CheckTask[], opts: RunOptions = {}): Promise<(DesignResult | null)[]> {
  const jobs = Math.min(opts.jobs ?? 1, tasks.length);
  const results: (DesignResult | null)[] = new Array<DesignResult | null>(tasks.length).fill(null);
  const { signal, onStart, onDone } = opts;
  if (jobs <= 1) {
    for (const [k, t] of tasks.entries()) {
      onStart?.(k);
      const r = signal?.aborted ? null : await checkDesign(t.design, t.assumptions, t.scale, signal, t.census);
      if (!r) break;
      results[k] = r;
      onDone?.(k, r);
    }
    return results;
  }
  const workers: Worker[] = [];
  const stop = () => workers.forEach((w) => void w.terminate());
  signal?.addEventListener('abort', stop, { once: true });
  let next = 0;
  let failed = false;
  // One lane per worker: it takes the next task until none is left, a stop request or a failure.
  const lane = async (worker: Worker) => {
    while (next < tasks.length && !signal?.aborted && !failed) {
      const k = next++;
      const t = tasks[k];
      onStart?.(k);
      const r = await ask(worker, { design: DESIGNS.indexOf(t.design), assumptions: t.assumptions, scale: t.scale, census: t.census }, signal);
      if (!r) return;
      results[k] = r;
      onDone?.(k, r);
    }
  };
  try {
    for (let w = 0; w < jobs; w++) workers.push(startWorker(opts.entry ?? JOB_ENTRY));
    await Promise.all(workers.map((w) => lane(w).catch((e: unknown) => ((failed = true), Promise.reject(e)))));
  } catch (e) {
    // An error a check threw is the analysis's own, as in this thread; a thread's is the pool's.
    throw e instanceof WorkerFailure ? new UserError(`Cannot run the necessity checks as ${jobs} jobs: a worker thread failed (${e.message}). With --jobs 1 they run in this thread.`, EXIT.system) : e;
  } finally {
    signal?.removeEventListener('abort', stop);
    stop();
  }
  return results;
}

/** A worker thread that could not start or died without an answer. */
class WorkerFailure extends Error {}

function startWorker(entry: URL): Worker {
  try {
    return new Worker(entry);
  } catch (e) {
    throw new WorkerFailure((e as Error).message);
  }
}

/** Send one task to `worker`; its result, or null once a stop request terminated the worker. */
function ask(worker: Worker, request: JobRequest, signal: AbortSignal | undefined): Promise<DesignResult | null> {
  return new Promise((resolve, reject) => {
    const done = () => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    const onMessage = (reply: JobReply) => {
      done();
      const { error } = reply;
      if (error) reject(error.exitCode === undefined ? new Error(error.message) : new UserError(error.message, error.exitCode));
      else resolve(reply.result ? fromWire(reply.result) : null);
    };
    const onError = (e: Error) => {
      done();
      reject(new WorkerFailure(e.message));
    };
    const onExit = (code: number) => {
      done();
      if (signal?.aborted) resolve(null);
      else reject(new WorkerFailure(`it exited (code ${code}) in the middle of a check`));
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.postMessage(request);
  });
}

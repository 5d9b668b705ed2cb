// `migcheck check <model>`: exhaustive breadth-first checking through the check pipeline,
// reported in TLC's words (or as JSON), with ITF traces and a DOT graph on request.

import type { Command } from 'commander';
import { availableParallelism } from 'node:os';
import { checkInstance, type CheckReport } from '../../api/check.ts';
import type { Instance } from '../../engine/instance.ts';
import { checkSymmetry } from '../../engine/state/symmetry.ts';
import type { Model } from '../../api/model.ts';
import { configError, EXIT, stopExitCode, stopText } from '../../errors.ts';
import { formatValue } from '../../report/format-value.ts';
import type { Trace } from '../../engine/search/trace.ts';
import { stateGraphDot } from '../../report/dot.ts';
import type { StateGraph } from '../../engine/search/state-graph.ts';
import { checkHtml } from '../../report/html.ts';
import { itfValue } from '../../report/itf.ts';
import { reportJson } from '../../report/json.ts';
import type { Progress } from '../../engine/search/result.ts';
import { formatBanner, formatInitialDone, formatReport, formatStart } from '../../report/text.ts';
import { checkReportPaths, writeReport } from '../../report/write-file.ts';
import { VERSION } from '../../version.ts';
import { addCommonOptions, inputsOf, positiveInt, prepare, progressReporter, writeItfTraces, type CommonFlags } from '../common.ts';
import { stopRequest, type StopRequest } from '../stop.ts';
import { say, warn } from '../terminal.ts';

interface CheckFlags extends CommonFlags {
  readonly property: string[];
  readonly continue?: boolean;
  readonly maxStates?: number;
  readonly memory?: number;
  readonly maxDepth?: number;
  readonly dumpDot?: string;
  readonly itfWitnesses?: string;
  readonly html?: string;
  readonly coverage?: boolean;
  /** --symmetry: apply the model's declared symmetry. */
  readonly symmetry?: boolean;
  readonly checkSymmetry?: boolean;
  readonly workers?: number;
  readonly paranoid?: boolean;
}

export function register(program: Command): void {
  addCommonOptions(program.command('check').description('explore every reachable state and check the model\'s properties'))
    .option('--property <name...>', 'check these temporal properties, action properties or reachability checks (one or more names, repeatable)', [])
    .option('--continue', 'keep going after a violation and report every violated property')
    .option('--max-states <n>', 'stop (exit 152) once more than n distinct states are found', positiveInt('--max-states'))
    .option('--memory <mib>', 'stop (exit 152) when the process holds more than this many MiB of resident memory', positiveInt('--memory'))
    .option('--max-depth <n>', 'do not expand states at depth n (initial states are depth 1)', positiveInt('--max-depth'))
    .option('--itf-witnesses <file>', 'write the witness of each reachability check reached (its shortest trace) as an ITF trace (.itf.json)')
    .option('--dump-dot <file>', 'write the state graph the search explored in Graphviz DOT (all of it after a violation with --continue)')
    .option('--html <file>', 'write the outcome and every counterexample as a timeline to one self-contained HTML page')
    .option('--coverage', 'print distinct:generated counts per action label')
    .option('--symmetry', "apply the model's declared symmetry: one state per orbit (also by a cfg SYMMETRY)")
    .option('--workers <n>', 'expand states on n threads (n - 1 worker threads and this one), level by level: the same counts and shortest traces (a run with temporal properties stays on one thread)', positiveInt('--workers'))
    .option('--paranoid', 'expand every state three times and compare, to catch actions that are not functions of their state (by default a sample of states is checked)')
    .option('--check-symmetry', 'instead of checking, test the model\'s symmetry on every reachable state of this (small) instance; a counterexample exits 151')
    .action(async (modelArg: string, flags: CheckFlags) => {
      process.exitCode = await runCheck(modelArg, flags);
    });
}

async function runCheck(modelArg: string, flags: CheckFlags): Promise<number> {
  const cores = availableParallelism();
  // More threads than cores only adds memory and contention (--workers 1000: 46 s and 4 GiB on 16 states).
  if (flags.workers !== undefined && flags.workers > cores) throw configError(`--workers ${flags.workers}: this machine runs ${cores} threads at once (os.availableParallelism()); use at most --workers ${cores}.`);
  checkReportPaths([['--out-itf', flags.outItf], ['--itf-witnesses', flags.itfWitnesses], ['--html', flags.html], ['--dump-dot', flags.dumpDot]], inputsOf(modelArg, flags));
  const stop = stopRequest();
  const { model, inst, selection: sel } = await prepare(modelArg, flags);
  if (flags.symmetry && !inst.spec.symmetry) throw configError(`--symmetry: model ${model.name} declares no symmetry (a \`symmetry: { size, permute }\` in its spec), so there is none to apply.`);
  if (flags.checkSymmetry) return runSymmetryCheck(model, inst, sel.invariants, flags, stop);
  const text = !flags.json;
  const chatty = text && !flags.quiet;
  if (chatty) {
    const checking = [
      sel.invariants.length ? `invariants: ${sel.invariants.join(', ')}` : '',
      sel.actionProperties.length ? `action properties: ${sel.actionProperties.join(', ')}` : '',
      sel.reachable.length ? `reachability: ${sel.reachable.join(', ')}` : '',
      sel.properties.length ? `temporal properties: ${sel.properties.join(', ')}` : '',
      sel.checkDeadlock ? 'for deadlock' : '',
    ].filter(Boolean);
    say(formatBanner(model.name, VERSION, inst.constants, checking.length ? checking : ['only that the state space can be explored']) + formatStart() + '\n');
  }

  const progress = progressReporter(flags.quiet);
  // TLC's "Finished computing initial states" goes with the banner, on stdout.
  const onProgress = (p: Progress) => (p.phase === 'initial' ? chatty && say(formatInitialDone(p.distinct) + '\n') : progress.onProgress?.(p));
  let result: CheckReport<unknown>;
  let graph: StateGraph | undefined;
  try {
    result = await checkInstance(inst, sel, {
      continueAfterViolation: flags.continue,
      maxStates: flags.maxStates,
      maxMemoryMb: flags.memory,
      maxDepth: flags.maxDepth,
      onProgress,
      progressEveryMs: progress.everyMs,
      signal: stop.signal,
      symmetry: flags.symmetry,
      workers: flags.workers,
      paranoid: flags.paranoid,
      onGraph: flags.dumpDot ? (g) => (graph = g) : undefined,
    });
  } finally {
    progress.done();
  }

  // A signal that came after the search still decides the exit code.
  const exitCode = stop.exitCode(result.exitCode);
  say(text ? formatReport(result, { coverage: flags.coverage, diff: flags.difftrace, stoppedBy: stopText(stop.signal) }) : reportJson({ ...result, exitCode }) + '\n');

  const itfMeta = { source: model.name, constants: inst.constants };
  if (flags.outItf) {
    const traces: [string, Trace<unknown>][] = result.violations.flatMap((v) => (v.trace ? [[v.property, v.trace] as [string, Trace<unknown>]] : []));
    if (result.error?.trace) traces.push([result.error.name, result.error.trace]);
    await writeItfTraces('--out-itf', flags.outItf, traces, itfMeta, chatty ? (property, file) => say(`Wrote the trace of ${property} to ${file}\n`) : undefined);
  }
  if (flags.itfWitnesses) {
    const witnesses = result.reachability.flatMap((x) => (x.trace ? [[x.name, x.trace] as [string, Trace<unknown>]] : []));
    await writeItfTraces('--itf-witnesses', flags.itfWitnesses, witnesses, { ...itfMeta, witness: true }, chatty ? (name, file) => say(`Wrote the witness of ${name} to ${file}\n`) : undefined);
  }
  if (flags.html) {
    await writeReport(flags.html, checkHtml({ model: model.name, doc: model.doc, constants: inst.constants, result, alias: inst.spec.alias }));
    if (chatty) say(`Wrote the HTML report to ${flags.html}\n`);
  }
  if (flags.dumpDot) {
    const { dot, nodes, edges, unexpanded } = stateGraphDot(inst, graph!, { ...sel, symmetry: flags.symmetry === true || sel.symmetry });
    await writeReport(flags.dumpDot, dot);
    if (chatty) say(`Wrote the state graph (${nodes} states, ${edges} edges${unexpanded ? `; the search stopped before expanding ${unexpanded} of them` : ''}) to ${flags.dumpDot}\n`);
  }
  return stop.exitCode(exitCode);
}

async function runSymmetryCheck(model: Model<unknown>, inst: Instance<unknown>, invariants: readonly string[], flags: CheckFlags, stop: StopRequest): Promise<number> {
  if (!inst.spec.symmetry) throw configError(`--check-symmetry: model ${model.name} declares no symmetry.`);
  const r = await checkSymmetry(inst, invariants, { maxStates: flags.maxStates, maxMemoryMb: flags.memory, shouldStop: () => stop.signal.aborted });
  const message =
    r.ok === true
      ? `The symmetry of model ${model.name} holds on all ${r.states} reachable states under all ${r.permutations} permutations.`
      : r.ok === false
        ? `The symmetry of model ${model.name} is wrong: ${r.reason}. State: ${formatValue(r.state)}; permutation: [${r.perm.join(', ')}] (index i becomes perm[i]); found after ${r.states} states.`
        : r.status === 'limit'
          ? `The symmetry check of model ${model.name} stopped at ${r.limit}: no counterexample among the ${r.states} states checked, but the instance has more; check a smaller one.`
          : `Interrupted (${stopText(stop.signal)}): the symmetry of model ${model.name} holds on the ${r.states} states checked so far.`;
  // A wrong declaration merges states that behave differently: a configuration error.
  const code = stop.exitCode(r.ok === true ? EXIT.ok : r.ok === false ? EXIT.config : r.status === 'limit' ? EXIT.tooLarge : stopExitCode(stop.signal));
  if (flags.json) {
    const result = r.ok === true ? 'ok' : r.ok === false ? 'error' : r.status;
    const counterexample = r.ok === false ? { reason: r.reason, state: itfValue(r.state), permutation: r.perm } : null;
    const doc = { tool: 'migcheck', version: VERSION, command: 'check-symmetry', model: model.name, constants: inst.constants, exitCode: code, result, message };
    say(JSON.stringify({ ...doc, states: r.states, permutations: r.ok === true ? r.permutations : null, limit: r.ok === null ? (r.limit ?? null) : null, counterexample }) + '\n');
  } else {
    (r.ok === false ? warn : say)(`${message}\n`);
  }
  return code;
}

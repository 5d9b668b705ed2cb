// `migcheck check <model>`: exhaustive breadth-first checking through the check pipeline,
// reported in TLC's words (or as JSON), with ITF traces and a DOT graph on request.

import type { Command } from 'commander';
import { checkInstance, type CheckReport } from '../../api/check.ts';
import type { Instance } from '../../engine/instance.ts';
import { checkSymmetry } from '../../engine/symmetry.ts';
import { configError, stopText } from '../../errors.ts';
import { formatValue } from '../../report/format-value.ts';
import type { Trace } from '../../engine/trace.ts';
import { stateGraphDot } from '../../report/dot.ts';
import { checkHtml } from '../../report/html.ts';
import { traceToItf } from '../../report/itf.ts';
import { reportJson } from '../../report/json.ts';
import { formatBanner, formatReport } from '../../report/text.ts';
import { checkReportPaths, writeReport } from '../../report/write-file.ts';
import { addCommonOptions, collect, inputsOf, itfFileFor, positiveInt, prepare, progressReporter, VERSION, type CommonFlags } from '../common.ts';
import { stopRequest } from '../stop.ts';

interface CheckFlags extends CommonFlags {
  readonly property: string[];
  readonly continue?: boolean;
  readonly maxStates?: number;
  readonly memory?: number;
  readonly maxDepth?: number;
  readonly dumpDot?: string;
  readonly html?: string;
  readonly coverage?: boolean;
  /** --symmetry: apply the model's declared symmetry. */
  readonly symmetry?: boolean;
  readonly checkSymmetry?: boolean;
  readonly workers?: number;
}

export function register(program: Command): void {
  addCommonOptions(program.command('check').description('explore every reachable state and check the model\'s properties'))
    .option('--property <name>', 'check this temporal property, action property or reachability check (repeatable)', collect, [])
    .option('--continue', 'keep going after a violation and report every violated property')
    .option('--max-states <n>', 'stop (exit 152) once more than n distinct states are found', positiveInt('--max-states'))
    .option('--memory <mib>', 'stop (exit 152) when the process holds more than this many MiB of resident memory', positiveInt('--memory'))
    .option('--max-depth <n>', 'do not expand states at depth n (initial states are depth 1)', positiveInt('--max-depth'))
    .option('--dump-dot <file>', 'write the reachable state graph in Graphviz DOT')
    .option('--html <file>', 'write the outcome and every counterexample as a timeline to one self-contained HTML page')
    .option('--coverage', 'print distinct:generated counts per action label')
    .option('--symmetry', "apply the model's declared symmetry: one state per orbit (also by a cfg SYMMETRY)")
    .option('--workers <n>', 'expand states on n threads (n - 1 worker threads and this one), level by level: the same counts and shortest traces (a run with temporal properties stays on one thread)', positiveInt('--workers'))
    .option('--check-symmetry', 'instead of checking, test the model\'s symmetry on every reachable state of this (small) instance; a counterexample exits 151')
    .action(async (modelArg: string, flags: CheckFlags) => {
      process.exitCode = await runCheck(modelArg, flags);
    });
}

async function runCheck(modelArg: string, flags: CheckFlags): Promise<number> {
  checkReportPaths([['--out-itf', flags.outItf], ['--html', flags.html], ['--dump-dot', flags.dumpDot]], inputsOf(modelArg, flags));
  const stop = stopRequest();
  const { model, inst, selection: sel } = await prepare(modelArg, flags);
  if (flags.checkSymmetry) return runSymmetryCheck(model.name, inst, sel.invariants);
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
    process.stdout.write(formatBanner(model.name, VERSION, inst.constants, checking.length ? checking : ['only that the state space can be explored']));
  }

  const progress = progressReporter(flags.quiet);
  let result: CheckReport<unknown>;
  try {
    result = await checkInstance(inst, sel, {
      continueAfterViolation: flags.continue,
      maxStates: flags.maxStates,
      maxMemoryMb: flags.memory,
      maxDepth: flags.maxDepth,
      onProgress: progress.onProgress,
      progressEveryMs: progress.everyMs,
      signal: stop.signal,
      symmetry: flags.symmetry,
      workers: flags.workers,
    });
  } finally {
    progress.done();
  }

  // A signal that came after the search still decides the exit code.
  const exitCode = stop.exitCode(result.exitCode);
  process.stdout.write(text ? formatReport(result, { coverage: flags.coverage, diff: flags.difftrace, stoppedBy: stopText(stop.signal) }) : reportJson({ ...result, exitCode }) + '\n');

  if (flags.outItf) {
    const traces: [string, Trace<unknown>][] = result.violations.flatMap((v) => (v.trace ? [[v.property, v.trace] as [string, Trace<unknown>]] : []));
    if (result.error?.trace) traces.push([result.error.name, result.error.trace]);
    for (const [property, trace] of traces) {
      const file = itfFileFor(flags.outItf, property, traces.length > 1);
      await writeReport(file, JSON.stringify(traceToItf(trace, { source: model.name, property, constants: inst.constants }), null, 2) + '\n');
      if (chatty) process.stdout.write(`Wrote the trace of ${property} to ${file}\n`);
    }
  }
  if (flags.html) {
    await writeReport(flags.html, checkHtml({ model: model.name, doc: model.doc, constants: inst.constants, result, alias: inst.spec.alias }));
    if (chatty) process.stdout.write(`Wrote the HTML report to ${flags.html}\n`);
  }
  if (flags.dumpDot) {
    const { dot, nodes, truncated } = stateGraphDot(inst, sel);
    await writeReport(flags.dumpDot, dot);
    if (chatty) process.stdout.write(`Wrote the state graph (${nodes} states${truncated ? ', truncated' : ''}) to ${flags.dumpDot}\n`);
  }
  return stop.exitCode(exitCode);
}

function runSymmetryCheck(modelName: string, inst: Instance<unknown>, invariants: readonly string[]): number {
  if (!inst.spec.symmetry) throw configError(`--check-symmetry: model ${modelName} declares no symmetry.`);
  const r = checkSymmetry(inst, invariants);
  if (!r.ok) {
    // A wrong declaration merges states that behave differently: a configuration error.
    throw configError(
      `The symmetry of model ${modelName} is wrong: ${r.reason}. State: ${formatValue(r.state)}; permutation: [${r.perm.join(', ')}] (index i becomes perm[i]); found after ${r.states} states.`,
    );
  }
  process.stdout.write(`The symmetry of model ${modelName} holds on all ${r.states} reachable states under all ${r.permutations} permutations.\n`);
  return 0;
}

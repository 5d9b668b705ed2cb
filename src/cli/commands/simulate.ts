// `migcheck simulate <model>`: random walks for models too big to exhaust; the seed is
// printed so that any run can be repeated exactly.

import type { Command } from 'commander';
import { randomInt } from 'node:crypto';
import { simulate } from '../../engine/search/simulate.ts';
import { simulationJson } from '../../report/json.ts';
import { formatBanner, formatDuration, formatModelError, formatViolation } from '../../report/text.ts';
import { configError, exitCodeOf, stopText } from '../../errors.ts';
import { checkReportPaths } from '../../report/write-file.ts';
import { VERSION } from '../../version.ts';
import { addCommonOptions, inputsOf, positiveInt, prepare, writeItfTraces, type CommonFlags } from '../common.ts';
import { stopRequest } from '../stop.ts';
import { say } from '../terminal.ts';

interface SimulateFlags extends CommonFlags {
  readonly depth: number;
  readonly runs: number;
  readonly seed?: number;
}

function parseSeed(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 0 || n > 0xffffffff) throw configError(`--seed ${text}: expected a 32-bit unsigned integer, e.g. 0x1f or 31.`);
  return n;
}

export function register(program: Command): void {
  addCommonOptions(program.command('simulate').description('check invariants along random walks from random initial states'))
    .option('--depth <n>', 'states per walk', positiveInt('--depth'), 100)
    .option('--runs <n>', 'number of walks', positiveInt('--runs'), 1000)
    .option('--seed <s>', 'PRNG seed (decimal or 0x hex; default random)', parseSeed)
    .action(async (modelArg: string, flags: SimulateFlags) => {
      process.exitCode = await runSimulate(modelArg, flags);
    });
}

async function runSimulate(modelArg: string, flags: SimulateFlags): Promise<number> {
  checkReportPaths([['--out-itf', flags.outItf]], inputsOf(modelArg, flags));
  const stop = stopRequest();
  const { model, inst, selection: sel } = await prepare(modelArg, flags);
  const seed = flags.seed ?? randomInt(0, 2 ** 32);
  const seedText = `0x${seed.toString(16)}`;
  const chatty = !flags.json && !flags.quiet;
  if (chatty) {
    const checking = [sel.invariants.length ? `invariants: ${sel.invariants.join(', ')}` : '', sel.actionProperties.length ? `action properties: ${sel.actionProperties.join(', ')}` : '', sel.checkDeadlock ? 'for deadlock' : ''].filter(Boolean);
    say(formatBanner(model.name, VERSION, inst.constants, [...checking, `by ${flags.runs} random walks of up to ${flags.depth} states, seed ${seedText}`]));
  }
  const result = await simulate(inst, {
    seed,
    depth: flags.depth,
    runs: flags.runs,
    invariants: sel.invariants,
    actionProperties: sel.actionProperties,
    constraints: sel.constraints,
    actionConstraints: sel.actionConstraints,
    checkDeadlock: sel.checkDeadlock,
    shouldStop: () => stop.signal.aborted,
  });

  const exitCode = stop.exitCode(exitCodeOf(result));
  if (flags.json) {
    const header = { tool: 'migcheck', version: VERSION, command: 'simulate', model: model.name, constants: inst.constants, exitCode } as const;
    say(simulationJson(header, result) + '\n');
  } else {
    const display = { alias: inst.spec.alias, diff: flags.difftrace };
    const out: string[] = [];
    for (const v of result.violations) out.push(formatViolation(v, display));
    if (result.error) out.push(formatModelError(result.error, display));
    if (result.status === 'ok') out.push('Simulation completed. No error has been found.\n');
    if (result.status === 'interrupted') out.push(`Interrupted (${stopText(stop.signal)}): the counts below are those reached so far.\n`);
    out.push(
      `${result.runs.toLocaleString('en-US')} walks, ${result.states.toLocaleString('en-US')} states visited, the longest ${result.longest} states long; finished in ${formatDuration(result.elapsedMs)}.\n`,
      `Seed ${seedText}: use --seed=${seedText} to reproduce.\n`,
    );
    say(out.join('\n'));
  }
  const trace = result.violations[0]?.trace ?? result.error?.trace;
  if (flags.outItf && trace) {
    const property = result.violations[0]?.property ?? result.error!.name;
    await writeItfTraces('--out-itf', flags.outItf, [[property, trace]], { source: model.name, constants: inst.constants, seed: seedText });
  }
  return exitCode;
}

// What `check` and `simulate` share: the options that pick the model, its constants and the
// properties, the set-up from them to an Instance, the files they read, progress output.

import { Option, type Command } from 'commander';
import { readFileSync } from 'node:fs';
import type { Model } from '../api/model.ts';
import { parseCfg, type CfgFile } from '../config/cfg.ts';
import { constantOverrides, selectChecks, type ResolvedSelection } from '../config/selection.ts';
import type { Progress } from '../engine/search/result.ts';
import { Instance } from '../engine/instance.ts';
import { configError, UserError } from '../errors.ts';
import { formatProgress } from '../report/text.ts';
import { loadModel, sourceOf } from '../load/load-model.ts';
import type { Trace } from '../engine/search/trace.ts';
import { traceToItf } from '../report/itf.ts';
import { writeReport } from '../report/write-file.ts';
import { BUILTINS } from './builtins.ts';


export const collect = (value: string, previous: string[] = []) => [...previous, value];

export function positiveInt(flag: string) {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < 1) throw configError(`${flag} ${value}: expected a positive integer.`);
    return n;
  };
}

export interface CommonFlags {
  readonly config?: string;
  readonly const: string[];
  readonly invariant: string[];
  readonly deadlock: boolean;
  readonly json?: boolean;
  readonly quiet?: boolean;
  readonly outItf?: string;
  readonly difftrace?: boolean;
  readonly debug?: boolean;
}

/** Options both `check` and `simulate` take. */
export function addCommonOptions(cmd: Command): Command {
  return cmd
    .argument('<model>', 'a built-in model name (see `migcheck list`) or a path to a .ts/.js module whose default export is a model')
    .option('--config <file>', 'a TLC-style .cfg file (CONSTANTS, INVARIANTS, PROPERTIES, CONSTRAINTS, CHECK_DEADLOCK, ...)')
    .option('--const <name=value>', 'set a constant (repeatable; overrides the config file)', collect, [])
    .option('--invariant <name...>', 'check these invariants (one or more names, repeatable; default: all the model declares); the names run up to the next flag, so give <model> before them or end them with --', [])
    .option('--no-deadlock', 'do not report states without successors')
    .option('--json', 'print one JSON document on stdout instead of text')
    .option('--out-itf <file>', 'write each counterexample as an ITF trace (.itf.json)')
    .option('--difftrace', 'in traces, show only the variables that changed')
    .option('--quiet', 'no banner or progress lines')
    .addOption(new Option('-v, --debug', 'show stack traces of internal errors'));
}

export interface Prepared<S> {
  readonly model: Model<S>;
  readonly inst: Instance<S>;
  readonly selection: ResolvedSelection;
}

/** Load the model and config, resolve constants and the properties to check. */
export async function prepare(modelArg: string, flags: CommonFlags & { readonly property?: string[] }): Promise<Prepared<unknown>> {
  const model = await loadModel(modelArg, { registry: BUILTINS });
  let cfg: CfgFile | undefined;
  if (flags.config) {
    let text: string;
    try {
      text = readFileSync(flags.config, 'utf8');
    } catch (e) {
      throw configError(`Cannot read config file ${flags.config}: ${(e as Error).message}`);
    }
    cfg = parseCfg(flags.config, text);
  }
  const inst = Instance.create(model, constantOverrides(model, cfg, flags.const), sourceOf(model));
  const selection = selectChecks(model.name, inst.spec, cfg, {
    invariants: flags.invariant,
    properties: flags.property,
    checkDeadlock: flags.deadlock,
  });
  return { model, inst, selection };
}

/** The files a run reads, for checkReportPaths: the model (unless a built-in name) and the cfg. */
export function inputsOf(modelArg: string, flags: CommonFlags): [string, string | undefined][] {
  return [
    ['model', Object.hasOwn(BUILTINS.models, modelArg) ? undefined : modelArg],
    ['config file', flags.config],
  ];
}

/** `trace.itf.json` for one trace; `trace.<Property>.itf.json` for each of several. */
export function itfFileFor(file: string, property: string, several: boolean): string {
  if (!several) return file;
  const m = /(\.itf)?\.json$/.exec(file);
  return m ? `${file.slice(0, m.index)}.${property}${m[0]}` : `${file}.${property}`;
}

/**
 * Write each named trace as ITF to `file` (see itfFileFor) for `flag`; `wrote` hears of each
 * file. Every trace is encoded before any is written, so one that ITF cannot hold (a UserError,
 * 151) leaves no set half written.
 */
export async function writeItfTraces(flag: string, file: string, traces: readonly (readonly [name: string, trace: Trace<unknown>])[], meta: object, wrote?: (name: string, file: string) => void): Promise<void> {
  let docs: (readonly [string, string])[];
  try {
    docs = traces.map(([name, trace]) => [name, JSON.stringify(traceToItf(trace, { ...meta, property: name }), null, 2) + '\n'] as const);
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    throw new UserError(`${flag} ${file}: ${e.message} Or leave out ${flag}: the verdict printed above stands, and no ITF file was written.`, e.exitCode);
  }
  for (const [name, text] of docs) {
    const to = itfFileFor(file, name, traces.length > 1);
    await writeReport(to, text);
    wrote?.(name, to);
  }
}


export interface ProgressReporter {
  readonly onProgress?: (p: Progress) => void;
  readonly everyMs: number;
  /** Clear the redrawn line, so that what follows starts on a clean line. */
  readonly done: () => void;
}

/**
 * Progress of the search on stderr: on a terminal one line redrawn in place a few times a
 * second; in a log (not a TTY) TLC's progress lines every 10 s, which tools and people grep.
 */
export function progressReporter(quiet: boolean | undefined, out: NodeJS.WriteStream = process.stderr): ProgressReporter {
  if (quiet) return { everyMs: 0, done: () => {} };
  if (!out.isTTY) return { onProgress: (p) => p.phase !== 'initial' && out.write(formatProgress(p) + '\n'), everyMs: 10_000, done: () => {} };
  let drawn = false;
  let last = { ms: 0, distinct: 0 };
  return {
    everyMs: 250,
    onProgress: (p) => {
      if (p.phase === 'initial') return;
      if (p.phase) {
        out.write(`${drawn ? '\r\x1b[K' : ''}${formatProgress(p)}\n`);
        drawn = false;
        return;
      }
      const rate = ((p.distinct - last.distinct) * 1000) / Math.max(p.elapsedMs - last.ms, 1);
      last = { ms: p.elapsedMs, distinct: p.distinct };
      out.write(`\r${progressBar(p, rate, out.columns || 80)}\x1b[K`);
      drawn = true;
    },
    done: () => {
      if (drawn) out.write('\r\x1b[K');
    },
  };
}

/** The bar fills with the share of the states found so far that are already expanded (the total is unknown). */
export function progressBar(p: Progress, statesPerSecond: number, columns: number): string {
  const n = (x: number) => Math.round(x).toLocaleString('en-US');
  const text = ` ${n(p.distinct)} states, ${n(statesPerSecond)}/s, queue ${n(p.queue)}, depth ${p.depth}`;
  const width = Math.max(10, Math.min(30, columns - text.length - 3));
  const filled = Math.round((width * (p.distinct - p.queue)) / Math.max(p.distinct, 1));
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]${text}`.slice(0, Math.max(columns - 1, 1));
}

// `migcheck gate [manifest]`: the CI invariant gate (see docs/ci.md). `--shard k/n` runs the
// k-th of n slices of the manifest's runs and prints its partial result (`migcheck merge`).
import type { Command } from 'commander';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { reportGate, runGate, type GateIO } from '../../gate/gate.ts';
import { loadManifest, type Manifest } from '../../gate/manifest.ts';
import { outcomeOf, runManifest, type RunOutcome } from '../../gate/run.ts';
import { configError, EXIT, stopExitCode, UserError } from '../../errors.ts';
import { BUILTINS } from '../builtins.ts';
import { checkReportPaths } from '../../report/write-file.ts';
import { inShard, parseShard, partialJson, partialNeedsShard, writePartial } from '../shard.ts';
import { stopRequest } from '../stop.ts';
import { say, warn } from '../terminal.ts';

interface GateFlags {
  readonly junit?: string;
  readonly json?: boolean;
  readonly summary?: string;
  readonly only?: string;
  readonly shard?: string;
  readonly partial?: string;
}

/** What a sharded gate run is: its manifest (path and contents), --only, and the files the manifest names. */
export interface GateRunId {
  readonly manifest: string;
  readonly sha256: string;
  readonly only: string | null;
  /** Each model module and .cfg the manifest names by path: the sha256 of the file (built-in models go with the version). */
  readonly files: { readonly [path: string]: string };
}

const io: GateIO = { out: (l) => say(`${l}\n`), err: (l) => warn(`${l}\n`) };

export function register(program: Command): void {
  program
    .command('gate')
    .description('run the checks in a gate manifest and fail when a verdict differs from the expected one')
    .argument('[manifest]', 'the gate manifest (JSON)', 'specs/gate.json')
    .option('--junit <file>', 'write a JUnit XML report (one testcase per run and property)')
    .option('--json', 'print one JSON document on stdout (human lines go to stderr)')
    .option('--summary <file>', 'append a Markdown summary (e.g. to $GITHUB_STEP_SUMMARY)')
    .option('--only <name>', 'run only the run of this name')
    .option('--shard <k/n>', 'run the k-th of n slices of the runs and print its partial result as JSON (combine them with migcheck merge)')
    .option('--partial <file>', 'with --shard: write the partial result to this file rather than stdout')
    .action(async (manifest: string, o: GateFlags) => {
      const stop = stopRequest();
      partialNeedsShard(o.partial, o.shard);
      if (o.shard !== undefined) {
        process.exitCode = await runShard(manifest, o, stop.signal);
        return;
      }
      process.exitCode = stop.exitCode(await runGate({ manifest, ...o, registry: BUILTINS, signal: stop.signal }, io));
    });
}

async function runShard(file: string, o: GateFlags, signal: AbortSignal): Promise<number> {
  if (o.junit || o.summary || o.json) throw configError(`--shard ${o.shard} prints its partial result as JSON on stdout; give --junit, --summary and --json to migcheck merge, which writes the reports of the whole gate.`);
  checkReportPaths([['--partial', o.partial]], [['gate manifest', file]]);
  const manifest = await loadManifest(file, o.only, BUILTINS);
  const shard = parseShard(o.shard!, manifest.runs.length);
  const mine = manifest.runs.flatMap((_, i) => (inShard(shard, i) ? [i] : []));
  warn(`Shard ${shard.index}/${shard.count}: runs ${mine.map((i) => manifest.runs[i].name).join(', ')}\n`);
  const outcome = await runManifest({ ...manifest, runs: mine.map((i) => manifest.runs[i]) }, (r) => warn(`${r.name} done\n`), signal);
  // A shard cut short has no complete slice to give: it writes nothing rather than a partial that a merge would have to trust.
  if (outcome.stopped) throw new UserError(`Shard ${shard.index}/${shard.count} of ${file} was interrupted; it wrote no partial result. Run it again.`, stopExitCode(signal));
  await writePartial(o.partial, partialJson('gate', gateRunId(manifest, o.only), shard, manifest.runs.length, outcome.runs.map((result, k) => ({ check: mine[k], result }))));
  return EXIT.ok;
}

/** The identity of a gate run: the manifest as it was read, and the files its runs name. */
function gateRunId(manifest: Manifest, only: string | undefined): GateRunId {
  const { file, text, shapes } = manifest;
  const files: { [path: string]: string } = {};
  for (const { model, config } of shapes) {
    for (const f of [Object.hasOwn(BUILTINS.models, model) ? undefined : model, config]) if (f !== undefined) files[f] = hashOf(resolve(dirname(file), f));
  }
  return { manifest: file, sha256: createHash('sha256').update(text).digest('hex'), only: only ?? null, files };
}

// A module path may leave out its extension (the loader tries them): hash the file it names, if it is one.
function hashOf(path: string): string {
  try {
    return createHash('sha256').update(readFileSync(path)).digest('hex');
  } catch {
    return 'not a file';
  }
}

/** The gate's report and exit code from its shards' run outcomes (see merge.ts). */
export async function mergeGate(run: GateRunId, runs: readonly RunOutcome[], flags: { junit?: string; summary?: string; json?: boolean }): Promise<void> {
  process.exitCode = await reportGate(flags, outcomeOf(run.manifest, [...runs]), io, true);
}

// Sharded runs: `--shard k/n` runs the k-th of n deterministic slices of a command's
// independent checks (check i belongs to shard i mod n + 1) and prints its partial result as
// one JSON document; `migcheck merge` reads the partial results of all n shards and gives the
// report, table and exit code the unsharded run gives. A merge refuses anything that would make
// that report a different one: a missing or duplicated shard, shards of different runs (another
// version, model, scope or manifest), a file that is not a partial result. Each refusal is one
// paragraph naming the file, exit 151 (153 for a file that cannot be read).

import { readFileSync } from 'node:fs';
import { configError, EXIT, UserError } from '../errors.ts';
import { writeReport } from '../report/write-file.ts';
import { VERSION } from '../version.ts';
import { say } from './terminal.ts';

export interface Shard {
  /** 1-based, as written: `--shard 2/3` is index 2 of count 3. */
  readonly index: number;
  readonly count: number;
}

/** Parse `k/n` for a command with `checks` independent checks (a bad spec: exit 151). */
export function parseShard(text: string, checks: number): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text);
  const [index, count] = m ? [Number(m[1]), Number(m[2])] : [NaN, NaN];
  if (!m || count < 1 || index < 1 || index > count) {
    throw configError(`--shard ${text}: expected k/n with 1 <= k <= n, the k-th of n slices of the checks (e.g. --shard 2/3).`);
  }
  if (count > checks) throw configError(`--shard ${text}: ${count} shards for ${checks} checks would leave some shards empty; use at most ${checks}.`);
  return { index, count };
}

/** `--partial` names where a shard's partial result goes: without `--shard` it is a mistake (exit 151). */
export function partialNeedsShard(partial: string | undefined, shard: string | undefined): void {
  if (partial !== undefined && shard === undefined) throw configError(`--partial ${partial}: only a --shard run writes a partial result.`);
}

/** Whether check `i` (0-based, in the run's own order) belongs to `shard`. */
export const inShard = (shard: Shard, i: number) => i % shard.count === shard.index - 1;

/** One shard's partial result as written: what run it belongs to, and its checks' results by index. */
export interface Partial<R> {
  readonly migcheck: 'partial result';
  readonly version: string;
  readonly command: string;
  /** What makes two shards parts of one run: every input the report depends on. */
  readonly run: unknown;
  readonly shard: Shard;
  /** How many checks the whole run has. */
  readonly checks: number;
  /** This shard's checks: the index in the whole run and the result. */
  readonly results: readonly { readonly check: number; readonly result: R }[];
}

export function partialJson<R>(command: string, run: unknown, shard: Shard, checks: number, results: readonly { check: number; result: R }[]): string {
  const p: Partial<R> = { migcheck: 'partial result', version: VERSION, command, run, shard, checks, results };
  return `${JSON.stringify(p)}\n`;
}

/** Write a partial result to `file` (whole or not at all), or to stdout without one. */
export async function writePartial(file: string | undefined, json: string): Promise<void> {
  if (file === undefined) say(json);
  else await writeReport(file, json);
}

/** The merged run: which command and run it is, and every check's result in the run's order. */
export interface Merged<R> {
  readonly command: string;
  readonly run: unknown;
  readonly results: readonly R[];
}

const what = 'a partial result written by `migcheck necessity --shard k/n` or `migcheck gate --shard k/n`';

/** Read and cross-check the partial results of every shard of one run. */
export function mergePartials<R>(files: readonly string[]): Merged<R> {
  if (files.length === 0) throw configError('migcheck merge: no files given; give the partial result of every shard of the run.');
  const parts = files.map((file) => ({ file, p: readPartial<R>(file) }));
  const [first] = parts;
  const canonical = (v: unknown) => JSON.stringify(v);
  for (const { file, p } of parts) {
    if (p.version !== VERSION) throw configError(`${file}: written by migcheck ${p.version}, and this is migcheck ${VERSION}; merge shards with the version that ran them, all of one version.`);
    if (p.command !== first.p.command) throw configError(`${file}: a partial result of \`${p.command}\`, and ${first.file} one of \`${first.p.command}\`; shards of different runs cannot be merged.`);
    if (canonical(p.run) !== canonical(first.p.run) || p.checks !== first.p.checks) {
      throw configError(`${file}: a shard of a different run than ${first.file} (${differences(p.run, first.p.run) || `${p.checks} checks against ${first.p.checks}`}); every shard must come from the same command line, model and ${p.command === 'gate' ? 'manifest' : 'scopes'}.`);
    }
    if (p.shard.count !== first.p.shard.count) throw configError(`${file}: shard ${p.shard.index}/${p.shard.count}, and ${first.file} is one of ${first.p.shard.count}; every shard of a run is split the same way.`);
  }
  const n = first.p.shard.count;
  const seen = new Map<number, string>();
  for (const { file, p } of parts) {
    const other = seen.get(p.shard.index);
    if (other !== undefined) throw configError(`${file}: shard ${p.shard.index}/${n} is also given as ${other}; give each shard once.`);
    seen.set(p.shard.index, file);
  }
  const missing = Array.from({ length: n }, (_, i) => i + 1).filter((k) => !seen.has(k));
  if (missing.length) throw configError(`migcheck merge: shard${missing.length > 1 ? 's' : ''} ${missing.map((k) => `${k}/${n}`).join(', ')} missing (given: ${files.join(', ')}); a merge of some shards would be a partial report.`);
  const results: (R | undefined)[] = new Array<R | undefined>(first.p.checks);
  for (const { file, p } of parts) {
    const own = Array.from({ length: p.checks }, (_, i) => i).filter((i) => inShard(p.shard, i));
    const got = p.results.map((r) => r.check);
    if (got.length !== own.length || got.some((c, i) => c !== own[i])) {
      throw configError(`${file}: shard ${p.shard.index}/${n} should hold checks ${own.join(', ')} of ${p.checks}, and it holds ${got.join(', ') || 'none'}; the file is incomplete or was altered.`);
    }
    for (const r of p.results) results[r.check] = r.result;
  }
  return { command: first.p.command, run: first.p.run, results: results as R[] };
}

function readPartial<R>(file: string): Partial<R> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UserError(`${file}: cannot read this partial result: ${(e as Error).message}.`, EXIT.system);
  }
  let p: Partial<R>;
  try {
    p = JSON.parse(text) as Partial<R>;
  } catch (e) {
    throw configError(`${file}: not JSON (${(e as Error).message}); expected ${what}.`);
  }
  const isInt = (v: unknown): v is number => Number.isSafeInteger(v);
  const ok =
    typeof p === 'object' && p !== null && p.migcheck === 'partial result' && typeof p.version === 'string' && typeof p.command === 'string' &&
    typeof p.shard === 'object' && p.shard !== null && isInt(p.shard.index) && isInt(p.shard.count) && p.shard.index >= 1 && p.shard.index <= p.shard.count &&
    isInt(p.checks) && Array.isArray(p.results) && p.results.every((r) => typeof r === 'object' && r !== null && isInt(r.check) && typeof r.result === 'object' && r.result !== null);
  if (!ok) throw configError(`${file}: not ${what}.`);
  return p;
}

/** The top-level keys in which two runs differ, for the message. */
function differences(a: unknown, b: unknown): string {
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return '';
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  const differ = keys.filter((k) => JSON.stringify((a as Record<string, unknown>)[k]) !== JSON.stringify((b as Record<string, unknown>)[k]));
  return differ.length ? `they differ in ${differ.join(', ')}` : '';
}

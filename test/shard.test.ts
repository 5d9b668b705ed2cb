// Sharded runs (issue 17): `--shard k/n` slices, merged by `migcheck merge`, give the report,
// table and exit code of the unsharded run (timings aside); every bad input is a one-paragraph
// error with its documented exit code, never a partial report.

import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const exec = promisify(execFile);
const bin = new URL('../bin/migcheck.js', import.meta.url).pathname;
const root = new URL('..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'migcheck-shard-'));

interface Ran {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}
const migcheck = (...args: string[]): Promise<Ran> =>
  exec(process.execPath, [bin, ...args], { cwd: root, maxBuffer: 1 << 26 }).then(
    (r) => ({ code: 0, ...r }),
    (e: Ran) => e,
  );

// Timings are the one thing that differs between runs.
const masked = (text: string) =>
  text
    .replace(/"elapsedMs": \d+/g, '"elapsedMs": 0')
    .replace(/checks took [\d.]+ s/g, 'checks took - s')
    .replace(/ {2}\d+(\.\d+)?(ms|s)\b/g, '  -')
    .replace(/time="[\d.]+"/g, 'time="-"');

/** Run each of `n` shards of `args` into a file; their paths. */
async function shards(name: string, args: readonly string[], n: number): Promise<string[]> {
  const files = Array.from({ length: n }, (_, k) => join(dir, `${name}-${k + 1}-of-${n}.json`));
  const runs = await Promise.all(files.map((f, k) => migcheck(...args, '--shard', `${k + 1}/${n}`, '--partial', f)));
  for (const r of runs) expect(r.code, r.stderr).toBe(0);
  return files;
}

describe('necessity: the shards merged are the unsharded run', () => {
  it.each([2, 3])('%i shards, text and JSON, and --jobs 2 unsharded', async (n) => {
    const args = ['necessity', '--pages', '2', '--max-mce', '1'];
    const files = await shards(`necessity`, [...args, '--jobs', '1'], n);
    const [whole, whole2, json, merged, mergedJson] = await Promise.all([
      migcheck(...args, '--jobs', '1'),
      migcheck(...args, '--jobs', '2'),
      migcheck(...args, '--json', '--jobs', '1'),
      migcheck('merge', ...files),
      migcheck('merge', ...files, '--json'),
    ]);
    expect(whole.stdout).toMatch(/^Is the V4 re-query loop necessary\?/);
    expect(whole2.stdout).toBe(whole.stdout);
    expect(merged.stdout).toBe(whole.stdout);
    expect(masked(mergedJson.stdout)).toBe(masked(json.stdout));
    expect([merged.code, mergedJson.code]).toEqual([whole.code, json.code]);
  }, 60_000);

  it('a sweep with the census, in 3 shards, merged: the same tables, census and summary', async () => {
    const args = ['necessity', '--sweep', 'pages=1..2', 'maxMce=1', '--census'];
    const files = await shards('sweep', args, 3);
    const [whole, merged] = await Promise.all([migcheck(...args, '--jobs', '2'), migcheck('merge', ...files)]);
    expect(whole.stdout).toContain('== Over the sweep ==');
    expect(whole.stdout).toContain('Census mode:');
    expect(whole.stdout).toMatch(/^Every one of the [\d,]+ violations fits one of the review's cases/m);
    expect(masked(merged.stdout)).toBe(masked(whole.stdout));
  }, 60_000);
});

describe('gate: the shards merged are the unsharded gate', () => {
  // A manifest that fails (exit 12): the merged gate must fail the same way, with the same reports.
  const failing = join(dir, 'failing.json');
  writeFileSync(
    failing,
    JSON.stringify({
      runs: [
        { name: 'diehard', model: 'diehard', expect: { NotFour: 'holds' } },
        { name: 'committed', model: 'migration', expect: { TargetIntegrity: 'holds', BrokenPropagated: 'violated' } },
        { name: 'prepatch', model: 'migration', constants: { variant: 'prepatch' }, expect: { TargetIntegrity: 'holds' } },
      ],
    }),
  );

  it.each([
    ['specs/gate.json', 2],
    ['specs/gate.json', 3],
    [failing, 2],
    [failing, 3],
  ])('%s in %i shards: the same lines, JSON, JUnit, summary and exit code', async (manifest, n) => {
    const files = await shards(`gate-${n}`, ['gate', manifest], n);
    const out = (what: string) => join(dir, `${what}-${n}-${manifest === failing ? 'f' : 'p'}`);
    const [whole, merged] = await Promise.all([
      migcheck('gate', manifest, '--junit', `${out('whole')}.xml`, '--summary', `${out('whole')}.md`),
      migcheck('merge', ...files, '--junit', `${out('merged')}.xml`, '--summary', `${out('merged')}.md`),
    ]);
    expect(merged.code).toBe(whole.code);
    expect(whole.code).toBe(manifest === failing ? 12 : 0);
    expect(masked(merged.stdout)).toBe(masked(whole.stdout));
    expect(masked(readFileSync(`${out('merged')}.xml`, 'utf8'))).toBe(masked(readFileSync(`${out('whole')}.xml`, 'utf8')));
    expect(masked(readFileSync(`${out('merged')}.md`, 'utf8'))).toBe(masked(readFileSync(`${out('whole')}.md`, 'utf8')));
    const [j1, j2] = await Promise.all([migcheck('gate', manifest, '--json'), migcheck('merge', ...files, '--json')]);
    expect(masked(j2.stdout)).toBe(masked(j1.stdout));
  }, 60_000);
});

describe('bad input: one paragraph, its exit code, no report', () => {
  const oneParagraph = (r: Ran, code: number, text: string | RegExp) => {
    expect(r.code, r.stderr).toBe(code);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(text);
  };

  it.each([
    ['0/2', /--shard 0\/2: expected k\/n with 1 <= k <= n/],
    ['3/2', /--shard 3\/2: expected k\/n/],
    ['1/0', /--shard 1\/0: expected k\/n/],
    ['one/two', /--shard one\/two: expected k\/n/],
    ['21/21', /--shard 21\/21: 21 shards for 20 checks would leave some shards empty; use at most 20\./],
  ])('necessity --shard %s: exit 151', async (spec, text) => {
    oneParagraph(await migcheck('necessity', '--shard', spec), 151, text);
  });

  it('gate --shard 6/6 for a manifest of 5 runs: exit 151', async () => {
    oneParagraph(await migcheck('gate', '--shard', '6/6'), 151, /--shard 6\/6: 6 shards for 5 checks/);
  });

  it('--partial without --shard, and report flags with --shard: exit 151', async () => {
    oneParagraph(await migcheck('necessity', '--partial', join(dir, 'x.json')), 151, /--partial .*: only a --shard run writes a partial result\./);
    oneParagraph(await migcheck('gate', '--shard', '1/2', '--junit', join(dir, 'j.xml')), 151, /give --junit, --summary and --json to migcheck merge/);
  });

  it('merge: a missing shard, a duplicated one, another scope, another version, another command, another manifest, not a partial result, no file', async () => {
    const args = ['necessity', '--pages', '1', '--max-mce', '1'];
    const [a1, a2] = await shards('bad-a', args, 2);
    const [b1] = await shards('bad-b', ['necessity', '--pages', '2', '--max-mce', '1'], 2);
    const [g1, g2] = await shards('bad-g', ['gate'], 2);
    oneParagraph(await migcheck('merge', a1), 151, `migcheck merge: shard 2/2 missing (given: ${a1}); a merge of some shards would be a partial report.`);
    oneParagraph(await migcheck('merge', a1, a2, a1), 151, `${a1}: shard 1/2 is also given as ${a1}; give each shard once.`);
    oneParagraph(await migcheck('merge', a1, b1), 151, new RegExp(`^${b1}: a shard of a different run than ${a1} \\(they differ in scopes\\)`));
    const old = join(dir, 'old-version.json');
    writeFileSync(old, readFileSync(a2, 'utf8').replace(/"version":"[^"]+"/, '"version":"0.0.1"'));
    oneParagraph(await migcheck('merge', a1, old), 151, new RegExp(`^${old}: written by migcheck 0\\.0\\.1, and this is migcheck `));
    oneParagraph(await migcheck('merge', a1, g2), 151, `${g2}: a partial result of \`gate\`, and ${a1} one of \`necessity\`; shards of different runs cannot be merged.`);
    // A gate shard whose manifest changed between the shards' runs.
    const manifest = join(dir, 'gate-copy.json');
    writeFileSync(manifest, readFileSync(join(root, 'specs/gate.json'), 'utf8').replace('"./gate.schema.json"', `"${join(root, 'specs/gate.schema.json')}"`));
    const [m1] = await shards('bad-m', ['gate', manifest], 2);
    writeFileSync(manifest, readFileSync(manifest, 'utf8').replace('"maxTraceLength": 7', '"maxTraceLength": 8'));
    const [, m2] = await shards('bad-m2', ['gate', manifest], 2);
    oneParagraph(await migcheck('merge', m1, m2), 151, new RegExp(`^${m2}: a shard of a different run than ${m1} \\(they differ in sha256\\); every shard must come from the same command line, model and manifest\\.`));
    oneParagraph(await migcheck('merge', g1, g2, '--html', join(dir, 'x.html')), 151, /--html is for necessity shards/);
    const junk = join(dir, 'junk.json');
    writeFileSync(junk, '{"runs": []}');
    oneParagraph(await migcheck('merge', a1, junk), 151, `${junk}: not a partial result written by \`migcheck necessity --shard k/n\` or \`migcheck gate --shard k/n\`.`);
    writeFileSync(junk, 'not json');
    oneParagraph(await migcheck('merge', junk), 151, new RegExp(`^${junk}: not JSON`));
    oneParagraph(await migcheck('merge', a1, join(dir, 'absent.json')), 153, new RegExp(`^${join(dir, 'absent.json')}: cannot read this partial result: ENOENT`));
  }, 60_000);
});

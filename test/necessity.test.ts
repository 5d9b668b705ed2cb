import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { readItf } from './support/itf-reader.ts';
import { analyse, ASSUMPTION_SETS, DESIGNS, verdictOf, type Analysis, type AssumptionResult } from '../model/migration/necessity/analysis.ts';
import { runChecks } from '../model/migration/necessity/jobs.ts';
import { UserError } from '../src/errors.ts';
import { answerTable, conclusionLine, renderMarkdown, renderText, verdictTable } from '../model/migration/necessity/report.ts';

const run = promisify(execFile);
const bin = new URL('../bin/migcheck.js', import.meta.url).pathname;

let a: Analysis;
beforeAll(async () => {
  a = await analyse();
});

const under = (readBroken: string, mceMarksDirty: boolean) =>
  a.results.find((r) => r.assumptions.readBroken === readBroken && r.assumptions.mceMarksDirty === mceMarksDirty)!;
const conclusion = (r: AssumptionResult, loop: string) => r.conclusions.find((c) => c.loop === loop)!;

describe('necessity verdicts (derived from the review)', () => {
  it('Xen as it is (crash, MCE does not mark dirty): rescan is unnecessary, resend only harmful', () => {
    // Review: B.I crashes before the loop can run, B.II already left a good copy, A is not in the
    // batch. A rescan re-reads a bitmap no MCE touched; a resend fences B.II pages needlessly.
    const r = under('crash', false);
    expect(verdictOf(conclusion(r, 'loop/rescan'))).toBe('unnecessary');
    const resend = conclusion(r, 'loop/resend');
    expect(verdictOf(resend)).toBe('harmful');
    expect(resend.harmful.map((x) => [x.property, x.classification?.case])).toEqual([['NoNeedlessDiscard', 'B.II']]);
  });

  it("the review's assumption (MCE marks dirty), crash: the rescan only adds needless discards", () => {
    // A B.II page becomes dirty, the rescan re-sends it typed BROKEN and the target fences a good copy.
    const c = conclusion(under('crash', true), 'loop/rescan');
    expect(verdictOf(c)).toBe('harmful');
    expect(c.harmful[0].property).toBe('NoNeedlessDiscard');
  });

  it('corrupt reads: the loop is what fences the poisoned B.I page (necessary for TargetIntegrity)', () => {
    // committed sends poisoned data unfenced (B.I); resend always fences it, rescan only when
    // the MCE marked the page dirty.
    for (const dirty of [false, true]) {
      const resend = conclusion(under('corrupt', dirty), 'loop/resend');
      expect(resend.necessary.map((x) => [x.property, x.design, x.classification?.case])).toEqual([['TargetIntegrity', 'committed', 'B.I']]);
    }
    expect(verdictOf(conclusion(under('corrupt', false), 'loop/rescan'))).toBe('unnecessary');
    expect(verdictOf(conclusion(under('corrupt', true), 'loop/rescan'))).toBe('necessary and harmful');
  });

  it('no design propagates every broken page, and every design can read a broken page', () => {
    // Case A pages are never queried; B.I exists in every design, v2 included (mapped before the MCE).
    for (const r of a.results) for (const d of r.designs) expect([d.verdicts.BrokenPropagated?.classification?.case, d.verdicts.NoBrokenRead?.classification?.case]).toEqual(['A', 'B.I']);
  });

  it('Termination holds for every design (the liveness phase runs in check())', () => {
    // MCEs are bounded and every sender step advances the batch/page stages, so no behaviour
    // can avoid done/crashed/aborted under weak fairness of the sender.
    expect(a.properties).toContain('Termination');
    for (const r of a.results) for (const d of r.designs) expect(d.verdicts.Termination).toBeNull();
  });

  it('every design under every assumption set is non-vacuous', () => {
    for (const r of a.results) for (const d of r.designs) expect(Object.values(d.witnessed).every(Boolean)).toBe(true);
  });
});

describe('necessity report', () => {
  it('has a designs × properties table per assumption set', () => {
    const rows = verdictTable(a.results[0], a.properties);
    expect(rows[0]).toEqual(['design', ...a.properties, 'states', 'non-vacuous']);
    expect(a.properties.slice(0, 4)).toEqual(['NoBrokenRead', 'TargetIntegrity', 'NoNeedlessDiscard', 'BrokenPropagated']);
    expect(rows.slice(1).map((r) => r[0])).toEqual(['prepatch', 'committed', 'loop/rescan', 'loop/resend', 'v2']);
    expect(rows[2].slice(1, 5)).toEqual(['✘', '✔', '✔', '✘']);
  });

  it('prints a conclusion line per loop shape and the witnessing trace with the decisive MCE marked', () => {
    const text = renderText(a);
    expect(text.match(/^== readBroken=/gm)).toHaveLength(4);
    expect(conclusionLine(conclusion(under('crash', false), 'loop/rescan'))).toBe(
      'loop/rescan: UNNECESSARY — every property has the same verdict with and without the loop',
    );
    expect(text).toContain('loop/resend: HARMFUL — holds in committed, fails with the loop: NoNeedlessDiscard');
    expect(text).toMatch(/harmful: NoNeedlessDiscard fails in loop\/resend, case B\.II \(MCE on page 0 at step 6\):/);
    expect(text).toMatch(/6 +MCE\(page=0\) << +data mce=1 +p0 +sent +\. +yes\*/);
    expect(renderMarkdown(a)).toContain(`| design | ${a.properties.join(' | ')} | states | non-vacuous |`);
  });

  it('ends with the answer as a table over the assumptions (rows) and loop shapes (columns)', () => {
    // Same reasoning as the verdict tests above, read off the summary a reviewer looks at first.
    const rows = answerTable(a);
    expect(rows[0]).toEqual(['assumptions', 'loop/rescan', 'loop/resend']);
    expect(rows.slice(1).map((r) => r[0])).toEqual(a.results.map((r) => `readBroken=${r.assumptions.readBroken}, mceMarksDirty=${r.assumptions.mceMarksDirty}`));
    const crashClean = rows.find((r) => r[0] === 'readBroken=crash, mceMarksDirty=false')!;
    expect(crashClean.slice(1)).toEqual(['unnecessary', 'harmful: breaks NoNeedlessDiscard (B.II)']);
    const corruptClean = rows.find((r) => r[0] === 'readBroken=corrupt, mceMarksDirty=false')!;
    expect(corruptClean[2]).toBe('necessary and harmful: needed for TargetIntegrity (B.I); breaks NoNeedlessDiscard (B.II)');
    expect(renderText(a)).toMatch(/== The answer over the assumptions ==\nassumptions +loop\/rescan +loop\/resend\n/);
    expect(renderMarkdown(a)).toContain('## The answer over the assumptions');
  });

  it('CLI: --out writes report.md and ITF traces, exit 0; a bad constant exits 151', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'necessity-'));
    const ok = await run(process.execPath, [bin, 'necessity', '--json', '--out', dir, '--pages', '2', '--max-mce', '1']);
    const json = JSON.parse(ok.stdout);
    expect(json.constants).toMatchObject({ pages: 2, maxMce: 1 });
    expect(readFileSync(join(dir, 'report.md'), 'utf8')).toMatch(/^# The V4 re-query loop/);
    const itf = readdirSync(join(dir, 'traces'));
    expect(itf).toContain('crash-nodirty-committed-NoBrokenRead.itf.json');
    // Every trace is ITF that Quint reads.
    for (const f of itf) expect(readItf(join(dir, 'traces', f)).doc['#meta'].format).toBe('ITF');
    const bad = await run(process.execPath, [bin, 'necessity', '--pages', '0']).catch((e) => e);
    expect(bad.code).toBe(151);
  });
});

describe('necessity --jobs and --sweep', () => {
  const cli = (...args: string[]) => run(process.execPath, [bin, 'necessity', ...args]).catch((e) => e);
  // Timings are the one thing that may differ between runs and between --jobs counts.
  const masked = (text: string) => text.replace(/"elapsedMs": \d+/g, '"elapsedMs": 0').replace(/checks took [\d.]+ s/g, 'checks took - s');

  it('--jobs 2 prints what --jobs 1 does, as text and as JSON', async () => {
    const scope = ['--pages', '2', '--max-mce', '1'];
    const [text1, text2, json1, json2] = await Promise.all([cli(...scope, '--jobs', '1'), cli(...scope, '--jobs', '2'), cli(...scope, '--json', '--jobs', '1'), cli(...scope, '--json', '--jobs', '2')]);
    expect(text2.stdout).toBe(text1.stdout);
    expect(masked(json2.stdout)).toBe(masked(json1.stdout));
    expect(JSON.parse(json2.stdout).complete).toBe(true);
  });

  it('--sweep prints each scope\'s answer table and whether the answer is the same in all (the same with --jobs 1 and 2)', async () => {
    const [one, two] = await Promise.all([cli('--sweep', 'pages=1..2', 'maxMce=1', '--jobs', '1'), cli('--sweep', 'pages=1..2', 'maxMce=1', '--jobs', '2')]);
    expect(one.stdout).toMatch(/^Is the V4 re-query loop necessary, in every scope\? A sweep over pages=1,2 maxMce=1: 2 scopes/);
    expect(one.stdout.match(/^== pages=\d maxMce=1: [\d,]+ states, checks took [\d.]+ s ==\nassumptions +loop\/rescan +loop\/resend$/gm)).toHaveLength(2);
    expect(one.stdout).toContain('== Over the sweep ==\nThe answer is the same in every scope (2 of them)');
    expect(one.stderr).toMatch(/Scope 1 of 2 done: pages=1 maxMce=1 \(/);
    expect(masked(two.stdout)).toBe(masked(one.stdout));
  });

  it('--sweep finds the smallest scope where the answer changes, with what changed and its witness', async () => {
    // Without an MCE nothing breaks: every design holds everything and the loop never matters.
    const r = await cli('--sweep', 'maxMce=0..1', '--pages', '1', '--json');
    const doc = JSON.parse(r.stdout);
    expect(doc.summary).toMatchObject({ compared: 2, same: false, reference: { maxMce: 0 }, differing: [{ maxMce: 1 }], smallest: { scope: { maxMce: 1 } } });
    const change = doc.summary.smallest.changes.find((c: { where: string }) => c.where === 'readBroken=crash, mceMarksDirty=false: loop/resend');
    expect(change).toMatchObject({ before: 'unnecessary', after: 'harmful: breaks NoNeedlessDiscard (B.II)', witness: { design: 'loop/resend', property: 'NoNeedlessDiscard', case: 'B.II' } });
    const text = (await cli('--sweep', 'maxMce=0..1', '--pages', '1')).stdout;
    expect(text).toContain('The answer is NOT the same in every scope: 1 of 2 differ from the first, maxMce=0.\nSmallest scope where it changes: maxMce=1');
    expect(text).toMatch(/ {2}readBroken=crash, mceMarksDirty=false: loop\/resend: unnecessary → harmful: breaks NoNeedlessDiscard \(B\.II\)\n {4}witness: loop\/resend fails NoNeedlessDiscard, case B\.II \(MCE on page 0 at step \d+\); \d+ steps: .*MCE\(page=0\) <</);
  });

  it.each([
    [['--sweep', 'pages=5..2'], '--sweep pages=5..2: the range 5..2 is empty; write it low to high (2..5).'],
    [['--sweep', 'pages=2..x'], '--sweep pages=2..x: 2..x is not a range of whole numbers A..B'],
    [['--sweep', 'pages=0..2'], '--sweep pages=0..2: '],
    [['--sweep', 'frames=1..2'], '--sweep frames=1..2: the migration model has no constant frames; a sweep varies pages, batchSize, maxMce.'],
    [['--sweep', 'variant=loop'], '--sweep variant=loop: variant is set by the analysis itself'],
    [['--sweep', 'pages'], '--sweep pages: expected NAME=A..B (a range of whole numbers) or NAME=A,B,C (a list)'],
    [['--sweep', 'pages=2', '--pages', '3'], '--sweep pages=2: pages is also given by its own flag'],
    [['--jobs', '0'], '--jobs 0: expected a whole number'],
  ])('%j is a one-paragraph error, exit 151', async (args, message) => {
    const r = await cli(...args);
    expect(r.code).toBe(151);
    expect(r.stderr).toContain(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a worker thread that cannot start is an error with exit code 153, not a smaller answer', async () => {
    const tasks = ASSUMPTION_SETS.slice(0, 2).map((assumptions) => ({ scale: { pages: 1, maxMce: 1 }, assumptions, design: DESIGNS[0] }));
    const e = await runChecks(tasks, { jobs: 2, entry: new URL('./fixtures/no-such-worker.mjs', import.meta.url) }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UserError);
    expect(e).toMatchObject({ exitCode: 153, message: expect.stringMatching(/^Cannot run the necessity checks as 2 jobs: a worker thread failed \(.*\)\. With --jobs 1 they run in this thread\.$/) });
  });
});

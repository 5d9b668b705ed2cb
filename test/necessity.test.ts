import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { readItf } from './support/itf-reader.ts';
import { analyse, verdictOf, type Analysis, type AssumptionResult } from '../model/migration/necessity/analysis.ts';
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

// The case census (issue 17): every violation classified, through the public API
// (`classifyViolations`) and `migcheck necessity --census`, against counts derived by hand and
// against an enumeration of the reachable states that shares no code with the engine.

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { classifyViolations, constantsOf, defineModel, type Census } from 'migcheck';
import migration from '../model/migration/model.ts';
import type { Mig } from '../model/migration/state.ts';
import { fullSpecOf } from './support/full-spec.ts';
import { referenceExplore } from './support/reference.ts';

const run = promisify(execFile);
const bin = new URL('../bin/migcheck.js', import.meta.url).pathname;

/** property → case → count, as the census found them (unclassified as `none`). */
const counts = <S,>(c: Census<S>) =>
  Object.fromEntries(c.properties.map((p) => [p.property, { ...Object.fromEntries(Object.entries(p.classes).map(([n, k]) => [n, k.count])), ...(p.unclassified && { none: p.unclassified.count }) }]));

const census = (constants: { readonly [name: string]: string | number | boolean }) => classifyViolations(migration, { constants: { ...constants, mceHistory: true } });

describe('the census at 1 and 2 pages, committed, Xen\'s assumptions (crash, MCE does not mark dirty)', () => {
  it('1 page: one B.I crash, one A and one B.II resumption', async () => {
    // Two initial states. Page clean: the only step besides an MCE is Finish; an MCE (case A)
    // then Finish resumes with the page broken and unfenced: 1 BrokenPropagated state, A.
    // Page in to_send: TakeBatch, MapBatch, QueryTypes, SendHeader, Read, EndBatch, Finish.
    // - MCE before QueryTypes (before query): typed BROKEN, fenced: resumes fine (no violation).
    // - MCE after QueryTypes, before Read (header or data phase; both reach the same state,
    //   the page queried, normal, broken): Read crashes: 1 crashed state, NoBrokenRead, B.I.
    // - MCE after Read (data phase with the page sent, or after EndBatch; the same state
    //   after EndBatch): resumes with latest data, broken, unfenced: 1 state, B.II.
    // TargetIntegrity and NoNeedlessDiscard hold: no stale unfenced page, nothing fenced needlessly.
    const c = await census({ pages: 1, variant: 'committed' });
    expect(counts(c)).toEqual({ NoBrokenRead: { 'B.I': 1 }, BrokenPropagated: { A: 1, 'B.II': 1 } });
    expect(c.properties.every((p) => p.total === Object.values(p.classes).reduce((n, k) => n + k.count, 0))).toBe(true);
  });

  it('2 pages (one batch, up to 2 MCEs): 12 B.I crashes; 10 A and 10 B.II resumptions', async () => {
    // Per page, by its initial state: a clean page (C) ends unbroken or broken-unfenced (A);
    // a page in to_send (T) ends unbroken, fenced after an MCE before the query (mapped or
    // not: an MCE before or after MapBatch), broken-unfenced after its read (B.II), or its
    // read crashes (B.I). Pages are read in pfn order.
    // BrokenPropagated (resumed states with a broken unfenced page; the culprit is the lowest):
    //   CC: 3 (either page or both broken), all A.
    //   CT: 2 × 4 resumed states, 3 without violation: p0 broken → A (4), else p1 B.II (1).
    //   TC: p0 B.II → B.II (2: p1 broken or not); else p1 broken → A (3).
    //   TT: 16 resumed states, 9 without B.II: p0 B.II (4) or p1 B.II (3), all B.II.
    //   A = 3 + 4 + 3 = 10, B.II = 1 + 2 + 7 = 10.
    // NoBrokenRead (crashed states; the culprit is the page read): CT and TC: the T page's read
    // crashes with the C page unbroken or broken: 2 + 2. TT: p0's read crashes with p1
    // unbroken, broken after its query, or fenced (mapped or not): 4; p1's read crashes with
    // p0 sent and unbroken, sent and broken after (B.II), or fenced (mapped or not): 4.
    // 12, all B.I.
    const c = await census({ pages: 2, variant: 'committed' });
    expect(counts(c)).toEqual({ NoBrokenRead: { 'B.I': 12 }, BrokenPropagated: { A: 10, 'B.II': 10 } });
  });
});

/** The page each property fails for, read from the state (mirrors the model's culprits, without the trace). */
const culprit: { readonly [property: string]: (s: Mig) => number } = {
  NoBrokenRead: (s) => (s.phase === 'crashed' ? s.pages.findIndex((pg) => pg.stage === 'queried') : s.pages.findIndex((pg) => pg.target === 'corrupt')),
  TargetIntegrity: (s) => s.pages.findIndex((pg) => pg.target !== 'latest' && !pg.fenced),
  NoNeedlessDiscard: (s) => s.pages.findIndex((pg) => pg.target === 'latest' && pg.fenced),
  BrokenPropagated: (s) => s.pages.findIndex((pg) => pg.broken && !pg.fenced),
};

describe('the census at the default scope (3 pages, one batch, up to 2 MCEs)', () => {
  const designs = [['prepatch'], ['committed'], ['loop', 'rescan'], ['loop', 'resend'], ['v2']] as const;
  const assumptions = [['crash', false], ['crash', true], ['corrupt', false], ['corrupt', true]] as const;
  it('classifies every violating state, as many per case as the states themselves say (history variable)', async () => {
    for (const [variant, loopShape] of designs) {
      for (const [readBroken, mceMarksDirty] of assumptions) {
        const constants = { variant, ...(loopShape && { loopShape }), readBroken, mceMarksDirty, mceHistory: true };
        const c = await classifyViolations(migration, { constants });
        // The reference explorer: whole states in a Map, no engine code. Each violating state's
        // case is its culprit page's history variable: no trace needed.
        const ref = referenceExplore(fullSpecOf(migration, constantsOf(migration, constants)), { checkDeadlock: false });
        const expected: { [property: string]: { [cls: string]: number } } = {};
        for (const s of ref.states as Mig[]) {
          for (const [property, holds] of Object.entries(migration.spec(constantsOf(migration, constants) as never).invariants!)) {
            if (holds(s)) continue;
            const cls = s.mceCases.get(culprit[property](s))!;
            expected[property] ??= {};
            expected[property][cls] = (expected[property][cls] ?? 0) + 1;
          }
        }
        expect(counts(c), `${variant}/${loopShape ?? ''} ${readBroken} ${mceMarksDirty}`).toEqual(expected);
        expect(c.properties.every((p) => p.unclassified === null)).toBe(true);
        expect(c.report.distinct).toBe(ref.distinct);
      }
    }
  }, 120_000);
});

describe('a state alone cannot say which case reached it', () => {
  it('loop/rescan, MCEs marking pages dirty, 2 pages: one needless discard is case A, seen only with the history variable', async () => {
    // p0 clean and broken (A, marked dirty) while p1 is read and broken (B.II): the re-query
    // finds p1, the rescan sends both again typed BROKEN, the target fences p0's good copy.
    // With p0 in to_send and both read before breaking (B.II, B.II) the resumed state is the
    // same, reached in as many steps; breadth-first search keeps one path to it, the B.II one.
    const constants = { pages: 2, variant: 'loop', loopShape: 'rescan', mceMarksDirty: true };
    const plain = await classifyViolations(migration, { constants });
    const ghost = await census(constants);
    expect(counts(plain).NoNeedlessDiscard).toEqual({ 'B.II': 11 });
    expect(counts(ghost).NoNeedlessDiscard).toEqual({ A: 1, 'B.II': 12 });
    const a = ghost.properties.find((p) => p.property === 'NoNeedlessDiscard')!.classes.A.shortest;
    expect(a.states.map((t) => t.label).slice(1)).toContain('MCE(page=0)');
    expect((a.states.at(-1)!.state as Mig).mceCases.toArray()).toEqual(['A', 'B.II']);
  });
});

describe('classifyViolations on any model', () => {
  const counter = (classify: (n: number) => string | undefined) =>
    defineModel({
      name: 'counter',
      init: [{ n: 0 }],
      spec: () => ({
        actions: { Up: (s: { n: number }) => (s.n < 5 ? { n: s.n + 1 } : null) },
        invariants: { Small: (s: { n: number }) => s.n < 3 },
        actionProperties: { NoFour: (_: { n: number }, b: { n: number }) => b.n !== 4 },
        terminal: (s: { n: number }) => s.n === 5,
      }),
      counterexampleClasses: ['odd', 'even'],
      classifyCounterexample: (trace) => classify((trace.at(-1)!.state as { n: number }).n),
    });

  it('visits every violating state and step, classified by the model, the unclassified kept apart', async () => {
    const c = await classifyViolations(counter((n) => (n === 5 ? undefined : n % 2 ? 'odd' : 'even')));
    expect(counts(c)).toEqual({ Small: { odd: 1, even: 1, none: 1 }, NoFour: { even: 1 } });
    const small = c.properties.find((p) => p.property === 'Small')!;
    expect(small.classes.odd.shortest.states).toHaveLength(4);
    expect(small.unclassified!.shortest.states).toHaveLength(6);
    expect(c.report.violations.map((v) => v.property).sort()).toEqual(['NoFour', 'Small']);
  });

  it('a class the model does not declare is an error (151), not a new column', async () => {
    await expect(classifyViolations(counter(() => 'prime'))).rejects.toMatchObject({ exitCode: 151, message: expect.stringContaining('class "prime", which counterexampleClasses does not declare (odd, even)') });
  });
});

describe('necessity --census', () => {
  const cli = (...args: string[]) => run(process.execPath, [bin, 'necessity', ...args], { maxBuffer: 1 << 26 }).catch((e: { stdout: string; stderr: string; code: number }) => e);
  const masked = (text: string) => text.replace(/"elapsedMs": \d+/g, '"elapsedMs": 0');

  it('prints the census table, the verdict line and a witness per case; --jobs 2 prints what --jobs 1 does', async () => {
    const scope = ['--census', '--pages', '2', '--max-mce', '1'];
    const [one, two, json] = await Promise.all([cli(...scope, '--jobs', '1'), cli(...scope, '--jobs', '2'), cli(...scope, '--json', '--jobs', '2')]);
    expect(two.stdout).toBe(one.stdout);
    expect(one.stdout).toContain('== The case census: every violating state, by the review\'s case ==');
    expect(one.stdout).toMatch(/^readBroken=crash, mceMarksDirty=false +committed +BrokenPropagated +(\d+) +0 +(\d+) +0 +(\d+) +0$/m);
    expect(one.stdout).toMatch(/^Every one of the [\d,]+ violations fits one of the review's cases \(before-query, A, B\.I, B\.II\)\.$/m);
    const doc = JSON.parse(masked(json.stdout));
    expect(doc.census).toBe(true);
    const committed = doc.results[0].designs.find((d: { design: string }) => d.design === 'committed');
    expect(committed.census.BrokenPropagated.noCase).toBeNull();
    expect(Object.keys(committed.census.BrokenPropagated.cases)).toEqual(['A', 'B.II']);
  }, 60_000);
});

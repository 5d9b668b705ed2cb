// Counts at a violation, against TLC 2.18 (issue 13): TLC stops at the first violating state,
// counts it as found but not queued, and reports its level as the depth. The figures below are
// TLC's, from the commands given with each case (tla2tools.jar 2.18, one worker).

import { describe, expect, it } from 'vitest';
import { checkModel, defineModel, formatReport } from 'migcheck';
import { builtinModels } from '../model/index.ts';

const { diehard, migration } = builtinModels;

/** TLC's closing lines for these figures. */
const tlcLines = (generated: number, distinct: number, left: number, depth: number, out: [number, number, number, number]) =>
  `${generated} states generated, ${distinct} distinct states found, ${left} states left on queue.\n` +
  `The depth of the complete state graph search is ${depth}.\n` +
  `The average outdegree of the complete state graph is ${out[0]} (minimum is ${out[1]}, the maximum ${out[2]} and the 95th percentile is ${out[3]}).\n`;

describe('at a violation, TLC\'s counts', () => {
  // java -jar tla2tools.jar -workers 1 -config test/fixtures/tlc/Migration-NoBrokenRead.cfg
  // bench/tla/Migration.tla, with Pages and MaxMce set per case. TLC enumerates the initial
  // states in its order of their values (pages as functions, compared page 0 first, "clean"
  // before "toSend"): the masks of dirty pages bit-reversed. The model takes its initial states
  // in that order here, so that the two searches visit states in the same order.
  const tlcOrder = defineModel({
    ...migration,
    init: (c) => {
      const states = [...(migration.init as (c: unknown) => unknown[])(c)];
      const n = (c as { pages: number }).pages;
      const reversed = (k: number) => [...Array(n).keys()].reduce((m, b) => (k & (1 << b) ? m | (1 << (n - 1 - b)) : m), 0);
      return states.map((_, k) => states[reversed(k)]);
    },
  } as typeof migration);
  const cases: [number, number, number, number, number, [number, number, number, number]][] = [
    [2, 1, 95, 78, 17, [1, 0, 3, 3]],
    [3, 1, 282, 220, 52, [1, 0, 4, 4]],
    [3, 2, 628, 415, 148, [2, 0, 4, 4]],
    [4, 2, 2170, 1352, 523, [2, 0, 5, 5]],
  ];
  for (const [pages, maxMce, generated, distinct, left, out] of cases) {
    it(`migration (committed), ${pages} pages, ${maxMce} MCEs: NoBrokenRead, ${generated}/${distinct}/${left}, depth 7`, async () => {
      const r = await checkModel(tlcOrder, { constants: { pages, maxMce }, invariants: ['NoBrokenRead'], properties: [], checkDeadlock: false });
      expect(r.exitCode).toBe(12);
      expect(r.violations.map((v) => [v.property, v.trace!.states.length])).toEqual([['NoBrokenRead', 7]]);
      expect(formatReport(r)).toContain(tlcLines(generated, distinct, left, 7, out));
    });
  }

  it('an action property: exit 13, and the step that breaks it ends the search (DieHard, [][big\' >= big]_vars)', async () => {
    // java -jar tla2tools.jar -workers 1 -config DieHardAP.cfg DieHard.tla, with the DieHard of
    // the TLA+ Examples and PROPERTY BigUp == [][big' >= big]_<<small, big>>: FillBig, then
    // EmptyBig breaks it; "17 states generated, 5 distinct states found, 2 states left on queue".
    const m = defineModel({
      ...diehard,
      spec: (c) => ({ ...diehard.spec(c), actionProperties: { BigUp: (a, b) => b.big >= a.big } }),
    } as typeof diehard);
    const r = await checkModel(m, { invariants: ['TypeOK'], properties: ['BigUp'], checkDeadlock: false });
    expect(r.exitCode).toBe(13);
    expect(r.violations.map((v) => [v.property, v.trace!.states.map((s) => s.label)])).toEqual([['BigUp', ['Initial predicate', 'FillBig', 'EmptyBig']]]);
    const text = formatReport(r);
    expect(text).toContain('Error: Action property BigUp is violated.');
    expect(text).toContain(tlcLines(17, 5, 2, 3, [2, 2, 2, 2]));
  });
});

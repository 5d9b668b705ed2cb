// Three mutations of the engine that once survived every test (issue 12): a vacuity guard
// that can never be reached must fail a run and the gate; fingerprints must tell apart floats
// that differ in their lowest bits and integers that differ above 2^16 or 2^32. (The third, a
// deadlock found only by a worker thread, is in parallel.test.ts.)

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkModel, defineModel } from 'migcheck';
import { BUILTINS } from '../src/cli/builtins.ts';
import { runGate } from '../src/gate/gate.ts';
import vacuous from './fixtures/gate/vacuous.ts';

describe('vacuity guards', () => {
  it('a reachability check never reached is a violation of the run (exit 12), with no trace', async () => {
    const r = await checkModel(vacuous);
    expect(r.exitCode).toBe(12);
    expect(r.violations.map((v) => [v.property, v.kind, v.trace])).toEqual([['ReachesTen', 'reachability', null]]);
    expect(r.reachability.map((g) => [g.name, g.reached])).toEqual([
      ['ReachesThree', true],
      ['ReachesTen', false],
    ]);
  });

  it('fails the gate when a guard is never reached, listed as "holds" or not listed at all', async () => {
    const out: string[] = [];
    const code = await runGate({ registry: BUILTINS, manifest: join('test/fixtures/gate', 'vacuous.json') }, { out: (l) => out.push(l), err: (l) => out.push(l) });
    const text = out.join('\n');
    expect(code).toBe(12);
    expect(text).toMatch(/✘ listed[\s\S]*ReachesTen: expected holds, got violated/);
    expect(text).toMatch(/✘ unlisted[\s\S]*ReachesTen: never reached: the run is vacuous there/);
    expect(text).toMatch(/✔ intended/);
    // Listed: Small and ReachesThree pass; unlisted: Small and the guard ReachesThree; intended: all three.
    expect(out.at(-1)).toBe('7 passed, 2 failed');
  });
});

describe('fingerprint precision, seen through whole runs', () => {
  /** A chain of `n` states shown to the fingerprint (the view) as `value(i)`: all must stay apart. */
  const chain = (n: number, value: (i: number) => unknown) =>
    defineModel({
      name: 'chain',
      init: [0],
      spec: () => ({ actions: { Next: (i: number) => (i < n - 1 ? i + 1 : null) }, view: value, terminal: (i: number) => i === n - 1 }),
    });

  const cases: [string, (i: number) => unknown][] = [
    ['floats differing only in their last bits', (i) => 1 + i * 2 ** -52],
    ['floats differing only in their last bits, far from 1', (i) => 12345.678 + i * 2 ** -39],
    ['integers 2^16 apart', (i) => i * 2 ** 16],
    ['integers 2^32 apart', (i) => i * 2 ** 32],
    ['integers near 2^53', (i) => 2 ** 53 - 1 - i],
    ['negative integers below -2^31', (i) => -(2 ** 31) - i],
    ['the same numbers in Immutable-free arrays', (i) => [i * 2 ** 16, 1 + i * 2 ** -52]],
  ];
  for (const [what, value] of cases) {
    it(`keeps apart ${what}`, async () => {
      const r = await checkModel(chain(300, value));
      expect(r.exitCode).toBe(0);
      expect(r.distinct).toBe(300);
    });
  }
});

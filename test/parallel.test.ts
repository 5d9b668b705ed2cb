// The parallel search (`workers`) against the naive reference explorer and the sequential
// search: the same counts and coverage when complete, counterexamples of the same (shortest)
// length, real traces, and model errors attributed as sequentially. The hand-over level is
// set to one state per worker so that even small models are searched in parallel.

import { describe, expect, it } from 'vitest';
import { check } from '../src/api/check.ts';
import { explore } from '../src/engine/search/explore.ts';
import { Instance, type ModelSource } from '../src/engine/instance.ts';
import { builtinModels, builtinSource } from '../model/index.ts';
import random from './fixtures/random.ts';
import corner from './fixtures/corner.ts';
import throwing from './fixtures/throwing.ts';
import { assertValidTrace } from './support/assert-trace.ts';
import type { RandState } from './support/random-models.ts';
import { referenceExplore } from './support/reference.ts';
import { fullSpecOf } from './support/full-spec.ts';

const fixture = (name: string): ModelSource => ({ url: new URL(`./fixtures/${name}.ts`, import.meta.url).href, exportPath: ['default'] });
const parallel = { workers: 2, handoverStates: 1 };

describe('the parallel search', () => {
  it('agrees with the reference explorer on random models: counts, coverage, shortest traces', async () => {
    let violations = 0, handedOver = 0;
    for (let k = 0; k < 24; k++) {
      const seed = 0x5eed0000 + k * 7;
      const inst = Instance.create(random, { seed }, fixture('random'));
      const spec = fullSpecOf(random, { seed });
      const checkDeadlock = seed % 3 !== 0;
      const ref = referenceExplore(spec, { checkDeadlock });
      const r = await explore(inst, { checkDeadlock, continueAfterViolation: true, ...parallel });
      const where = `seed ${seed}`;
      expect(r.warnings, where).toBeUndefined();
      expect(r.complete, where).toBe(true);
      expect({ distinct: r.distinct, generated: r.generated, depth: r.depth }, where).toEqual({ distinct: ref.distinct, generated: ref.generated, depth: ref.depth });
      const safety = r.violations.filter((v) => v.kind !== 'reachability');
      expect(Object.fromEntries(safety.map((v) => [v.property, v.trace!.states.length])), where).toEqual(Object.fromEntries(ref.violations));
      for (const v of safety) assertValidTrace(spec as never, v as never, seed);
      // Which label first reaches a state depends on which worker got there first: only the
      // generated counts per label are deterministic (and the distinct ones sum up).
      const generated = (rows: [string, { generated: number }][]) => Object.fromEntries(rows.filter(([, c]) => c.generated > 0).map(([l, c]) => [l, c.generated]));
      expect(generated(r.coverage.map((c) => [c.label, c])), `${where} coverage`).toEqual(generated([...ref.coverage]));
      expect(r.coverage.reduce((a, c) => a + c.distinct, 0), where).toBe([...ref.coverage.values()].reduce((a, c) => a + c.distinct, 0));
      violations += safety.length;
      if (r.parallel) handedOver++;
    }
    expect(violations).toBeGreaterThan(8);
    expect(handedOver).toBeGreaterThan(12);
  });

  it('stops at a first violation as short as the sequential one', async () => {
    for (let k = 0; k < 8; k++) {
      const seed = 0x5eed0100 + k;
      const inst = Instance.create(random, { seed }, fixture('random'));
      const seq = await explore(Instance.create(random, { seed }), { checkDeadlock: true });
      const par = await explore(inst, { checkDeadlock: true, ...parallel });
      const len = (r: typeof seq) => Math.min(...r.violations.filter((v) => v.trace).map((v) => v.trace!.states.length));
      expect(par.status, `seed ${seed}`).toBe(seq.status);
      if (seq.status === 'violation') expect(len(par), `seed ${seed}`).toBe(len(seq));
    }
  });

  it('reports a deadlock that only a worker thread can find, with its shortest trace', async () => {
    // The corner of a 30 x 30 grid is its one deadlock, 59 states deep: far past the hand-over.
    const inst = Instance.create(corner, {}, fixture('corner'));
    const r = await explore(inst, { checkDeadlock: true, ...parallel });
    expect(r.parallel?.workers).toBe(2);
    expect(r.status).toBe('violation');
    expect(r.violations.map((v) => [v.kind, v.trace!.states.length])).toEqual([['deadlock', 59]]);
    expect(r.violations[0].trace!.states.at(-1)!.state).toEqual({ x: 29, y: 29 });
  });

  it('reports a state outside the state domain found on a worker thread as the model error it is', async () => {
    const inst = Instance.create(corner, { n: 40, foreignAt: 30 }, fixture('corner'));
    const r = await explore(inst, { checkDeadlock: true, ...parallel });
    expect(r.parallel?.workers).toBe(2);
    expect(r.status).toBe('error');
    expect(r.error).toMatchObject({ part: 'action', fault: true });
    expect(r.error!.message).toMatch(/native Set .* at state\.z/);
  });

  it('finds TwoPhase with 6 RMs exactly as the sequential search does', async () => {
    const seq = await explore(Instance.create(builtinModels.twophase, { rms: 6 }), { checkDeadlock: false });
    const par = await explore(Instance.create(builtinModels.twophase, { rms: 6 }, builtinSource('twophase')), { checkDeadlock: false, workers: 2 });
    expect({ distinct: par.distinct, generated: par.generated, depth: par.depth, status: par.status }).toEqual({ distinct: seq.distinct, generated: seq.generated, depth: seq.depth, status: 'ok' });
    expect(par.parallel?.workers).toBe(2);
    expect(par.coverage.map((c) => [c.label, c.generated])).toEqual(seq.coverage.map((c) => [c.label, c.generated]));
  });

  it('keeps one state per orbit under --symmetry, as the sequential search does', async () => {
    const seq = await explore(Instance.create(builtinModels.twophase, { rms: 5 }), { checkDeadlock: false, symmetry: true });
    const par = await explore(Instance.create(builtinModels.twophase, { rms: 5 }, builtinSource('twophase')), { checkDeadlock: false, symmetry: true, workers: 2, handoverStates: 4 });
    expect(par.parallel?.workers).toBe(2);
    expect([par.distinct, par.generated, par.depth]).toEqual([seq.distinct, seq.generated, seq.depth]);
    expect(par.distinct).toBe(314);
  });

  it('names the action or invariant that threw in a worker, with the trace to it', async () => {
    for (const throwIn of ['action', 'invariant']) {
      const r = await check(Instance.create(throwing, { throwIn }, fixture('throwing')), parallel);
      expect(r.status).toBe('error');
      expect(r.error?.part).toBe(throwIn);
      expect(r.error?.message).toMatch(/page table not mapped/);
      expect(r.error?.trace?.states.at(-1)?.state).toEqual({ n: 2 });
    }
  });

  it('runs on this thread, with a warning, when temporal properties need the state graph', async () => {
    const r = await check(Instance.create(builtinModels.migration, {}, builtinSource('migration')), { workers: 2, continueAfterViolation: true });
    expect(r.parallel).toBeUndefined();
    expect(r.warnings).toContainEqual(expect.stringMatching(/--workers 2 ignored: the state graph/));
    expect(r.violations.some((v) => v.kind === 'liveness' || v.kind === 'invariant')).toBe(true);
  });

  it('runs on this thread, with a warning, for a model no worker can import', async () => {
    const r = await explore(Instance.create(builtinModels.twophase, { rms: 3 }), { checkDeadlock: false, ...parallel });
    expect(r.distinct).toBe(288);
    expect(r.warnings?.[0]).toMatch(/--workers 2 ignored/);
  });
});

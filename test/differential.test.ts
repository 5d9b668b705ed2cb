// Differential test: the engine against a naive reference explorer (test/support/reference.ts)
// on a few hundred random small models. Any disagreement in counts, verdicts or shortest
// counterexample lengths is an engine bug (or a reference bug; either way, look).

import { Record } from 'immutable';
import { describe, expect, it } from 'vitest';
import { defineModel } from '../src/api/model.ts';
import { check } from '../src/api/check.ts';
import { Instance } from '../src/engine/instance.ts';
import { randomModel, type RandState } from './support/random-models.ts';
import { assertValidTrace } from './support/assert-trace.ts';
import { referenceExplore } from './support/reference.ts';
import { fullSpecOf } from './support/full-spec.ts';

const MODELS = 300;
const seeds = Array.from({ length: MODELS }, (_, i) => 0x5eed0000 + i);

describe(`engine vs naive reference explorer on ${MODELS} random models`, () => {
  it('agrees on counts, per-label coverage, violated properties, shortest trace lengths and reachability (continue mode)', async () => {
    let violationsSeen = 0, deadlocks = 0, constrained = 0, viewed = 0;
    for (const seed of seeds) {
      const model = randomModel(seed);
      const spec = fullSpecOf(model);
      const checkDeadlock = seed % 3 !== 0;
      const ref = referenceExplore(spec, { checkDeadlock });
      const r = await check(Instance.create(model), { checkDeadlock, continueAfterViolation: true });
      const where = `seed ${seed}`;
      expect(r.complete, where).toBe(true);
      expect({ distinct: r.distinct, generated: r.generated, depth: r.depth }, where).toEqual({ distinct: ref.distinct, generated: ref.generated, depth: ref.depth });

      const safety = r.violations.filter((v) => v.kind !== 'reachability');
      const lengths = Object.fromEntries(safety.map((v) => [v.property, v.trace!.states.length]));
      expect(lengths, where).toEqual(Object.fromEntries(ref.violations));
      for (const v of safety) assertValidTrace(spec, v, seed);

      const coverage = Object.fromEntries(r.coverage.filter((c) => c.generated > 0).map((c) => [c.label, { generated: c.generated, distinct: c.distinct }]));
      expect(coverage, `${where} coverage`).toEqual(Object.fromEntries(ref.coverage));

      for (const rr of r.reachability) {
        expect(rr.reached, `${where} ${rr.name}`).toBe(ref.reached.has(rr.name));
        if (rr.reached) expect(rr.trace!.states.length, `${where} ${rr.name}`).toBe(ref.reached.get(rr.name));
      }
      violationsSeen += safety.length;
      if (ref.violations.has('Deadlock')) deadlocks++;
      if (spec.view) viewed++;
      if (Object.keys(spec.constraints ?? {}).length + Object.keys(spec.actionConstraints ?? {}).length > 0) constrained++;
    }
    // The generator must actually exercise what it claims to (else this test proves little).
    expect(violationsSeen).toBeGreaterThan(MODELS / 2);
    expect(deadlocks).toBeGreaterThan(10);
    expect(constrained).toBeGreaterThan(MODELS / 5);
    expect(viewed).toBeGreaterThan(MODELS / 10);
  });

  it('records the same state graph (edges, labels, atoms) as the reference, in discovery order', async () => {
    let edges = 0;
    for (const seed of seeds.slice(0, 150)) {
      const model = randomModel(seed);
      const spec = fullSpecOf(model);
      const maxDepth = seed % 2 ? 3 : undefined;
      const ref = referenceExplore(spec, { checkDeadlock: false, maxDepth });
      const inst = Instance.create(model);
      const atoms = Object.entries(spec.invariants ?? {}).map(([owner, test]) => ({ owner, test }));
      const r = await check(inst, { checkDeadlock: false, continueAfterViolation: true, maxDepth, graph: { atoms } });
      const g = r.graph!;
      const where = `seed ${seed}`;
      expect(g.size, where).toBe(ref.states.length);
      const got: ([number, string][] | null)[] = [];
      for (let i = 0; i < g.size; i++) {
        const out: [number, string][] = [];
        for (let e = g.offsets[i]; e < g.offsets[i + 1]; e++) out.push([g.targets[e], inst.labels.texts[g.labels[e]]]);
        got.push(g.expanded[i] ? out : null);
        if (!g.expanded[i]) expect(out, `${where}: unexpanded state ${i} has no edges`).toEqual([]);
      }
      expect(got, where).toEqual(ref.edges);
      atoms.forEach(({ test: p }, k) => expect([...g.atoms[k]], `${where} atom ${k}`).toEqual(ref.states.map((x) => (p(x as RandState) ? 1 : 0))));
      edges += g.targets.length;
    }
    expect(edges).toBeGreaterThan(1000);
  });

  it('agrees under a depth bound (maxDepth), where the search is incomplete', async () => {
    let cut = 0;
    for (const seed of seeds.slice(0, 150)) {
      const model = randomModel(seed);
      const spec = fullSpecOf(model);
      const maxDepth = 2 + (seed % 3);
      const ref = referenceExplore(spec, { checkDeadlock: true, maxDepth });
      const full = referenceExplore(spec, { checkDeadlock: true });
      const r = await check(Instance.create(model), { checkDeadlock: true, continueAfterViolation: true, maxDepth });
      const where = `seed ${seed}, maxDepth ${maxDepth}`;
      expect({ distinct: r.distinct, generated: r.generated, depth: r.depth }, where).toEqual({ distinct: ref.distinct, generated: ref.generated, depth: ref.depth });
      const safety = r.violations.filter((v) => v.kind !== 'reachability');
      expect(Object.fromEntries(safety.map((v) => [v.property, v.trace!.states.length])), where).toEqual(Object.fromEntries(ref.violations));
      // A cut search never claims that a reachability check is never met.
      if (full.depth > maxDepth) {
        cut++;
        expect(r.complete, where).toBe(false);
        for (const rr of r.reachability) expect(rr.reached, `${where} ${rr.name}`).toBe(ref.reached.has(rr.name) ? true : null);
      }
    }
    expect(cut).toBeGreaterThan(50);
  });

  it('stops at the first violation in TLC\'s order, with a shortest trace of its kind', async () => {
    let stopped = 0;
    for (const seed of seeds) {
      const model = randomModel(seed);
      const spec = fullSpecOf(model);
      const ref = referenceExplore(spec, { checkDeadlock: true });
      const r = await check(Instance.create(model), { checkDeadlock: true });
      const safety = r.violations.filter((v) => v.kind !== 'reachability');
      if (ref.violations.size === 0) {
        expect(safety, `seed ${seed}`).toEqual([]);
        continue;
      }
      stopped++;
      expect(safety.length, `seed ${seed}`).toBeGreaterThanOrEqual(1);
      // Expanding level k finds its deadlocks (length k) and the invariant and action property
      // violations of level k + 1 in one pass, and TLC stops at whichever comes first: so the
      // violation reported is a shortest one, or one state longer than a deadlock not yet seen.
      expect(safety.length, `seed ${seed}`).toBe(1);
      const shortest = Math.min(...ref.violations.values());
      const v = safety[0];
      const length = v.trace!.states.length;
      expect(length, `seed ${seed} ${v.property}`).toBe(ref.violations.get(v.property));
      if (length !== shortest) expect([length, v.kind, ref.violations.get('Deadlock')], `seed ${seed} ${v.property}`).toEqual([shortest + 1, v.kind === 'deadlock' ? 'none' : v.kind, shortest]);
      assertValidTrace(spec, v, seed);
    }
    expect(stopped).toBeGreaterThan(MODELS / 2);
  });
});

describe('stop-at-first-violation, as TLC (seed 0x5eed0007 of the differential test)', () => {
  it('reports the invariant violation of length 2 found before a deadlock of length 1 in the same level', async () => {
    // Initial states 0 and 1: state 0 steps to 2, which violates the invariant (length 2);
    // state 1, expanded later in the same level, has no successor (a deadlock of length 1).
    // TLC 2.18 (`java -jar tla2tools.jar -workers 1 LateDeadlock.tla`, Init == x \in {0, 1},
    // Next == x = 0 /\ x' = 2, INVARIANT NotTwo == x # 2) stops at the invariant: "3 states
    // generated, 3 distinct states found, 1 states left on queue", depth 2.
    const model = defineModel({
      name: 'late-deadlock',
      init: [0, 1],
      spec: () => ({
        actions: { Step: (s: number) => (s === 0 ? 2 : null) },
        invariants: { NotTwo: (s: number) => s !== 2 },
      }),
    });
    const r = await check(Instance.create(model));
    expect(r.violations.map((v) => [v.property, v.trace!.states.length])).toEqual([['NotTwo', 2]]);
    expect([r.generated, r.distinct, r.queueLeft, r.depth]).toEqual([3, 3, 1, 2]);
  });
});

describe('a model larger than the frontier-release threshold (65,536 states)', () => {
  it('keeps closed-form counts and a valid shortest trace across queue releases', async () => {
    // A 300 x 300 grid walked by a+1 and b+1: 90,000 states, 2 * 299 * 300 edges, depth 599,
    // one deadlock at the far corner. Explored states are let go every 65,536 indices, so a
    // slip in the queue offset would expand the wrong states or stop early.
    const N = 300;
    const G = Record({ a: 0, b: 0 });
    type G = ReturnType<typeof G>;
    const model = defineModel({
      name: 'grid',
      init: [G()],
      spec: () => ({
        actions: { A: (s: G) => (s.a < N - 1 ? s.set('a', s.a + 1) : null), B: (s: G) => (s.b < N - 1 ? s.set('b', s.b + 1) : null) },
        invariants: { NotDiagonalEnd: (s: G) => s.a + s.b !== 2 * N - 3 },
      }),
    });
    const r = await check(Instance.create(model), { continueAfterViolation: true });
    expect([r.distinct, r.generated, r.depth]).toEqual([N * N, 1 + 2 * (N - 1) * N, 2 * N - 1]);
    const lengths = Object.fromEntries(r.violations.map((v) => [v.property, v.trace!.states.length]));
    expect(lengths).toEqual({ NotDiagonalEnd: 2 * N - 2, Deadlock: 2 * N - 1 });
    const last = r.violations.find((v) => v.property === 'Deadlock')!.trace!.states.at(-1)!.state;
    expect([last.a, last.b]).toEqual([N - 1, N - 1]);
  });
});

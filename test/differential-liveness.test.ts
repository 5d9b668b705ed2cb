// Differential test of the liveness phase: on random models small enough to enumerate every
// candidate set of infinitely-visited states, a brute-force oracle decides `<>P` and `[]<>P`
// under random WF/SF fairness straight from the definitions, with no SCC decomposition:
// a violation exists iff some set C of states (i) is strongly connected by edges inside C
// (a single state always is: it may stutter), (ii) lies where P is false, (iii) is reachable
// from an initial state (for `<>P` along states where P is false), and (iv) is fair: for
// WF(A) some state of C does not enable A or an A-step inside C is taken; for SF(A) no state
// of C enables A or an A-step inside C is taken (steps that change the state only).

import { is } from 'immutable';
import { describe, expect, it } from 'vitest';
import { alwaysEventually, defineModel, eventually, formatStep, leadsTo, type Fairness, type Spec } from '../src/index.ts';
import type { Trace } from '../src/engine/trace.ts';
import { check } from '../src/engine/check.ts';
import { Instance } from '../src/engine/instance.ts';
import { prng, randomModel, type RandState } from './support/random-models.ts';
import { referenceExplore, refSuccessors } from './support/reference.ts';
import { fullSpecOf, modelOf, type FullSpec } from './support/full-spec.ts';

const MAX_STATES = 11;

type Op = 'eventually' | 'alwaysEventually' | 'leadsTo';

/** `P` is the predicate that must eventually hold (`Q` of `R ~> Q`, whose premise is `r`). */
function oracle(states: unknown[], edges: [number, string][][], initial: number[], p: (s: RandState) => boolean, op: Op, fairness: Fairness[], r?: (s: RandState) => boolean): boolean {
  const n = states.length;
  const notP = states.map((s) => !p(s as RandState));
  const action = (label: string) => label.replace(/\(.*$/, '');
  const changing = edges.map((out, u) => out.filter(([w]) => w !== u));
  // Reachable from an initial state (index 0 .. initialCount-1), through ¬P states for <>P.
  const reach = (from: number[], allowed: (v: number) => boolean) => {
    const seen = new Array<boolean>(n).fill(false);
    const stack = from.filter(allowed);
    for (const v of stack) seen[v] = true;
    while (stack.length) {
      const u = stack.pop()!;
      for (const [w] of edges[u]) if (!seen[w] && allowed(w)) (seen[w] = true), stack.push(w);
    }
    return seen;
  };
  // R ~> Q: from a reachable state where R holds and Q does not, along states without Q.
  const seeds = op === 'leadsTo' ? reach(initial, () => true).flatMap((ok, v) => (ok && r!(states[v] as RandState) && notP[v] ? [v] : [])) : initial;
  const reachable = reach(seeds, op === 'alwaysEventually' ? () => true : (v) => notP[v]);
  for (let mask = 1; mask < 1 << n; mask++) {
    const inC = (v: number) => ((mask >> v) & 1) === 1;
    const members = [...Array(n).keys()].filter(inC);
    if (!members.every((v) => notP[v]) || !members.some((v) => reachable[v])) continue;
    // Every member must reach every other inside C.
    if (!members.every((v) => reach([v], inC).every((r, w) => r || !inC(w)))) continue;
    const fair = fairness.every((f) => {
      const enables = (v: number) => changing[v].some(([, l]) => f.actions.includes(action(l)));
      const taken = members.some((u) => changing[u].some(([w, l]) => inC(w) && f.actions.includes(action(l))));
      return taken || (f.kind === 'WF' ? members.some((v) => !enables(v)) : !members.some(enables));
    });
    if (fair) return true;
  }
  return false;
}

/** The engine's lasso is a real behaviour of the spec that violates the property and is fair. */
function assertFairLasso(spec: FullSpec<RandState>, t: Trace<RandState>, p: (s: RandState) => boolean, op: Op, fairness: Fairness[], where: string, r?: (s: RandState) => boolean): void {
  const states = t.states.map((x) => x.state);
  expect(t.loop, where).toBeGreaterThanOrEqual(0);
  const loop = t.loop!;
  expect([...spec.init].some((s) => is(s, states[0])), `${where}: starts initial`).toBe(true);
  const hasStep = (from: RandState, label: string, to: RandState) => refSuccessors(spec, from).some(({ step, next }) => formatStep(step) === label && is(next, to));
  for (let k = 1; k < states.length; k++) expect(hasStep(states[k - 1], t.states[k].label, states[k]), `${where}: step ${k}`).toBe(true);
  // Where P must stay false: everywhere (<>P), on the cycle ([]<>P), or from a state where the
  // premise holds on, the cycle included (R ~> P).
  const from = op === 'eventually' ? 0 : op === 'alwaysEventually' ? loop : states.findIndex((s, i) => r!(s) && states.slice(Math.min(i, loop)).every((x) => !p(x)));
  expect(from, `${where}: premise state`).toBeGreaterThanOrEqual(0);
  expect(states.slice(Math.min(from, loop)).every((s) => !p(s)), `${where}: P false where it must be`).toBe(true);
  // The cycle: states[loop..] then the closing step back to states[loop], or stuttering at the end.
  const cycle = states.slice(loop);
  const steps: [RandState, string, RandState][] = cycle.slice(1).map((s, i) => [cycle[i], t.states[loop + i + 1].label, s]);
  if (t.stuttering) expect(cycle, `${where}: stuttering at one state`).toHaveLength(1);
  else {
    expect(hasStep(states.at(-1)!, t.loopLabel!, states[loop]), `${where}: closing step`).toBe(true);
    steps.push([states.at(-1)!, t.loopLabel!, states[loop]]);
  }
  for (const f of fairness) {
    const inGroup = (label: string) => f.actions.includes(label.replace(/\(.*$/, ''));
    const enables = (s: RandState) => refSuccessors(spec, s).some(({ step, next }) => inGroup(formatStep(step)) && !is(next, s));
    const taken = steps.some(([a, l, b]) => inGroup(l) && !is(a, b));
    const ok = taken || (f.kind === 'WF' ? cycle.some((s) => !enables(s)) : !cycle.some(enables));
    expect(ok, `${where}: lasso fair for ${f.kind}(${f.actions.join(',')})`).toBe(true);
  }
}

describe('liveness vs a brute-force oracle on small random models', () => {
  it('agrees on <>P, []<>P and R ~> P under random WF/SF fairness', async () => {
    let checked = 0, violated = 0, fairUsed = 0;
    for (let seed = 0x11fe0000; checked < 120 && seed < 0x11fe0000 + 4000; seed++) {
      const base = randomModel(seed);
      const spec = fullSpecOf(base);
      if (Object.keys(spec.constraints ?? {}).length + Object.keys(spec.actionConstraints ?? {}).length > 0) continue;
      const ref = referenceExplore(spec, { checkDeadlock: false });
      if (ref.distinct > MAX_STATES) continue;
      checked++;
      const rnd = prng(seed);
      const k = Math.floor(rnd() * 6);
      const p = (s: RandState) => (s.get('v0') as number) + (s.get('v1') as number) === k;
      const op: Op = (['eventually', 'alwaysEventually', 'leadsTo'] as const)[Math.floor(rnd() * 3)];
      const j = Math.floor(rnd() * 4);
      const premise = (s: RandState) => (s.get('v1') as number) === j;
      const formula = op === 'eventually' ? eventually(p) : op === 'alwaysEventually' ? alwaysEventually(p) : leadsTo(premise, p);
      const names = Object.keys(spec.actions);
      const fairness: Fairness[] = names.filter(() => rnd() < 0.6).map((a) => ({ kind: rnd() < 0.5 ? 'WF' : 'SF', actions: rnd() < 0.3 ? names : [a] }));
      if (fairness.length) fairUsed++;
      const model = modelOf({ ...spec, invariants: {}, actionProperties: {}, reachable: {}, properties: { Live: formula }, fairness }, base.name);
      const init = [...spec.init];
      const initial = ref.states.flatMap((s, i) => (init.some((x) => is(x, s)) ? [i] : []));
      const r = await check(Instance.create(model), { checkDeadlock: false });
      const expected = oracle(ref.states, ref.edges as [number, string][][], initial, p, op, fairness, premise);
      const live = r.violations.find((v) => v.property === 'Live');
      const where = `seed ${seed} ${op} k=${k} fairness ${JSON.stringify(fairness)}`;
      expect(live !== undefined, where).toBe(expected);
      if (live) assertFairLasso(spec, live.trace!, p, op, fairness, where, premise);
      if (expected) violated++;
    }
    expect(checked).toBe(120);
    expect(violated).toBeGreaterThan(15);
    expect(120 - violated).toBeGreaterThan(15);
    expect(fairUsed).toBeGreaterThan(40);
  });
});

describe('weak vs strong fairness (the case random small models rarely produce)', () => {
  // B toggles 0 <-> 1; A (enabled in 0 only) goes to 2. Looping 0 <-> 1 enables A infinitely
  // often but not continuously: WF(A) allows it, SF(A) does not.
  const model = (kind: 'WF' | 'SF') =>
    defineModel({
      name: `wf-sf-${kind}`,
      init: [0],
      spec: () => ({
        actions: { A: (s: number) => (s === 0 ? 2 : null), B: (s: number) => (s < 2 ? 1 - s : null) },
        properties: { ReachTwo: eventually((s: number) => s === 2) },
        fairness: [{ kind, actions: ['A'] }, { kind: 'WF' as const, actions: ['B'] }],
      }),
    });

  it('WF(A) admits the 0 <-> 1 loop, SF(A) does not', async () => {
    const weak = await check(Instance.create(model('WF')), { checkDeadlock: false });
    expect(weak.violations.map((v) => v.property)).toEqual(['ReachTwo']);
    expect(oracle([0, 1, 2], [[[2, 'A'], [1, 'B']], [[0, 'B']], []], [0], (s) => (s as unknown as number) === 2, 'eventually', [{ kind: 'WF', actions: ['A'] }, { kind: 'WF', actions: ['B'] }])).toBe(true);
    const strong = await check(Instance.create(model('SF')), { checkDeadlock: false });
    expect(strong.violations).toEqual([]);
    expect(oracle([0, 1, 2], [[[2, 'A'], [1, 'B']], [[0, 'B']], []], [0], (s) => (s as unknown as number) === 2, 'eventually', [{ kind: 'SF', actions: ['A'] }, { kind: 'WF', actions: ['B'] }])).toBe(false);
  });
});

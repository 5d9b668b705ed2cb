// Differential test of the liveness phase: on random models small enough to enumerate every
// candidate set of infinitely-visited states, a brute-force oracle decides `<>P`, `[]<>P`,
// `R ~> P` and `R => <>P` under random WF/SF fairness straight from the definitions, with no SCC decomposition:
// a violation exists iff some set C of states (i) is strongly connected by edges inside C
// (a single state always is: it may stutter), (ii) lies where P is false, (iii) is reachable
// from an initial state (for `<>P` along states where P is false), and (iv) is fair: for
// WF(A) some state of C does not enable A or an A-step inside C is taken; for SF(A) no state
// of C enables A or an A-step inside C is taken (steps that change the state only). A group
// names whole actions or single instances by label, and `each` makes one group per instance
// (label) met, `where` keeping those whose parameter passes: expanded here from the labels'
// text, not by the engine's code.

import { is, Record } from 'immutable';
import { describe, expect, it } from 'vitest';
import { alwaysEventually, defineModel, eventually, formatStep, implies, leadsTo, type Fairness, type Spec } from '../src/index.ts';
import type { Trace } from '../src/engine/search/trace.ts';
import { check } from '../src/api/check.ts';
import { Instance } from '../src/engine/instance.ts';
import { prng, randomModel, type RandState } from './support/random-models.ts';
import { referenceExplore, refSuccessors } from './support/reference.ts';
import { fullSpecOf, modelOf, type FullSpec } from './support/full-spec.ts';

const MAX_STATES = 11;

type Op = 'eventually' | 'alwaysEventually' | 'leadsTo' | 'implies';

/** The label's parameter p (random models have no other), or none. */
const paramOf = (label: string) => /\(p=(\d+)\)$/.exec(label)?.[1];

/** Each fairness condition as a test on labels, among the labels `met`: one per instance for `each`. */
function labelGroups(fairness: readonly Fairness[], met: readonly string[]): { kind: 'WF' | 'SF'; has: (label: string) => boolean }[] {
  return fairness.flatMap((f) => {
    const members = met.filter((l) => (f.actions.includes(l.replace(/\(.*$/, '')) || f.actions.includes(l)) && (!f.where || f.where(paramOf(l) === undefined ? {} : { p: Number(paramOf(l)) })));
    return f.each ? members.map((l) => ({ kind: f.kind, has: (x: string) => x === l })) : [{ kind: f.kind, has: (x: string) => members.includes(x) }];
  });
}

/** `P` is the predicate that must eventually hold (`Q` of `R ~> Q`, whose premise is `r`). */
function oracle(states: unknown[], edges: [number, string][][], initial: number[], p: (s: RandState) => boolean, op: Op, fairness: Fairness[], r?: (s: RandState) => boolean): boolean {
  const n = states.length;
  const notP = states.map((s) => !p(s as RandState));
  const groups = labelGroups(fairness, [...new Set(edges.flat().map(([, l]) => l))]);
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
  // R => <>Q: from an initial state where R holds.
  const seeds = op === 'leadsTo' ? reach(initial, () => true).flatMap((ok, v) => (ok && r!(states[v] as RandState) && notP[v] ? [v] : [])) : op === 'implies' ? initial.filter((v) => r!(states[v] as RandState)) : initial;
  const reachable = reach(seeds, op === 'alwaysEventually' ? () => true : (v) => notP[v]);
  for (let mask = 1; mask < 1 << n; mask++) {
    const inC = (v: number) => ((mask >> v) & 1) === 1;
    const members = [...Array(n).keys()].filter(inC);
    if (!members.every((v) => notP[v]) || !members.some((v) => reachable[v])) continue;
    // Every member must reach every other inside C.
    if (!members.every((v) => reach([v], inC).every((r, w) => r || !inC(w)))) continue;
    const fair = groups.every((f) => {
      const enables = (v: number) => changing[v].some(([, l]) => f.has(l));
      const taken = members.some((u) => changing[u].some(([w, l]) => inC(w) && f.has(l)));
      return taken || (f.kind === 'WF' ? members.some((v) => !enables(v)) : !members.some(enables));
    });
    if (fair) return true;
  }
  return false;
}

/** The engine's lasso is a real behaviour of the spec that violates the property and is fair. */
function assertFairLasso(spec: FullSpec<RandState>, t: Trace<RandState>, met: readonly string[], p: (s: RandState) => boolean, op: Op, fairness: Fairness[], where: string, r?: (s: RandState) => boolean): void {
  const states = t.states.map((x) => x.state);
  expect(t.loop, where).toBeGreaterThanOrEqual(0);
  const loop = t.loop!;
  expect([...spec.init].some((s) => is(s, states[0])), `${where}: starts initial`).toBe(true);
  const hasStep = (from: RandState, label: string, to: RandState) => refSuccessors(spec, from).some(({ step, next }) => formatStep(step) === label && is(next, to));
  for (let k = 1; k < states.length; k++) expect(hasStep(states[k - 1], t.states[k].label, states[k]), `${where}: step ${k}`).toBe(true);
  // Where P must stay false: everywhere (<>P, and R => <>P with R initially), on the cycle
  // ([]<>P), or from a state where the premise holds on, the cycle included (R ~> P).
  const from = op === 'eventually' ? 0 : op === 'implies' ? (r!(states[0]) ? 0 : -1) : op === 'alwaysEventually' ? loop : states.findIndex((s, i) => r!(s) && states.slice(Math.min(i, loop)).every((x) => !p(x)));
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
  for (const [k, f] of labelGroups(fairness, met).entries()) {
    const enables = (s: RandState) => refSuccessors(spec, s).some(({ step, next }) => f.has(formatStep(step)) && !is(next, s));
    const taken = steps.some(([a, l, b]) => f.has(l) && !is(a, b));
    const ok = taken || (f.kind === 'WF' ? cycle.some((s) => !enables(s)) : !cycle.some(enables));
    expect(ok, `${where}: lasso fair for group ${k}`).toBe(true);
  }
}

/**
 * Check `formula` (of shape `op`, with `p` and the leads-to `premise`) under `fairness` with
 * the engine and the oracle; they must agree and an engine lasso must be a fair violating
 * behaviour. Returns the verdict: violated or not.
 */
async function agrees(spec: FullSpec<RandState>, name: string, p: (s: RandState) => boolean, op: Op, premise: (s: RandState) => boolean, fairness: Fairness[], where: string): Promise<boolean> {
  const ref = referenceExplore(spec, { checkDeadlock: false });
  const formula = op === 'eventually' ? eventually(p) : op === 'alwaysEventually' ? alwaysEventually(p) : op === 'leadsTo' ? leadsTo(premise, p) : implies(premise, eventually(p));
  const model = modelOf({ ...spec, invariants: {}, actionProperties: {}, reachable: {}, properties: { Live: formula }, fairness }, name);
  const init = [...spec.init];
  const initial = ref.states.flatMap((s, i) => (init.some((x) => is(x, s)) ? [i] : []));
  const r = await check(Instance.create(model), { checkDeadlock: false });
  const expected = oracle(ref.states, ref.edges as [number, string][][], initial, p, op, fairness, premise);
  const live = r.violations.find((v) => v.property === 'Live');
  expect(live !== undefined, where).toBe(expected);
  if (live) assertFairLasso(spec, live.trace!, labelsOf(ref.edges), p, op, fairness, where, premise);
  return expected;
}

const labelsOf = (edges: readonly ([number, string][] | null)[]) => [...new Set(edges.flatMap((out) => out ?? []).map(([, l]) => l))];
const OPS = ['eventually', 'alwaysEventually', 'leadsTo', 'implies'] as const;

describe('liveness vs a brute-force oracle on small random models', () => {
  it('agrees on <>P, []<>P, R ~> P and R => <>P under random WF/SF fairness, per action and per instance', async () => {
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
      const op = OPS[Math.floor(rnd() * 4)];
      const j = Math.floor(rnd() * 4);
      const premise = (s: RandState) => (s.get('v1') as number) === j;
      const names = Object.keys(spec.actions);
      const fairness: Fairness[] = names.filter(() => rnd() < 0.6).map((a) => ({ kind: rnd() < 0.5 ? 'WF' : 'SF', actions: rnd() < 0.3 ? names : [a] }));
      // Sometimes a random subset of the labels met as one group.
      if (rnd() < 0.3) fairness.push({ kind: rnd() < 0.5 ? 'WF' : 'SF', actions: labelsOf(ref.edges).filter(() => rnd() < 0.4) });
      if (fairness.length) fairUsed++;
      if (await agrees(spec, base.name, p, op, premise, fairness, `seed ${seed} ${op} k=${k} fairness ${JSON.stringify(fairness)}`)) violated++;
    }
    expect(checked).toBe(120);
    expect(violated).toBeGreaterThan(15);
    expect(120 - violated).toBeGreaterThan(15);
    expect(fairUsed).toBeGreaterThan(40);
  });

  // Random models rarely tell an instance's fairness from its action's (2 in 2,000 do):
  // processes that each count their own counter, when a guard on another allows, do.
  it('agrees on random processes under WF/SF per instance, per subset of instances and per action', async () => {
    let violated = 0, perInstanceMatters = 0;
    for (let seed = 1; seed <= 150; seed++) {
      const rnd = prng(seed);
      const int = (n: number) => Math.floor(rnd() * n);
      const n = 2 + int(2);
      const mod = n === 2 ? 2 + int(2) : 2;
      const St = Record<{ [k: string]: number }>(Object.fromEntries(Array.from({ length: n }, (_, i) => [`v${i}`, 0])));
      const at = (s: RandState, i: number) => s.get(`v${i}`) as number;
      // Process i moves while process `on[i]` is not at `off[i]` (or always).
      const on = Array.from({ length: n }, (_, i) => (i + 1 + int(n - 1)) % n);
      const off = Array.from({ length: n }, () => (rnd() < 0.5 ? -1 : int(mod)));
      const procs = Array.from({ length: n }, (_, i) => ({ p: i }));
      const spec: FullSpec<RandState> = {
        init: [St() as unknown as RandState],
        actions: { Proc: { params: () => procs, next: (s: RandState, { p }: { p: number }) => at(s, on[p]) !== off[p] && s.set(`v${p}`, (at(s, p) + 1) % mod) } },
      };
      const target = int(n), value = 1 + int(mod - 1), j = int(n);
      const p = (s: RandState) => at(s, target) === value;
      const premise = (s: RandState) => at(s, j) === 0;
      const op = OPS[int(4)];
      const kind = (): 'WF' | 'SF' => (rnd() < 0.5 ? 'WF' : 'SF');
      const fairness: Fairness[] = [];
      const shape = int(4);
      if (shape === 0) fairness.push({ kind: kind(), actions: ['Proc'], each: true });
      const unfair = int(n);
      if (shape === 1) fairness.push({ kind: kind(), actions: ['Proc'], each: true, where: (q) => q.p !== unfair });
      if (shape === 2) for (let i = 0; i < n; i++) if (rnd() < 0.7) fairness.push({ kind: kind(), actions: [`Proc(p=${i})`] });
      if (shape === 3) fairness.push({ kind: kind(), actions: procs.filter(() => rnd() < 0.6).map(({ p: i }) => `Proc(p=${i})`) });
      if (rnd() < 0.3) fairness.push({ kind: kind(), actions: ['Proc'] });
      const where = `process seed ${seed} ${op} v${target}=${value} fairness ${JSON.stringify(fairness)}${shape === 1 ? ` where p !== ${unfair}` : ''}`;
      const verdict = await agrees(spec, `processes-${seed}`, p, op, premise, fairness, where);
      if (verdict) violated++;
      // The same conditions over the whole action: how often per-instance fairness decides.
      const whole = fairness.map((f) => ({ kind: f.kind, actions: ['Proc'] }));
      if (verdict !== (await agrees(spec, `processes-${seed}`, p, op, premise, whole, `${where} (whole)`))) perInstanceMatters++;
    }
    expect(violated).toBeGreaterThan(20);
    expect(150 - violated).toBeGreaterThan(20);
    expect(perInstanceMatters).toBeGreaterThan(20);
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

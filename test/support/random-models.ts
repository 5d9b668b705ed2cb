// Random small transition systems from a seeded PRNG, for differential testing. A state is an
// Immutable Record of 2-4 small integers, sometimes with an Immutable Set (reached through
// different insertion orders on different paths, so canonical set encoding matters). Actions
// mix guarded updates, parameterised actions, several-successor actions (duplicates included),
// self-loops and always-disabled actions; properties are random invariants, action
// properties, state and action constraints and reachability checks.

import { List, Record, Set as ISet } from 'immutable';
import { defineModel, type ActionDef, type Model, type Spec, type StatePredicate, type StepPredicate } from '../../src/api/model.ts';

/** mulberry32: a small, well-mixed 32-bit PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type RandState = { get(k: string): unknown; set(k: string, v: unknown): RandState; toJS(): unknown };

export function randomModel(seed: number): Model<RandState> {
  const rnd = prng(seed);
  const int = (n: number) => Math.floor(rnd() * n); // 0 .. n-1
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
  const chance = (p: number) => rnd() < p;

  const nVars = 2 + int(3);
  const range = 2 + int(4); // values 0 .. range-1
  const vars = Array.from({ length: nVars }, (_, i) => `v${i}`);
  const withBag = chance(0.3);
  const St = Record<{ [k: string]: unknown }>(Object.fromEntries([...vars.map((v) => [v, 0]), ...(withBag ? [['bag', ISet<number>()]] : [])]));
  const num = (s: RandState, v: string) => s.get(v) as number;
  const bag = (s: RandState) => s.get('bag') as ISet<number>;
  const mod = (x: number) => ((x % range) + range) % range;

  const randGuard = (): StatePredicate<RandState> => {
    const v = pick(vars), c = int(range);
    switch (int(4)) {
      case 0: return (s) => num(s, v) !== c;
      case 1: return (s) => num(s, v) < c + 1;
      case 2: return (s) => num(s, v) >= c;
      default: return () => true;
    }
  };
  const randUpdate = (): ((s: RandState, p: number) => RandState) => {
    const v = pick(vars), w = pick(vars), c = 1 + int(range - 1);
    switch (int(withBag ? 5 : 3)) {
      case 0: return (s, p) => s.set(v, mod(num(s, v) + c + p));
      case 1: return (s, p) => s.set(v, mod(num(s, w) + p));
      case 2: return (s, p) => s.set(v, mod(c * p)).set(w, mod(num(s, w) - 1));
      case 3: return (s, p) => s.set('bag', bag(s).add(mod(num(s, v) + p)));
      default: return (s, p) => s.set('bag', bag(s).delete(mod(num(s, w) + p)));
    }
  };

  const actions: { [name: string]: ActionDef<RandState> } = {};
  const nActions = 1 + int(5);
  for (let a = 0; a < nActions; a++) {
    const guard = randGuard(), update = randUpdate();
    const kind = int(6);
    const name = `A${a}`;
    if (kind === 0) {
      // Parameterised; the params array is built once so labels are interned by identity.
      const ps = Array.from({ length: 1 + int(3) }, (_, p) => ({ p }));
      actions[name] = { params: () => ps, next: (s: RandState, { p }: { p: number }) => (guard(s) ? update(s, p) : null) };
    } else if (kind === 1) {
      // Parameters that depend on the state (some instances disabled, some with no successor).
      actions[name] = {
        params: (s: RandState) => Array.from({ length: num(s, vars[0]) % 3 }, (_, p) => ({ p })),
        next: (s: RandState, { p }: { p: number }) => (p === 1 && !guard(s) ? undefined : update(s, p)),
      };
    } else if (kind === 2) {
      // Several successors, duplicates possible.
      const u2 = randUpdate();
      actions[name] = (s: RandState) => (guard(s) ? [update(s, 0), u2(s, 1), update(s, 0)] : []);
    } else if (kind === 3) {
      actions[name] = (s: RandState) => (guard(s) ? s : false); // a self-loop
    } else if (kind === 4 && chance(0.5)) {
      actions[name] = () => null; // never enabled
    } else {
      actions[name] = (s: RandState) => (guard(s) ? update(s, 0) : null);
    }
  }

  const invariants: { [name: string]: StatePredicate<RandState> } = {};
  for (let i = 0, n = int(4); i < n; i++) {
    const x = pick(vars), y = pick(vars), k = int(2 * range);
    invariants[`Inv${i}`] = withBag && chance(0.3) ? (s) => bag(s).size !== k % 3 + 1 : (s) => num(s, x) + num(s, y) !== k;
  }
  const actionProperties: { [name: string]: StepPredicate<RandState> } = {};
  for (let i = 0, n = int(3); i < n; i++) {
    const v = pick(vars), act = pick(Object.keys(actions)), d = 1 + int(range - 1);
    actionProperties[`Prop${i}`] = chance(0.5)
      ? (a, b) => num(b, v) - num(a, v) !== d
      : (a, b, step) => !(step.action === act && num(b, v) === num(a, v) && (step.params?.p ?? 0) === 0);
  }
  const constraints: { [name: string]: StatePredicate<RandState> } = {};
  if (chance(0.3)) {
    const v = pick(vars), c = 1 + int(range);
    constraints.Bound = (s) => num(s, v) < c;
  }
  const actionConstraints: { [name: string]: StepPredicate<RandState> } = {};
  if (chance(0.3)) {
    const act = pick(Object.keys(actions)), v = pick(vars);
    actionConstraints.NoDecrease = (a, b, step) => step.action !== act || num(b, v) >= num(a, v);
  }
  const reachable: { [name: string]: StatePredicate<RandState> } = {};
  for (let i = 0, n = int(3); i < n; i++) {
    const x = pick(vars), y = pick(vars), k = int(2 * range);
    reachable[`Reach${i}`] = (s) => num(s, x) + 2 * num(s, y) === k;
  }

  const init: RandState[] = [];
  for (let i = 0, n = 1 + int(3); i < n; i++) init.push(St(Object.fromEntries(vars.map((v) => [v, int(range)]))) as unknown as RandState);

  // Sometimes a view: an injective one (the state's values as a List), so it changes how
  // states are fingerprinted but not which are equal (merging views are in trace.test.ts).
  const fields = withBag ? [...vars, 'bag'] : vars;
  const view = chance(0.25) ? (s: RandState) => List(fields.map((f) => s.get(f))) : undefined;
  const spec: Spec<RandState> = { actions, invariants, actionProperties, constraints, actionConstraints, reachable, view };
  return defineModel({ name: `random-${seed}`, init, spec: () => spec });
}

// The model-authoring API: everything a model module needs, nothing the engine keeps private.
// A model is `defineModel({ name, constants, init, spec })`: `init` gives the initial states and
// `spec(constants)` the rest of the transition system. Keeping actions (labelled, optionally
// parameterised) apart from the successor states they yield gives every transition a label for
// free: traces, coverage and graph export all read it. `init` sits beside `spec`, not inside
// it, so that TypeScript infers the state type from it and no callback needs an annotation.

import type { Temporal } from './temporal.ts';

/** A constant's value: what a config file or `--const NAME=VALUE` can set. */
export type ConstValue = number | boolean | string;

/** A constant with its default and, optionally, its domain. Numbers are integers. */
export interface ConstantSpec<T extends ConstValue = ConstValue> {
  default: T;
  /** The values allowed (an enumeration); any other value is a config error. */
  choices?: readonly T[];
  /** Bounds for a numeric constant (inclusive). */
  min?: number;
  max?: number;
  doc?: string;
}

/** Constant declarations: a bare default value, or a spec with a domain. */
export type ConstantDecls = { readonly [name: string]: ConstValue | ConstantSpec };

type Widen<T> = T extends number ? number : T extends boolean ? boolean : T extends string ? string : T;
/** A declared constant's type: the union of its `choices`, else its default's type. */
type ConstantType<C> = C extends { readonly choices: readonly (infer T)[] } ? T : C extends { readonly default: infer T } ? Widen<T> : Widen<C>;
/** The constants a spec receives, typed from their declarations. */
export type ConstantsOf<D extends ConstantDecls> = {
  readonly [K in keyof D]: ConstantType<D[K]>;
};

/** Parameters of an action instance, e.g. `{ page: 2 }` in `Read(page=2)`. */
export type Params = { readonly [name: string]: ConstValue };

/** What an action yields in a state: one successor, several, or none (disabled). */
export type Successors<S> = S | readonly S[] | null | undefined | false;

/** A parameterised action: `params(s)` lists the instances worth trying in `s`. */
export interface ParamAction<S, P extends Params = Params> {
  params: (s: S) => Iterable<P>;
  next: (s: S, p: P) => Successors<S>;
  doc?: string;
}

/** An action: a plain function from a state to its successors, or a parameterised one. */
export type ActionDef<S> = ((s: S) => Successors<S>) | ParamAction<S, any>;

/** The label of a transition: the action's name and the instance's parameters. */
export interface Step {
  readonly action: string;
  readonly params?: Params;
}

export type StatePredicate<S> = (s: S) => boolean;
export type StepPredicate<S> = (before: S, after: S, step: Step) => boolean;

/**
 * Fairness on a group of actions: `WF` (weak) or `SF` (strong), with TLA's meaning. The group
 * is the disjunction of what `actions` names: a whole action (`Proc`: every instance of it) or
 * one instance by its label (`Proc(p=0)`). Instances are the labels the search met: one never
 * enabled in a reachable state makes no step and is trivially fair.
 */
export interface Fairness {
  readonly kind: 'WF' | 'SF';
  readonly actions: readonly string[];
  /** A name for the group (e.g. "sender"); defaults to the action names joined. */
  readonly name?: string;
  /** One condition per instance instead of one over the disjunction: TLA+'s `\A p \in S : WF_vars(A(p))`. */
  readonly each?: boolean;
  /** Only the instances whose parameters pass (an action without parameters is given `{}`). */
  readonly where?: (params: Params) => boolean;
}

/**
 * A refinement of the abstract model `spec`: every behaviour, each state seen through `map`
 * (TLA+'s refinement mapping, `INSTANCE Abstract WITH ...`), must be a behaviour of `spec` run
 * with `constants` (default: its defaults). Checked as a property made with `refines`.
 */
export interface Refinement<S, A = any> {
  readonly spec: Model<A>;
  readonly map: (s: S) => A;
  readonly constants?: { readonly [name: string]: ConstValue };
}

/** The transition system a model's `spec(constants)` returns (the initial states are the model's `init`). */
export interface Spec<S> {
  /** Named actions, in the order the engine tries them. */
  actions: { readonly [name: string]: ActionDef<S> };
  /** `always P`: checked on every reachable state. */
  invariants?: { readonly [name: string]: StatePredicate<S> };
  /** Predicates over a step (before, after, label): checked on every transition. */
  actionProperties?: { readonly [name: string]: StepPredicate<S> };
  /** State constraints: a state outside them is not explored (TLC's CONSTRAINT). */
  constraints?: { readonly [name: string]: StatePredicate<S> };
  /** Step constraints: a step outside them is not taken (TLC's ACTION_CONSTRAINT). */
  actionConstraints?: { readonly [name: string]: StepPredicate<S> };
  /**
   * States where the system has stopped on purpose (done, crashed, aborted): having no
   * successor there is not a deadlock, so deadlock checking stays on for every other state.
   */
  terminal?: StatePredicate<S>;
  /** `sometimes P`: P must hold in some reachable state, else the model is vacuous there. */
  reachable?: { readonly [name: string]: StatePredicate<S> };
  /** Temporal properties, checked under `fairness`. */
  properties?: { readonly [name: string]: Temporal<S> };
  fairness?: readonly Fairness[];
  /** Fingerprint a projection of the state instead of the whole state (TLC's VIEW). */
  view?: (s: S) => unknown;
  /** How a state is shown in traces (TLC's ALIAS): a record of displayed fields. */
  alias?: (s: S) => { readonly [field: string]: unknown };
  /**
   * Interchangeable indices 0 .. size-1 (TLC's SYMMETRY): the search keeps one state per orbit
   * under all size! permutations, each tried per generated state (keep size ≤ 6 or so) unless
   * the symmetry has a `signature`. Invariants and actions must not
   * tell permuted states apart; `check --check-symmetry` tests that on a small instance.
   * Unsound with liveness (warned).
   */
  symmetry?: Symmetry<S>;
}

/** A permutation group on a state's indices: `permute(s, p)` renames index i to p[i]. */
export interface Symmetry<S> {
  readonly size: number;
  readonly permute: (s: S, perm: readonly number[]) => S;
  /**
   * Optional, for speed: what index i looks like in s without its name (TwoPhase: the RM's
   * state, whether the TM has its vote, whether its message was sent). Canonicalising then
   * sorts the indices by signature and tries only the orders of equal ones that make a
   * difference, instead of all size! permutations. Any signature is sound; one that renaming
   * does not preserve only reduces less (`--check-symmetry` reports it).
   */
  readonly signature?: (s: S, index: number) => unknown;
}

/** The initial states: one or many, or a function of the constants giving them. */
export type Init<S, C> = Iterable<S> | ((constants: C) => Iterable<S>);

/**
 * A model: a name, its constants with defaults, its initial states and the spec built from the
 * constants' values. Write `init` before `spec`: TypeScript reads the state type from it.
 */
export interface Model<S = any, D extends ConstantDecls = any> {
  readonly name: string;
  readonly doc?: string;
  /** The model's constants and their defaults (none if left out). */
  readonly constants?: D;
  readonly init: Init<S, ConstantsOf<D>>;
  readonly spec: (constants: ConstantsOf<D>) => Spec<S>;
  /**
   * Names the case a counterexample falls in (e.g. "lost update", "stale read"), so a CI gate
   * can pin not only that a property fails but how; undefined when no case fits. Give it with
   * `counterexampleClasses`.
   */
  readonly classifyCounterexample?: (trace: readonly { readonly state: S; readonly step: Step | null }[], property: string, constants: ConstantsOf<D>) => string | undefined;
  /** Every name `classifyCounterexample` can return: a gate manifest naming another is an error. */
  readonly counterexampleClasses?: readonly string[];
}

/** Declare a model. Identity at run time; it exists to type-check the declaration and infer its types. */
export function defineModel<S, const D extends ConstantDecls = {}>(m: Model<S, D>): Model<S, D> {
  return m;
}

export function isParamAction<S>(a: ActionDef<S>): a is ParamAction<S> {
  return typeof a === 'object' && a !== null && 'next' in a;
}

/** The text of a label: `Read(page=2)`, or `Tick` for an action without parameters. */
export function formatStep(step: Step): string {
  const p = step.params;
  if (!p) return step.action;
  const keys = Object.keys(p);
  if (keys.length === 0) return step.action;
  return `${step.action}(${keys.map((k) => `${k}=${String(p[k])}`).join(', ')})`;
}

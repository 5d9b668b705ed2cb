// A model instantiated with constant values: its spec, its actions in a fixed order, and the
// registry of transition labels. Every call into model code goes through here, so an
// exception thrown by a model is always attributed to the action or property that threw it.

import { formatStep, isParamAction, type ActionDef, type Model, type Params, type Spec, type Step, type StatePredicate, type StepPredicate } from '../api/model.ts';
import { resolveConstants, type ConstantValues } from './constants.ts';
import { checkModelShape, checkSpecShape, describeValue } from './model-shape.ts';
import { findDomainFault, StateDomainError } from './state/domain.ts';

/** Why model code failed: which part of the model, and its name. */
export type ModelPart = 'init' | 'action' | 'terminal' | 'invariant' | 'actionProperty' | 'constraint' | 'reachable' | 'view' | 'temporal' | 'alias';

/** How a message names the failing part: `invariant Safe`, or a caller's own words (`temporal property Live`). */
const subjectOf = (part: ModelPart, what: string) => (part === 'init' ? 'the initial states' : `${part} ${what}`);

export class ModelError extends Error {
  constructor(
    readonly part: ModelPart,
    readonly what: string,
    override readonly cause: unknown,
    subject = subjectOf(part, what),
  ) {
    super(`${subject} threw: ${cause instanceof Error ? cause.message : String(cause)}${changedFrozen(cause) ? FROZEN_HINT : ''}`);
  }

  /** The error a worker thread reported, rebuilt from its message (and a fault's detail). */
  static copy(part: ModelPart, what: string, message: string, fault?: string): ModelError {
    const e = fault === undefined ? new ModelError(part, what, new Error(message)) : new ModelFault(part, what, fault);
    e.message = message;
    return e;
  }
}

/**
 * A model that broke a rule of the checker without throwing: a state outside the state domain,
 * an action that is not deterministic, a predicate that returned a non-boolean. `detail`
 * completes a sentence whose subject is the part, e.g. "returned the string 'false', not a boolean".
 */
export class ModelFault extends ModelError {
  constructor(part: ModelPart, what: string, readonly detail: string, subject = subjectOf(part, what)) {
    super(part, what, new Error(detail));
    this.message = `${subject} ${detail}`;
  }
}

/**
 * `e` as the model error it is when fingerprinting `state` found a value outside the state
 * domain: a fault of the step (or the initial states) that produced the state. Else `e` itself.
 */
export function asDomainFault(e: unknown, state: unknown, part: ModelPart, what: string): unknown {
  if (!(e instanceof StateDomainError)) return e;
  const at = findDomainFault(state);
  const detail = at ? `produced a state that holds ${at.found} at ${at.path}` : `produced a state whose view holds ${e.found}`;
  return new ModelFault(part, what, `${detail}; a state may hold only Immutable values, strings, finite numbers, booleans, null, undefined, bigints, plain objects and arrays (docs/writing-models.md, "What a state may hold")`);
}

/** A predicate's value, which must be a boolean: `'false'` or `0` would otherwise count as true or false by accident. */
function truth(part: ModelPart, name: string, r: unknown, subject?: string): boolean {
  if (r === true || r === false) return r;
  throw new ModelFault(part, name, `returned ${describeValue(r)}, not a boolean`, subject);
}

// V8's words for a write to a frozen object: what an action that changes the state it was
// given meets, since the search freezes the plain objects and arrays of every state it holds.
const changedFrozen = (e: unknown): boolean => e instanceof TypeError && /read only property|object is not extensible|Cannot delete property|Cannot add property/.test(e.message);
const FROZEN_HINT = ' (states are frozen once the search holds them: an action must return a new state, not change the one it is given)';

interface CompiledAction<S> {
  readonly name: string;
  readonly def: ActionDef<S>;
  /** The label id of a parameterless action (-1 for parameterised ones). */
  readonly fixedLabel: number;
}

/** How an initial state is labelled: its id in parent/label records, and its text in traces (TLC's). */
export const INITIAL_LABEL_ID = -1;
export const INITIAL_LABEL = 'Initial predicate';

/** Interned transition labels: id → step, action index and text. */
export class Labels {
  readonly steps: Step[] = [];
  readonly texts: string[] = [];
  readonly actionIndex: number[] = [];
  private readonly byText = new Map<string, number>();
  // Per action: a trie of params by their keys' names and primitive values, so that a params
  // object is looked up by value, neither printed nor kept. Models written plainly make a fresh
  // params object per call (`params: () => Proc.map((p) => ({ p }))`): printing each one, and
  // keying each in a WeakMap as this did before, cost Lamport's mutex ~5% of its time in
  // lookups and much of its 30% in the collector (a WeakMap's entries are ephemerons, traced
  // on every scavenge).
  private readonly byParams: ParamNode[] = [];

  intern(actionIndex: number, action: string, params?: Params): number {
    const node = params ? paramNode((this.byParams[actionIndex] ??= new ParamNode()), params) : undefined;
    if (node !== undefined && node.id >= 0) return node.id;
    const step: Step = params ? { action, params } : { action };
    const text = formatStep(step);
    let id = this.byText.get(text);
    if (id === undefined) {
      id = this.steps.length;
      this.steps.push(step);
      this.texts.push(text);
      this.actionIndex.push(actionIndex);
      this.byText.set(text, id);
    }
    if (node !== undefined) node.id = id;
    return id;
  }
}

/** A node of a params trie: below the root, a key's name, then its value, in turn. */
class ParamNode {
  /** The label of the params that end here, or -1. */
  id = -1;
  private readonly next = new Map<unknown, ParamNode>();

  child(k: unknown): ParamNode {
    let c = this.next.get(k);
    if (c === undefined) this.next.set(k, (c = new ParamNode()));
    return c;
  }
}

/**
 * The trie node of `params` under `root`, or undefined where a value is not primitive (an
 * object is equal by value, not identity: such labels are found by their text).
 */
function paramNode(root: ParamNode, params: Params): ParamNode | undefined {
  // for-in reads the own keys in Object.keys order (what the text shows) only without inherited ones.
  if (Object.getPrototypeOf(params) !== Object.prototype) return undefined;
  let node = root;
  for (const k in params) {
    const v: unknown = params[k];
    if ((typeof v === 'object' && v !== null) || typeof v === 'function') return undefined;
    node = node.child(k).child(v);
  }
  return node;
}

/**
 * Where a model can be imported from in another thread: a module's URL and the path of
 * properties from its namespace to the model (['default'], or ['builtinModels', name]).
 */
export interface ModelSource {
  readonly url: string;
  readonly exportPath: readonly string[];
}


export class Instance<S = unknown> {
  readonly spec: Spec<S>;
  readonly actions: CompiledAction<S>[];
  readonly labels = new Labels();

  constructor(
    readonly model: Model<S>,
    readonly constants: ConstantValues,
    /** Where worker threads load the model from (parallel search); unknown for inline models. */
    readonly source?: ModelSource,
  ) {
    checkModelShape(model);
    try {
      this.spec = model.spec(constants as never);
    } catch (e) {
      throw new ModelError('init', 'spec', e);
    }
    checkSpecShape(model.name, this.spec);
    this.actions = Object.entries(this.spec.actions).map(([name, def], i) => ({
      name,
      def,
      fixedLabel: isParamAction(def) ? -1 : this.labels.intern(i, name),
    }));
  }

  static create<S>(model: Model<S>, overrides: { [name: string]: unknown } = {}, source?: ModelSource): Instance<S> {
    checkModelShape(model);
    return new Instance(model, resolveConstants(model, overrides), source);
  }

  initialStates(): S[] {
    try {
      const init = this.model.init;
      return [...(typeof init === 'function' ? init(this.constants as never) : init)];
    } catch (e) {
      throw new ModelError('init', 'init', e);
    }
  }

  /** Call `emit(next, labelId)` for every successor of `s`, in action order. */
  successors(s: S, emit: (next: S, labelId: number) => void): void {
    const actions = this.actions;
    for (let a = 0; a < actions.length; a++) {
      const act = actions[a];
      const def = act.def;
      if (typeof def === 'function') {
        let out;
        try {
          out = def(s);
        } catch (e) {
          throw new ModelError('action', act.name, e);
        }
        emitAll(out, act.fixedLabel, emit);
        continue;
      }
      let params: Iterable<Params>;
      try {
        params = def.params(s);
      } catch (e) {
        throw new ModelError('action', act.name, e);
      }
      if (typeof (params as { [Symbol.iterator]?: unknown } | null)?.[Symbol.iterator] !== 'function') {
        throw new ModelFault('action', act.name, `params(state) returned ${describeValue(params)}, not an iterable of parameter objects`);
      }
      for (const p of params) {
        let out;
        try {
          out = def.next(s, p);
        } catch (e) {
          throw new ModelError('action', this.labels.texts[this.labels.intern(a, act.name, p)], e);
        }
        if (out === null || out === undefined || out === false) continue;
        emitAll(out, this.labels.intern(a, act.name, p), emit);
      }
    }
  }

  /** The successors of `s` by the step with this label (used to replay traces). */
  successorsBy(s: S, labelId: number): S[] {
    const step = this.labels.steps[labelId];
    const def = this.actions[this.labels.actionIndex[labelId]].def;
    let out;
    try {
      out = typeof def === 'function' ? def(s) : def.next(s, step.params as Params);
    } catch (e) {
      throw new ModelError('action', this.labels.texts[labelId], e);
    }
    const all: S[] = [];
    emitAll(out, labelId, (n) => all.push(n));
    return all;
  }

  /** Whether `s` is a state where the model stops on purpose (its `terminal` predicate). */
  isTerminal(s: S): boolean {
    const terminal = this.spec.terminal;
    return terminal !== undefined && this.test('terminal', 'terminal', terminal, s);
  }

  /** Evaluate a named step predicate (action property or constraint), attributing a throw to it. */
  testStep(part: ModelPart, name: string, p: StepPredicate<S>, before: S, after: S, labelId: number): boolean {
    let r: unknown;
    try {
      r = p(before, after, this.labels.steps[labelId]);
    } catch (e) {
      throw new ModelError(part, name, e);
    }
    return truth(part, name, r);
  }

  /** Evaluate a named state predicate, attributing a throw to it. */
  test(part: ModelPart, name: string, p: StatePredicate<S>, s: S, subject?: string): boolean {
    let r: unknown;
    try {
      r = p(s);
    } catch (e) {
      throw new ModelError(part, name, e, subject);
    }
    return truth(part, name, r, subject);
  }
}

function emitAll<S>(out: S | readonly S[] | null | undefined | false, labelId: number, emit: (next: S, labelId: number) => void): void {
  if (out === null || out === undefined || out === false) return;
  if (Array.isArray(out)) {
    for (const n of out as readonly S[]) emit(n, labelId);
  } else {
    emit(out as S, labelId);
  }
}

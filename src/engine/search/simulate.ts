// Random simulation: walks of bounded length from random initial states, checking invariants
// on every state and action properties on every step taken. It finds deep bugs in models too
// big to exhaust; a seeded PRNG makes every run reproducible from the printed seed. A state's
// successors come from the search's Expander, so constraints and deadlocks mean the same here.

import type { StepPredicate } from '../../api/model.ts';
import { Expander, pick } from './expand.ts';
import { DEADLOCK } from './outcome.ts';
import type { CheckResult, Violation } from './result.ts';
import { INITIAL_LABEL, ModelError, type Instance } from '../instance.ts';
import type { TraceStep } from './trace.ts';

export interface SimulateOptions {
  /** States per walk (the initial state included). */
  readonly depth?: number;
  readonly runs?: number;
  /** 32-bit seed of the PRNG. */
  readonly seed: number;
  readonly invariants?: readonly string[];
  readonly actionProperties?: readonly string[];
  readonly constraints?: readonly string[];
  readonly actionConstraints?: readonly string[];
  readonly checkDeadlock?: boolean;
  /** Polled between walks; true stops the simulation (Ctrl-C). */
  readonly shouldStop?: () => boolean;
}

export interface SimulationResult<S> {
  readonly status: 'ok' | 'violation' | 'error' | 'interrupted';
  readonly seed: number;
  /** Walks completed (including the one that found a violation). */
  readonly runs: number;
  /** States visited over all walks. */
  readonly states: number;
  /** The longest walk, in states. */
  readonly longest: number;
  readonly violations: Violation<S>[];
  readonly error?: CheckResult<S>['error'];
  readonly elapsedMs: number;
}

/** splitmix32: a tiny, well-mixed 32-bit PRNG; returns a function giving integers in [0, n). */
export function splitmix32(seed: number): (n: number) => number {
  let state = seed >>> 0;
  return (n) => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    z = (z ^ (z >>> 16)) >>> 0;
    return Math.floor((z / 2 ** 32) * n);
  };
}

export async function simulate<S>(inst: Instance<S>, opts: SimulateOptions): Promise<SimulationResult<S>> {
  const spec = inst.spec;
  // Action properties are checked on the step taken only, not on every successor as the search does.
  const expander = new Expander(inst, { invariants: opts.invariants, actionProperties: [], reachable: [], constraints: opts.constraints, actionConstraints: opts.actionConstraints });
  const actionProps = pick<StepPredicate<S>>('action property', spec.actionProperties, opts.actionProperties);
  const depth = Math.max(1, opts.depth ?? 100);
  const runs = opts.runs ?? 1000;
  const checkDeadlock = opts.checkDeadlock ?? true;
  const random = splitmix32(opts.seed);
  const labels = inst.labels;
  const start = Date.now();

  let states = 0;
  let longest = 0;
  let completed = 0;
  let walk: TraceStep<S>[] = [];
  const finish = (status: SimulationResult<S>['status'], violations: Violation<S>[] = [], error?: CheckResult<S>['error']): SimulationResult<S> => ({
    status,
    seed: opts.seed >>> 0,
    runs: completed,
    states,
    longest,
    violations,
    error,
    elapsedMs: Date.now() - start,
  });
  const violation = (property: string, kind: Violation<S>['kind'], message: string) => {
    longest = Math.max(longest, walk.length);
    return finish('violation', [{ property, kind, message, trace: { states: walk } }]);
  };

  const noGoals = new Set<string>();
  const brokenInvariant = (s: S) => {
    let broken: string | undefined;
    expander.checkNew(s, (name) => ((broken = name), true), () => {}, noGoals);
    return broken;
  };

  try {
    const initial = inst.initialStates().filter((s) => expander.inModel(s));
    if (initial.length === 0) return finish('ok');
    for (let run = 0; run < runs; run++) {
      if (opts.shouldStop?.()) return finish('interrupted');
      let current = initial[random(initial.length)];
      walk = [{ label: INITIAL_LABEL, step: null, state: current }];
      states++;
      completed++;
      let broken = brokenInvariant(current);
      if (broken) return violation(broken, 'invariant', `Invariant ${broken} is violated.`);
      while (walk.length < depth) {
        const options: { next: S; labelId: number }[] = [];
        // As in the exhaustive search, only a state with no successor at all is a deadlock;
        // one whose successors all lie outside the constraints just ends the walk.
        const successors = expander.expand(current, (next, labelId) => options.push({ next, labelId }), () => {});
        if (successors === 0 && checkDeadlock && !inst.isTerminal(current)) return violation(DEADLOCK, 'deadlock', 'Deadlock reached.');
        if (options.length === 0) break;
        const { next, labelId } = options[random(options.length)];
        walk.push({ label: labels.texts[labelId], step: labels.steps[labelId], state: next });
        states++;
        for (const [name, p] of actionProps) {
          if (!inst.testStep('actionProperty', name, p, current, next, labelId)) return violation(name, 'action', `Action property ${name} is violated.`);
        }
        broken = brokenInvariant(next);
        if (broken) return violation(broken, 'invariant', `Invariant ${broken} is violated.`);
        current = next;
      }
      longest = Math.max(longest, walk.length);
      // Let Ctrl-C through now and then.
      if ((run & 63) === 63) await new Promise((r) => setImmediate(r));
    }
    return finish('ok');
  } catch (e) {
    if (!(e instanceof ModelError)) throw e;
    return finish('error', [], { part: e.part, name: e.what, message: e.message, trace: walk.length ? { states: walk } : null });
  }
}

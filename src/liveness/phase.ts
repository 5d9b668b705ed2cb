// The liveness phase of a check: compiles the selected temporal properties and the spec's
// fairness against the instance, and after exploration turns counterexamples on the recorded
// graph into lasso traces. Configuration mistakes are errors; setups that may make a verdict
// vacuous or incomplete are warnings.

import { isParamAction, type Fairness, type Spec } from '../api/model.ts';
import type { Temporal } from '../api/temporal.ts';
import type { ExploreOptions } from '../engine/search/breadth-first.ts';
import { Pacer, Stopped } from '../engine/search/pace.ts';
import type { CheckResult, SearchResult, Violation } from '../engine/search/result.ts';
import { ModelError, type Instance } from '../engine/instance.ts';
import type { StateGraph } from '../engine/search/state-graph.ts';
import { configError } from '../errors.ts';
import { fairGroup, type FairGroup } from './fair.ts';
import { AtomTable, obligationOf, shapesOf, type Shape } from './formula.ts';
import { impliedChecks, type Implied } from './implied.ts';
import { fairnessNotes, type Lasso } from './lasso.ts';
import { GraphLiveness } from './search.ts';

export interface LivenessPlan<S> {
  readonly atoms: AtomTable<S>;
  /** The properties with liveness conjuncts, which need the graph and this phase. */
  readonly properties: readonly { readonly name: string; readonly shapes: readonly Shape[] }[];
  /** The properties with `[]P` or `refines` conjuncts, which the search checks (ExploreOptions.implied). */
  readonly implied: ReadonlyMap<string, Implied<S>>;
  /** Warnings known before exploring. */
  readonly warnings: string[];
}

/** Split the selected properties between the search and this phase, collect the atoms, check the fairness names. */
export function planLiveness<S>(
  inst: Instance<S>,
  selected: readonly [string, Temporal<S>][],
  applied: Pick<ExploreOptions<S>, 'invariants' | 'actionProperties' | 'constraints' | 'actionConstraints' | 'symmetry'> = {},
): LivenessPlan<S> {
  const spec: Spec<S> = inst.spec;
  const usedBy = `used by temporal ${selected.length === 1 ? 'property' : 'properties'} ${selected.map(([n]) => n).join(', ')}`;
  for (const f of spec.fairness ?? []) {
    for (const a of f.actions) {
      // An instance is named by its label, `Proc(p=0)`: its action must take parameters.
      const action = inst.actions.find((x) => x.name === actionOf(a));
      if (!action || (a !== action.name && !isParamAction(action.def))) {
        const names = inst.actions.map((x) => (isParamAction(x.def) ? `${x.name}(...)` : x.name));
        throw configError(`Fairness ${fairnessName(f)} (${usedBy}) names unknown action ${a}; the actions are: ${names.join(', ')}.`);
      }
    }
    if (f.where !== undefined && typeof f.where !== 'function') throw configError(`Fairness ${fairnessName(f)} (${usedBy}): \`where\` must be a function of an instance's parameters.`);
  }
  const atoms = new AtomTable<S>();
  const properties = selected.map(([name, f]) => ({ name, shapes: shapesOf(name, f, atoms) })).filter((p) => p.shapes.length > 0);
  const implied = new Map(selected.flatMap(([name, f]) => {
    const checks = impliedChecks(inst, f);
    return checks ? [[name, checks] as const] : [];
  }));
  // The search reports what it checks of a property under the property's name, and each name once.
  const safetyNames = [...(applied.invariants ?? Object.keys(spec.invariants ?? {})), ...(applied.actionProperties ?? Object.keys(spec.actionProperties ?? {}))];
  const clash = [...implied.keys()].find((n) => safetyNames.includes(n));
  if (clash !== undefined) throw configError(`Temporal property ${clash} has []P or refines conjuncts, which the search checks under the name ${clash}, and the model checks an invariant or action property of that name too: rename one.`);
  const warnings: string[] = [];
  if (properties.length === 0) return { atoms, properties, implied, warnings };
  const hazards = [
    spec.view && 'a VIEW (states with equal views are merged, so cycles may be invented)',
    (applied.constraints ?? Object.keys(spec.constraints ?? {})).length > 0 && 'state constraints (behaviours leaving the constrained space are cut, which can hide or invent cycles)',
    (applied.actionConstraints ?? Object.keys(spec.actionConstraints ?? {})).length > 0 && 'action constraints (cut steps change which actions are enabled)',
    spec.symmetry !== undefined && applied.symmetry === true && 'symmetry (merged states can hide or invent cycles)',
  ].filter((h): h is string => typeof h === 'string');
  for (const h of hazards) warnings.push(`Liveness checked together with ${h}: the temporal verdicts may be unsound.`);
  return { atoms, properties, implied, warnings };
}

export interface LivenessOutcome<S> {
  readonly violations: Violation<S>[];
  readonly warnings: string[];
  /** Why the phase stopped before deciding every property (a stop request, the memory budget). */
  readonly stopped?: Stopped;
  /** Model code run by the phase (a fairness `where`) threw. */
  readonly error?: CheckResult<S>['error'];
}

/**
 * Search the recorded graph for fair behaviours violating each property. The search pauses
 * every ~100 ms for the event loop and stops, with the violations found so far, on the same
 * conditions as the safety search (`stop`: a stop request, the memory budget).
 */
export async function runLiveness<S>(
  inst: Instance<S>,
  plan: LivenessPlan<S>,
  result: SearchResult<S>,
  g: StateGraph,
  stop: Pick<ExploreOptions<S>, 'shouldStop' | 'maxMemoryMb'> = {},
): Promise<LivenessOutcome<S>> {
  const warnings: string[] = [];
  const unexpanded = g.expanded.reduce((n, x) => n + (x ? 0 : 1), 0);
  if (unexpanded > 0) {
    warnings.push(`${unexpanded} states were not expanded (depth bound): their successors are unknown, so liveness results are incomplete and a reported lasso may end in one of them.`);
  }
  const pacer = new Pacer(stop);
  const violations: Violation<S>[] = [];
  let decided = 0;
  try {
    // The search may have ended over the memory budget, or just after a stop request.
    await pacer.pause();
    const groups = fairnessGroups(inst, g, warnings);
    const search = await GraphLiveness.create(g, groups, pacer);
    for (const { name, shapes } of plan.properties) {
      for (const shape of shapes) {
        if (shape.op === 'leadsTo' && !g.atoms[shape.p].includes(1)) {
          warnings.push(`Temporal property ${name}: the premise of a leads-to never holds in a reachable state, so it holds trivially.`);
        }
        if (shape.op === 'implies' && !g.atoms[shape.p].subarray(0, g.initial).includes(1)) {
          warnings.push(`Temporal property ${name}: the premise of P => <>Q holds in no initial state, so it holds trivially.`);
        }
      }
      for (const shape of shapes) {
        const cx = await search.counterexample(obligationOf(shape, g.atoms, g.initial));
        if (!cx) continue;
        violations.push({ property: name, kind: 'liveness', message: `Temporal property ${name} is violated.`, trace: toTrace(inst, result, g, cx), fairness: fairnessNotes(g, groups, cx) });
        break;
      }
      decided++;
    }
  } catch (e) {
    if (e instanceof ModelError) return { violations, warnings, error: { part: e.part, name: e.what, message: e.message, trace: null } };
    if (!(e instanceof Stopped)) throw e;
    const left = plan.properties.slice(decided).map((p) => p.name);
    const why = e.status === 'limit' ? `stopped at ${e.limit}` : 'interrupted';
    warnings.push(`Temporal ${left.length === 1 ? 'property' : 'properties'} ${left.join(', ')} ${left.length === 1 ? 'was' : 'were'} not checked: the liveness phase was ${why}.`);
    return { violations, warnings, stopped: e };
  }
  return { violations, warnings };
}

/**
 * The spec's fairness as groups of labels: one per condition, or with `each` one per instance
 * (label) the search met. Instances never met were never enabled: no group is needed for them.
 */
function fairnessGroups<S>(inst: Instance<S>, g: StateGraph, warnings: string[]): FairGroup[] {
  const { steps, texts } = inst.labels;
  const groupOf = (f: Fairness, name: string, members: readonly number[]) => {
    const inGroup = new Uint8Array(steps.length);
    for (const id of members) inGroup[id] = 1;
    return fairGroup(g, f.kind, name, inGroup);
  };
  return (inst.spec.fairness ?? []).flatMap((f) => {
    const name = fairnessName(f);
    const passes = (id: number) => {
      try {
        return f.where === undefined || f.where(steps[id].params ?? {});
      } catch (e) {
        throw new ModelError('temporal', name, e);
      }
    };
    const members = [...texts.keys()].filter((id) => (f.actions.includes(steps[id].action) || f.actions.includes(texts[id])) && passes(id));
    // A label that never turns up is more likely misspelt than never enabled.
    for (const a of f.actions) {
      if (a !== actionOf(a) && !texts.includes(a)) warnings.push(`Fairness ${name}: no reachable state enables instance ${a} (or traces write its label otherwise), so it is trivially fair.`);
    }
    if (f.where && members.length === 0) warnings.push(`Fairness ${name}: no instance the search met passes its \`where\`, so it constrains nothing.`);
    return f.each ? members.map((id) => groupOf(f, `${f.name ?? f.kind}(${texts[id]})`, [id])) : [groupOf(f, name, members)];
  });
}

function fairnessName(f: Fairness): string {
  return f.name ?? `${f.kind}${f.each ? '.each' : ''}(${f.actions.join(', ')})`;
}

/** The action a fairness entry names: itself, or the action of an instance label `A(p=0)`. */
const actionOf = (entry: string) => entry.replace(/\(.*$/s, '');

function toTrace<S>(inst: Instance<S>, result: SearchResult<S>, g: StateGraph, cx: Lasso) {
  const states = result.replay(
    cx.states,
    cx.edges.map((e) => (e < 0 ? -1 : g.labels[e])),
  );
  if (cx.closing < 0) return { states, loop: cx.loop, stuttering: true };
  return { states, loop: cx.loop, loopLabel: inst.labels.texts[g.labels[cx.closing]] };
}

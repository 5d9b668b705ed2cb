// "Have I missed a case?" asked of every violation rather than of one counterexample: a check
// that visits every violating state (every violating step of an action property, every
// deadlock) with its shortest trace and sorts each into the model's own classes
// (`classifyCounterexample`). What is counted is states, not paths: a model whose classes
// depend on history keeps that history in its state (a ghost variable) for the census.

import type { Trace } from '../engine/search/trace.ts';
import { EXIT, UserError, type ViolationKind } from '../errors.ts';
import { loadModel } from '../load/load-model.ts';
import { checkModel, constantsOf, type CheckOptions, type CheckReport } from './check.ts';
import type { Model } from './model.ts';

/** The violations of one class: how many, and a shortest one (the first met, breadth-first). */
export interface ClassCount<S> {
  readonly count: number;
  readonly shortest: Trace<S>;
}

export interface PropertyCensus<S> {
  readonly property: string;
  readonly kind: ViolationKind;
  /** Every violation of the property the search met. */
  readonly total: number;
  /** By class, in the order of the model's `counterexampleClasses`; only the classes that occur. */
  readonly classes: { readonly [name: string]: ClassCount<S> };
  /** The violations the classifier put in no class (or all of them, for a model without one); null when there are none. */
  readonly unclassified: ClassCount<S> | null;
}

export interface Census<S> {
  /** The check that visited the violations: its verdicts are the ones `checkModel` gives with `continueAfterViolation`. */
  readonly report: CheckReport<S>;
  /** Per violated property (in the order they were first met); properties that hold are absent. */
  readonly properties: readonly PropertyCensus<S>[];
}

interface Tally<S> {
  kind: ViolationKind;
  total: number;
  readonly byClass: Map<string, { count: number; shortest: Trace<S> }>;
  unclassified: { count: number; shortest: Trace<S> } | null;
}

/**
 * Check `model` to the end and classify every violation it meets with the model's
 * `classifyCounterexample` (given the violation's shortest trace). A class the classifier
 * returns that the model does not declare in `counterexampleClasses` is an error (a UserError,
 * 151), as it is in a gate manifest. Liveness counterexamples (lassos) are not visited.
 */
export async function classifyViolations<S>(model: Model<S> | string, options: Omit<CheckOptions, 'continueAfterViolation' | 'eachViolation'> = {}): Promise<Census<S>> {
  const m = (typeof model === 'string' ? await loadModel(model) : model) as Model<S>;
  const constants = constantsOf(m as Model, options.constants);
  const declared = m.counterexampleClasses ?? [];
  const tallies = new Map<string, Tally<S>>();
  const visit = (property: string, kind: ViolationKind, trace: Trace<S>) => {
    let t = tallies.get(property);
    if (!t) tallies.set(property, (t = { kind, total: 0, byClass: new Map(), unclassified: null }));
    t.total++;
    const name = m.classifyCounterexample?.(trace.states, property, constants as never);
    if (name === undefined) {
      if (t.unclassified) t.unclassified.count++;
      else t.unclassified = { count: 1, shortest: trace };
      return;
    }
    if (!declared.includes(name)) {
      throw new UserError(`model ${m.name}: classifyCounterexample put a violation of ${property} in class ${JSON.stringify(name)}, which counterexampleClasses does not declare (${declared.join(', ') || 'none'}).`, EXIT.config);
    }
    const c = t.byClass.get(name);
    if (c) c.count++;
    else t.byClass.set(name, { count: 1, shortest: trace });
  };
  const report = await checkModel(m, { ...options, continueAfterViolation: true, eachViolation: visit as CheckOptions['eachViolation'] });
  const properties = [...tallies].map(([property, t]): PropertyCensus<S> => ({
    property,
    kind: t.kind,
    total: t.total,
    classes: Object.fromEntries(declared.flatMap((name) => {
      const c = t.byClass.get(name);
      return c ? [[name, c]] : [];
    })),
    unclassified: t.unclassified,
  }));
  return { report, properties };
}

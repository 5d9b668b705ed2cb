// One cell of the necessity analysis: a design of the migration model checked under one
// assumption set at one scale, and the designs and assumption sets there are. Apart from
// analysis.ts so that the job pool (jobs.ts, job-worker.ts) can run cells without importing
// the analysis that uses it.

import { checkModel, classifyViolations, type CheckReport, type ClassCount, type ConstValue, type Trace } from 'migcheck';
import { classify, type Classification } from '../classify.ts';
import migration from '../model.ts';
import type { Mig } from '../state.ts';

export interface Design {
  /** `committed`, `loop/rescan`, ... */
  readonly name: string;
  readonly constants: { readonly variant: string; readonly loopShape?: string };
}

export const DESIGNS: readonly Design[] = [
  { name: 'prepatch', constants: { variant: 'prepatch' } },
  { name: 'committed', constants: { variant: 'committed' } },
  { name: 'loop/rescan', constants: { variant: 'loop', loopShape: 'rescan' } },
  { name: 'loop/resend', constants: { variant: 'loop', loopShape: 'resend' } },
  { name: 'v2', constants: { variant: 'v2' } },
];
export const BASELINE = 'committed';
export const LOOP_SHAPES = ['loop/rescan', 'loop/resend'] as const;

/** Overrides of the model's size constants: pages, maxMce, batchSize. */
export type Scale = { readonly [name: string]: ConstValue };

export interface Assumptions {
  readonly readBroken: 'crash' | 'corrupt';
  readonly mceMarksDirty: boolean;
}
export const ASSUMPTION_SETS: readonly Assumptions[] = [
  { readBroken: 'crash', mceMarksDirty: false },
  { readBroken: 'crash', mceMarksDirty: true },
  { readBroken: 'corrupt', mceMarksDirty: false },
  { readBroken: 'corrupt', mceMarksDirty: true },
];

/** The checks of one scale's analysis: every design under every assumption set. */
export const CHECKS_PER_SCALE = ASSUMPTION_SETS.length * DESIGNS.length;

export interface Counterexample {
  readonly design: string;
  readonly property: string;
  readonly trace: Trace<Mig>;
  readonly classification: Classification | null;
}

export interface DesignResult {
  readonly design: string;
  readonly distinct: number;
  readonly elapsedMs: number;
  /** Property name → its shortest counterexample, or null when it holds. */
  readonly verdicts: { readonly [property: string]: Counterexample | null };
  /** Reachability checks: name → witnessed. */
  readonly witnessed: { readonly [name: string]: boolean };
  /** With the census: per violated property, every violation sorted into the review's cases. */
  readonly census?: { readonly [property: string]: PropertyCases };
}

/** The violations of one case: how many, and a shortest one. */
export interface CaseCount {
  readonly count: number;
  readonly shortest: Counterexample;
}

export interface PropertyCases {
  /** Every violating state (of the model with its history variable). */
  readonly total: number;
  /** By case, as the model names them (`before-query`, `A`, `B.I`, `B.II`); only those that occur. */
  readonly cases: { readonly [name: string]: CaseCount };
  /** The violations that fit none of the review's cases; null when there are none. */
  readonly unclassified: CaseCount | null;
}

/**
 * Check one design under one assumption set; `scale` holds pages/maxMce/batchSize overrides.
 * With `census`, the model keeps its history variable and every violation is classified.
 * Null when `signal` cut the check short.
 */
export async function checkDesign(design: Design, assumptions: Assumptions, scale: Scale, signal?: AbortSignal, census = false): Promise<DesignResult | null> {
  const constants = { ...scale, ...assumptions, ...design.constants };
  if (!census) return designResult(design, await checkModel(migration, { constants, continueAfterViolation: true, signal }));
  const c = await classifyViolations(migration, { constants: { ...constants, mceHistory: true }, signal });
  const cx = (property: string) => (k: ClassCount<Mig>): CaseCount => ({ count: k.count, shortest: counterexample(design, property, k.shortest) });
  const cases = Object.fromEntries(
    c.properties.map((p) => [p.property, { total: p.total, cases: Object.fromEntries(Object.entries(p.classes).map(([n, k]) => [n, cx(p.property)(k)])), unclassified: p.unclassified && cx(p.property)(p.unclassified) }]),
  );
  const r = designResult(design, c.report);
  return r && { ...r, census: cases };
}

const counterexample = (design: Design, property: string, trace: Trace<Mig>): Counterexample => ({ design: design.name, property, trace, classification: classify(property, trace) });

function designResult(design: Design, r: CheckReport<Mig>): DesignResult | null {
  if (r.status === 'interrupted') return null;
  if (r.error) throw new Error(`${design.name}: ${r.error.message}`);
  if (!r.complete) throw new Error(`${design.name}: the search did not complete (${r.status})`);
  const verdicts: { [property: string]: Counterexample | null } = {};
  // Temporal properties get a column only where the pipeline's liveness phase actually ran.
  const properties = [...r.checked.invariants, ...(r.livenessMs !== undefined ? r.checked.properties : [])];
  for (const property of properties) {
    const v = r.violations.find((x) => x.property === property);
    verdicts[property] = v?.trace ? counterexample(design, property, v.trace) : null;
  }
  const witnessed = Object.fromEntries(r.reachability.map((x) => [x.name, x.reached === true]));
  return { design: design.name, distinct: r.distinct, elapsedMs: r.elapsedMs, verdicts, witnessed };
}

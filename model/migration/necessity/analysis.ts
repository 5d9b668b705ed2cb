// The necessity question, computed: for each assumption set (readBroken × mceMarksDirty) check
// every design against every property, then compare the V4 loop (each shape) with the
// committed design. Nothing here knows an expected answer: every cell is a model-checking run.

import { checkModel, constantsOf, type ConstValue, type Trace } from 'migcheck';
import { stopText } from '../../../src/errors.ts';
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
}

export interface Conclusion {
  readonly loop: string;
  /** Properties that hold with the loop and fail without it; the witness is the baseline's counterexample. */
  readonly necessary: readonly Counterexample[];
  /** Properties that hold without the loop and fail with it; the witness is the loop's counterexample. */
  readonly harmful: readonly Counterexample[];
}

export interface AssumptionResult {
  readonly assumptions: Assumptions;
  readonly designs: readonly DesignResult[];
  readonly conclusions: readonly Conclusion[];
}

export interface Analysis {
  readonly constants: { readonly [name: string]: ConstValue };
  readonly properties: readonly string[];
  /** Per assumption set, the designs checked; the last set may be partial when `stopped`. */
  readonly results: readonly AssumptionResult[];
  /** Set when a stop request ended the analysis early: what stopped it, where, and how far it got. */
  readonly stopped?: string;
}

/** The verdict word for a conclusion. */
export const verdictOf = (c: Conclusion) =>
  c.necessary.length && c.harmful.length ? 'necessary and harmful' : c.necessary.length ? 'necessary' : c.harmful.length ? 'harmful' : 'unnecessary';

/**
 * Check one design under one assumption set; `scale` holds pages/maxMce/batchSize overrides.
 * Null when `signal` cut the check short.
 */
export async function checkDesign(design: Design, assumptions: Assumptions, scale: Scale, signal?: AbortSignal): Promise<DesignResult | null> {
  const r = await checkModel(migration, { constants: { ...scale, ...assumptions, ...design.constants }, continueAfterViolation: true, signal });
  if (r.status === 'interrupted') return null;
  if (r.error) throw new Error(`${design.name}: ${r.error.message}`);
  if (!r.complete) throw new Error(`${design.name}: the search did not complete (${r.status})`);
  const verdicts: { [property: string]: Counterexample | null } = {};
  // Temporal properties get a column only where the pipeline's liveness phase actually ran.
  const properties = [...r.checked.invariants, ...(r.livenessMs !== undefined ? r.checked.properties : [])];
  for (const property of properties) {
    const v = r.violations.find((x) => x.property === property);
    verdicts[property] = v?.trace ? { design: design.name, property, trace: v.trace as Trace<Mig>, classification: classify(property, v.trace as Trace<Mig>) } : null;
  }
  const witnessed = Object.fromEntries(r.reachability.map((x) => [x.name, x.reached === true]));
  return { design: design.name, distinct: r.distinct, elapsedMs: r.elapsedMs, verdicts, witnessed };
}

/** Compare a loop shape with the baseline: which properties decide, either way. */
export function conclude(loop: DesignResult, baseline: DesignResult): Conclusion {
  const props = Object.keys(baseline.verdicts);
  return {
    loop: loop.design,
    necessary: props.filter((p) => loop.verdicts[p] === null && baseline.verdicts[p] !== null).map((p) => baseline.verdicts[p]!),
    harmful: props.filter((p) => baseline.verdicts[p] === null && loop.verdicts[p] !== null).map((p) => loop.verdicts[p]!),
  };
}

export interface AnalysisOptions {
  /** A stop request: it ends the analysis with the checks done so far. */
  readonly signal?: AbortSignal;
  /** Called as each check starts: the design, the assumptions, and which check of how many. */
  readonly onCheck?: (design: Design, assumptions: Assumptions, index: number, total: number) => void;
}

/** Every design under every assumption set. */
export async function analyse(scale: Scale = {}, { signal, onCheck }: AnalysisOptions = {}): Promise<Analysis> {
  const total = ASSUMPTION_SETS.length * DESIGNS.length;
  const constants = constantsOf(migration, scale);
  const results: AssumptionResult[] = [];
  let stopped: string | undefined;
  for (const assumptions of ASSUMPTION_SETS) {
    const designs: DesignResult[] = [];
    for (const d of DESIGNS) {
      const done = results.length * DESIGNS.length + designs.length;
      onCheck?.(d, assumptions, done + 1, total);
      const r = signal?.aborted ? null : await checkDesign(d, assumptions, scale, signal);
      if (!r) {
        stopped = `Interrupted (${stopText(signal)}) while checking ${d.name} under readBroken=${assumptions.readBroken}, mceMarksDirty=${assumptions.mceMarksDirty}: ${done} of ${total} checks done.`;
        break;
      }
      designs.push(r);
    }
    const byName = (n: string) => designs.find((d) => d.design === n);
    const conclusions = LOOP_SHAPES.flatMap((shape) => {
      const loop = byName(shape);
      const baseline = byName(BASELINE);
      return loop && baseline ? [conclude(loop, baseline)] : [];
    });
    if (designs.length > 0) results.push({ assumptions, designs, conclusions });
    if (stopped) break;
  }
  return { constants, properties: Object.keys(results[0]?.designs[0]?.verdicts ?? {}), results, ...(stopped ? { stopped } : {}) };
}

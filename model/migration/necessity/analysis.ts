// The necessity question, computed: for each assumption set (readBroken × mceMarksDirty) check
// every design against every property, then compare the V4 loop (each shape) with the
// committed design. Nothing here knows an expected answer: every cell is a model-checking run.

import { checkModel, constantsOf, type ConstValue, type Trace } from 'migcheck';
import { stopText } from '../../../src/errors.ts';
import { classify, type Classification } from '../classify.ts';
import migration from '../model.ts';
import type { Mig } from '../state.ts';
import { runChecks, type CheckTask } from './jobs.ts';

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
  /** Called as each check starts: the design, the assumptions, and which check of how many (of its scale's). */
  readonly onCheck?: (design: Design, assumptions: Assumptions, index: number, total: number) => void;
  /** Checks run at a time, each in a worker thread (default 1: one after the other, in this thread). */
  readonly jobs?: number;
  /** Called as the last check of `scales[index]` finishes, with its analysis. */
  readonly onAnalysis?: (index: number, analysis: Analysis) => void;
}

/** Every design under every assumption set. */
export async function analyse(scale: Scale = {}, options: AnalysisOptions = {}): Promise<Analysis> {
  return (await analyseScales([scale], options))[0];
}

/**
 * The analysis at each of `scales`, their checks run as one list (so that `jobs` threads stay
 * busy across scales). Every scale's constants are checked before any check starts.
 */
export async function analyseScales(scales: readonly Scale[], { signal, onCheck, jobs, onAnalysis }: AnalysisOptions = {}): Promise<Analysis[]> {
  const perScale = CHECKS_PER_SCALE;
  const constants = scales.map((scale) => constantsOf(migration, scale));
  const tasks = scales.flatMap((scale) => ASSUMPTION_SETS.flatMap((assumptions) => DESIGNS.map((design) => ({ scale, assumptions, design }))));
  const started = new Set<number>();
  const left = scales.map(() => perScale);
  const results: (DesignResult | null)[] = tasks.map(() => null);
  const cell = (i: number) =>
    assemble(constants[i], tasks.slice(i * perScale, (i + 1) * perScale), results.slice(i * perScale, (i + 1) * perScale), (k) => started.has(i * perScale + k), signal);
  await runChecks(tasks, {
    jobs,
    signal,
    onStart: (k) => {
      started.add(k);
      onCheck?.(tasks[k].design, tasks[k].assumptions, (k % perScale) + 1, perScale);
    },
    onDone: (k, r) => {
      results[k] = r;
      const i = Math.floor(k / perScale);
      if (--left[i] === 0) onAnalysis?.(i, cell(i));
    },
  });
  return scales.map((_, i) => cell(i));
}

/** One scale's analysis from its checks' results (in DESIGNS order per assumption set; null: not done). */
function assemble(constants: Analysis['constants'], tasks: readonly CheckTask[], done: readonly (DesignResult | null)[], started: (k: number) => boolean, signal?: AbortSignal): Analysis {
  const results: AssumptionResult[] = [];
  ASSUMPTION_SETS.forEach((assumptions, i) => {
    const designs = done.slice(i * DESIGNS.length, (i + 1) * DESIGNS.length).filter((r): r is DesignResult => r !== null);
    const byName = (n: string) => designs.find((d) => d.design === n);
    const conclusions = LOOP_SHAPES.flatMap((shape) => {
      const loop = byName(shape);
      const baseline = byName(BASELINE);
      return loop && baseline ? [conclude(loop, baseline)] : [];
    });
    if (designs.length > 0) results.push({ assumptions, designs, conclusions });
  });
  const count = done.filter((r) => r !== null).length;
  // Checks under way when the stop came (several with jobs): started, not finished.
  const underWay = tasks.filter((_, k) => started(k) && done[k] === null).map((t) => `${t.design.name} under readBroken=${t.assumptions.readBroken}, mceMarksDirty=${t.assumptions.mceMarksDirty}`);
  const stopped = count < tasks.length ? `Interrupted (${stopText(signal)})${underWay.length ? ` while checking ${underWay.join(' and ')}` : ''}: ${count} of ${tasks.length} checks done.` : undefined;
  return { constants, properties: Object.keys(results[0]?.designs[0]?.verdicts ?? {}), results, ...(stopped ? { stopped } : {}) };
}

// The necessity question, computed: for each assumption set (readBroken × mceMarksDirty) check
// every design against every property, then compare the V4 loop (each shape) with the
// committed design. Nothing here knows an expected answer: every cell is a model-checking run.

import { constantsOf, type ConstValue } from 'migcheck';
import { stopText } from '../../../src/errors.ts';
import migration from '../model.ts';
import { ASSUMPTION_SETS, BASELINE, CHECKS_PER_SCALE, DESIGNS, LOOP_SHAPES, type Assumptions, type Counterexample, type Design, type DesignResult, type Scale } from './design-check.ts';
import { runChecks, type CheckTask } from './jobs.ts';

export { ASSUMPTION_SETS, BASELINE, CHECKS_PER_SCALE, checkDesign, DESIGNS, LOOP_SHAPES } from './design-check.ts';
export type { Assumptions, Counterexample, Design, DesignResult, Scale } from './design-check.ts';

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
  /** The checks ran with the case census (the model with its history variable): each design has its `census`. */
  readonly census?: boolean;
  /** Set when a stop request ended the analysis early: what stopped it, where, and how far it got. */
  readonly stopped?: string;
}

/** The verdict word for a conclusion. */
export const verdictOf = (c: Conclusion) =>
  c.necessary.length && c.harmful.length ? 'necessary and harmful' : c.necessary.length ? 'necessary' : c.harmful.length ? 'harmful' : 'unnecessary';


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
  /** Classify every violation into the review's cases (the model then keeps its history variable: more states). */
  readonly census?: boolean;
}

/** Every design under every assumption set. */
export async function analyse(scale: Scale = {}, options: AnalysisOptions = {}): Promise<Analysis> {
  return (await analyseScales([scale], options))[0];
}

/**
 * The analysis at each of `scales`, their checks run as one list (so that `jobs` threads stay
 * busy across scales). Every scale's constants are checked before any check starts.
 */
export async function analyseScales(scales: readonly Scale[], options: AnalysisOptions = {}): Promise<Analysis[]> {
  const { results, started } = await checkScales(scales, options);
  return analysesOf(scales, results, options.census ?? false, (k) => started.has(k), options.signal);
}

/** Every check of an analysis at `scales`, in the order their results are kept (and shards cut). */
export const tasksOf = (scales: readonly Scale[], census: boolean): CheckTask[] =>
  scales.flatMap((scale) => ASSUMPTION_SETS.flatMap((assumptions) => DESIGNS.map((design) => ({ scale, assumptions, design, census }))));

/**
 * Run the checks of the analysis at `scales` that `only` selects (default all; a shard's
 * slice): each result at its index in `tasksOf`, null for a check not run. `started`: the
 * checks that began (a stop request leaves some of them unfinished).
 */
export async function checkScales(
  scales: readonly Scale[],
  { signal, onCheck, jobs, onAnalysis, census = false }: AnalysisOptions = {},
  only: (check: number) => boolean = () => true,
): Promise<{ results: (DesignResult | null)[]; started: Set<number> }> {
  const perScale = CHECKS_PER_SCALE;
  const constants = scales.map((scale) => constantsOf(migration, scale));
  const tasks = tasksOf(scales, census);
  const picked = tasks.flatMap((_, k) => (only(k) ? [k] : []));
  const started = new Set<number>();
  const left = scales.map((_, i) => picked.filter((k) => Math.floor(k / perScale) === i).length);
  const results: (DesignResult | null)[] = tasks.map(() => null);
  await runChecks(picked.map((k) => tasks[k]), {
    jobs,
    signal,
    onStart: (j) => {
      const k = picked[j];
      started.add(k);
      onCheck?.(tasks[k].design, tasks[k].assumptions, (k % perScale) + 1, perScale);
    },
    onDone: (j, r) => {
      const k = picked[j];
      results[k] = r;
      const i = Math.floor(k / perScale);
      if (--left[i] === 0) onAnalysis?.(i, assemble(constants[i], tasks.slice(i * perScale, (i + 1) * perScale), results.slice(i * perScale, (i + 1) * perScale), (x) => started.has(i * perScale + x), signal));
    },
  });
  return { results, started };
}

/** Each scale's analysis from the results of `tasksOf(scales, census)` (null: not done; `started`: begun). */
export function analysesOf(scales: readonly Scale[], results: readonly (DesignResult | null)[], census: boolean, started: (check: number) => boolean = () => false, signal?: AbortSignal): Analysis[] {
  const perScale = CHECKS_PER_SCALE;
  const tasks = tasksOf(scales, census);
  return scales.map((scale, i) =>
    assemble(constantsOf(migration, scale), tasks.slice(i * perScale, (i + 1) * perScale), results.slice(i * perScale, (i + 1) * perScale), (k) => started(i * perScale + k), signal),
  );
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
  return { constants, properties: Object.keys(results[0]?.designs[0]?.verdicts ?? {}), results, ...(tasks[0]?.census && { census: true }), ...(stopped ? { stopped } : {}) };
}

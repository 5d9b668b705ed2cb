// Running a manifest: one exhaustive check per run with continueAfterViolation, so every
// property gets its own verdict and its own shortest counterexample, then each listed
// expectation is compared with what the checker found.

import { checkInstance } from '../api/check.ts';
import type { CheckResult } from '../engine/search/result.ts';
import { formatModelError, formatTrace } from '../report/text.ts';
import { DEADLOCK } from '../engine/search/outcome.ts';
import { EXIT, exitCodeOfModelError, stopText, type ExitCode } from '../errors.ts';
import type { Expectation, GateRun, Manifest } from './manifest.ts';

/** What the checker says about one property. `unknown`: the search stopped early. */
export type Verdict = 'holds' | 'violated' | 'unknown';

export interface PropertyOutcome {
  readonly property: string;
  readonly verdict: Verdict;
  /** States in the shortest counterexample. */
  readonly traceLength?: number;
  readonly traceText?: string;
  readonly class?: string;
  readonly expected?: Expectation;
  /** Why the expectation is not met; empty when it is (or nothing was expected). */
  readonly mismatches: string[];
}

export interface RunOutcome {
  readonly name: string;
  readonly model: string;
  readonly distinct: number;
  readonly elapsedMs: number;
  /** The run could not produce verdicts: the model threw, or a bound stopped the search. */
  readonly error?: string;
  /** With `error`, its exit code: the model error's (75-77), 152 for maxStates, 130 interrupted. */
  readonly errorCode?: ExitCode;
  /** Every property the run checked; `expected` is set on the gated ones. */
  readonly properties: PropertyOutcome[];
}

export interface GateOutcome {
  readonly manifest: string;
  readonly runs: RunOutcome[];
  readonly passed: number;
  readonly failed: number;
  /** Why the gate did not run every check: a manifest error, or a stop request (`notRun`: the runs not started). */
  readonly stopped?: { readonly message: string; readonly notRun: readonly string[] };
}

/** Run every run of the manifest in turn; a stop request (`signal`) ends the run under way and skips the rest. */
export async function runManifest(manifest: Manifest, onRun?: (r: RunOutcome) => void, signal?: AbortSignal): Promise<GateOutcome> {
  const runs: RunOutcome[] = [];
  for (const run of manifest.runs) {
    if (signal?.aborted) break;
    const outcome = await runOne(run, signal);
    runs.push(outcome);
    onRun?.(outcome);
  }
  const outcome = outcomeOf(manifest.file, runs);
  if (!signal?.aborted) return outcome;
  const notRun = manifest.runs.slice(runs.length).map((r) => r.name);
  const message = `The gate was interrupted (${stopText(signal)})${notRun.length ? `; not run: ${notRun.join(', ')}` : ''}.`;
  return { ...outcome, stopped: { message, notRun } };
}

/** The gate's outcome from its runs' (in manifest order): what passed and what failed. */
export function outcomeOf(manifest: string, runs: RunOutcome[]): GateOutcome {
  const gated = runs.flatMap((r) => r.properties.filter((p) => p.expected));
  const failed = gated.filter((p) => p.mismatches.length > 0).length;
  return { manifest, runs, passed: gated.length - failed, failed };
}

async function runOne(run: GateRun, signal?: AbortSignal): Promise<RunOutcome> {
  const inst = run.instance;
  const sel = run.selection;
  const result = await checkInstance(inst, sel, { maxStates: run.maxStates, continueAfterViolation: true, signal });
  const error = runError(result, inst.spec.alias);
  const names = [...sel.invariants, ...sel.actionProperties, ...sel.reachable, ...sel.properties, ...(sel.checkDeadlock ? [DEADLOCK] : [])];
  const properties = names.map((property): PropertyOutcome => {
    const v = result.violations.find((x) => x.property === property);
    const expected = run.expect.get(property) ?? (sel.reachable.includes(property) ? GUARD : undefined);
    const verdict: Verdict = v ? 'violated' : error ? 'unknown' : 'holds';
    const trace = v?.trace ?? undefined;
    const cls = trace && expected?.class ? run.model.classifyCounterexample?.(trace.states, property, inst.constants) : undefined;
    const out = {
      property,
      verdict,
      traceLength: trace?.states.length,
      traceText: trace ? formatTrace(trace, { alias: inst.spec.alias }) : undefined,
      class: cls,
      expected,
    };
    return { ...out, mismatches: expected ? compare(expected, out, error) : [] };
  });
  const errorCode = error === undefined ? undefined : result.error ? exitCodeOfModelError(result.error.part) : result.status === 'limit' ? EXIT.tooLarge : result.status === 'interrupted' ? EXIT.interrupted : EXIT.other;
  return { name: run.name, model: run.model.name, distinct: result.distinct, elapsedMs: result.elapsedMs, error, errorCode, properties };
}

function runError(r: CheckResult<unknown>, alias: Parameters<typeof formatModelError>[1]['alias']): string | undefined {
  if (r.error) return formatModelError(r.error, { alias }).trim();
  if (r.status === 'limit') return `the search stopped at ${r.limit} before exploring every state; raise maxStates or shrink the run`;
  if (r.status === 'interrupted') return 'the search was interrupted';
  if (!r.complete) return 'the search was bounded, so a property that held may still fail beyond the bound';
  return undefined;
}

/**
 * What a reachability check the manifest does not list is expected to do: be reached. It is a
 * vacuity guard; never reached, it says the run's other verdicts may hold only because the
 * behaviour they speak of never happens. A manifest that means it says "violated".
 */
const GUARD: Expectation = { verdict: 'holds' };

function compare(e: Expectation, got: Pick<PropertyOutcome, 'verdict' | 'traceLength' | 'class'>, error: string | undefined): string[] {
  // A run that did not finish cannot vouch for any of its verdicts, matching or not.
  if (error) return [`expected ${e.verdict}, got ${got.verdict === 'violated' ? 'violated' : 'no verdict'} (the run did not complete)`];
  if (got.verdict !== e.verdict) return [e === GUARD ? 'never reached: the run is vacuous there (a vacuity guard must be reached; expect it "violated" if that is intended)' : `expected ${e.verdict}, got ${got.verdict}`];
  const out: string[] = [];
  if (e.maxTraceLength !== undefined && got.traceLength !== undefined && got.traceLength > e.maxTraceLength) {
    out.push(`shortest trace has ${got.traceLength} states, more than maxTraceLength ${e.maxTraceLength}`);
  }
  if (e.class !== undefined && got.class !== e.class) out.push(`counterexample class ${got.class ?? '(none)'}, expected ${e.class}`);
  return out;
}

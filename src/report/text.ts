// Human output in TLC's wording, so that TLC users (and their editors' trace parsers) feel at
// home: the banner, progress lines, `Error:` paragraphs with `State n: <Label>` traces and
// `/\ var = value` lines, the final counts, outdegree, collision estimate and coverage.

import type { Spec } from '../api/model.ts';
import type { CheckResult, CoverageRow, FairnessNote, Progress, ReachabilityResult, Violation } from '../engine/search/result.ts';
import { ModelError } from '../engine/instance.ts';
import type { Trace } from '../engine/search/trace.ts';
import { formatValue, stateVariables } from './format-value.ts';

export interface TraceDisplay<S> {
  /** The model's ALIAS: what is shown of each state. */
  readonly alias?: Spec<S>['alias'];
  /** Show only the variables that changed since the previous state (TLC's -difftrace). */
  readonly diff?: boolean;
}

const count = (n: number) => n.toLocaleString('en-US');

/**
 * Text with its control characters (C0 and C1, DEL; newline and tab kept) shown as `\xNN`, so
 * that a name from a model or a manifest cannot move the cursor, recolour or clear a terminal
 * or a CI log.
 */
export const escapeControls = (text: string): string =>
  text.replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);

export function formatBanner(modelName: string, version: string, constants: { readonly [name: string]: unknown }, checking: string[]): string {
  const consts = Object.entries(constants).map(([k, v]) => `${k} = ${formatValue(v)}`);
  return [
    `migcheck ${version}: model ${modelName}`,
    `Constants: ${consts.length ? consts.join(', ') : '(none)'}`,
    ...checking.map((c) => `Checking ${c}`),
    '',
    '',
  ].join('\n');
}

/** A moment as TLC prints it: local time, `2026-12-02 09:27:15`. */
export function tlcTime(d: Date = new Date()): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

/** TLC's lines before the search: `Starting... (time)` and `Computing initial states...`. */
export function formatStart(now = new Date()): string {
  return `Starting... (${tlcTime(now)})\nComputing initial states...`;
}

/** TLC's line once the initial states are known. */
export function formatInitialDone(distinct: number, now = new Date()): string {
  return `Finished computing initial states: ${distinct} distinct state${distinct === 1 ? '' : 's'} generated at ${tlcTime(now)}.`;
}

/** TLC's progress line; rates are per minute over the whole run so far. */
export function formatProgress(p: Progress, now = new Date()): string {
  const minutes = Math.max(p.elapsedMs, 1) / 60_000;
  const time = tlcTime(now);
  if (p.phase === 'liveness') return `Checking temporal properties for the complete state space with ${count(p.distinct)} total distinct states at (${time})`;
  return (
    `Progress(${p.depth}) at ${time}: ${count(p.generated)} states generated (${count(Math.round(p.generated / minutes))} s/min), ` +
    `${count(p.distinct)} distinct states found (${count(Math.round(p.distinct / minutes))} ds/min), ${count(p.queue)} states left on queue.`
  );
}

function displayed<S>(state: S, alias: TraceDisplay<S>['alias']): [string, unknown][] {
  if (!alias) return stateVariables(state);
  try {
    return Object.entries(alias(state));
  } catch (e) {
    throw new ModelError('alias', 'alias', e);
  }
}

export function formatTrace<S>(trace: Trace<S>, display: TraceDisplay<S> = {}): string {
  const out: string[] = [];
  let previous = new Map<string, string>();
  trace.states.forEach((t, i) => {
    out.push(`State ${i + 1}: <${t.label}>`);
    const current = new Map(displayed(t.state, display.alias).map(([k, v]) => [k, formatValue(v)] as const));
    for (const [k, text] of current) {
      if (display.diff && i > 0 && previous.get(k) === text) continue;
      out.push(`/\\ ${k} = ${text}`);
    }
    out.push('');
    previous = current;
  });
  // A stuttering lasso also carries `loop` (its last state); TLC numbers the stutter as a state.
  if (trace.stuttering) out.push(`State ${trace.states.length + 1}: Stuttering`, '');
  else if (trace.loop !== undefined) out.push(`Back to state ${trace.loop + 1}${trace.loopLabel ? `: <${trace.loopLabel}>` : ''}`, '');
  return out.join('\n');
}

export function formatViolation<S>(v: Violation<S>, display: TraceDisplay<S>): string {
  // TLC's two lines for a liveness counterexample, after ours naming the property.
  const head = v.kind === 'liveness' && v.trace ? `Error: ${v.message}\nError: Temporal properties were violated.\n\nError: The following behavior constitutes a counter-example:\n` : `Error: ${v.message}`;
  if (!v.trace) return `${head}\n`;
  const fairness = v.fairness?.length ? ['', 'Fairness conditions the cycle satisfies:', ...v.fairness.map((n) => `  ${formatFairnessNote(n)}`), ''].join('\n') : '';
  const mapped = v.refinement ? `\n${formatMapped(v.trace, v.refinement)}` : '';
  const intro = v.kind === 'liveness' ? '' : 'Error: The behavior up to this point is:\n';
  return `${head}\n${intro}${formatTrace(v.trace, display)}${fairness}${mapped}`;
}

/** A refinement's counterexample seen through its mapping: each state's abstract state, the last one failing. */
function formatMapped<S>(trace: Trace<S>, r: NonNullable<Violation<S>['refinement']>): string {
  const out = [`The behavior mapped to ${r.abstract}:`];
  r.states.forEach((m, i) => {
    const note = i === r.states.length - 1 ? (i === 0 ? ` (no initial state of ${r.abstract})` : ` (no step of ${r.abstract})`) : m.stutter ? ' (stutters)' : '';
    out.push(`State ${i + 1}: <${trace.states[i].label}>${note}`);
    for (const [k, value] of stateVariables(m.state)) out.push(`/\\ ${k} = ${formatValue(value)}`);
    out.push('');
  });
  return out.join('\n');
}

/** One fairness condition of a lasso, states numbered as the trace prints them. */
export function formatFairnessNote(n: FairnessNote): string {
  if (n.how === 'taken') return `${n.condition}: taken in the cycle (state ${n.from + 1} → ${n.to + 1})`;
  if (n.how === 'disabled') return `${n.condition}: disabled in state ${n.state + 1}`;
  return `${n.condition}: never enabled in the cycle`;
}

const partNames: { [part: string]: string } = {
  init: 'the initial states',
  action: 'action',
  invariant: 'invariant',
  actionProperty: 'action property',
  constraint: 'constraint',
  reachable: 'reachability check',
  view: 'the view',
  temporal: 'temporal property',
  alias: 'the alias',
};

/** The model threw: one paragraph naming the part, then the trace to the state where it happened. */
export function formatModelError<S>(error: NonNullable<CheckResult<S>['error']>, display: TraceDisplay<S>): string {
  const what = error.part === 'init' ? partNames.init : `${partNames[error.part] ?? error.part} ${error.name}`;
  const cause = error.message.replace(/^.*? threw: /, '');
  const where = error.trace
    ? error.part === 'action'
      ? ` while computing the successors of state ${error.trace.states.length} below`
      : ` on state ${error.trace.states.length} below`
    : '';
  const head = error.fault ? `Error: ${error.message}${where ? ` (${where.trim()})` : ''}.` : `Error: evaluating ${what} threw an exception${where}: ${cause}`;
  return error.trace ? `${head}\nError: The behavior up to this point is:\n${formatTrace(error.trace, display)}` : `${head}\n`;
}

function formatReachability<S>(r: ReachabilityResult<S>): string {
  if (r.reached === true) return `Reachability check ${r.name}: reached (witness of ${r.trace?.states.length ?? 0} states).`;
  if (r.reached === false) return `Reachability check ${r.name}: never reached.`;
  return `Reachability check ${r.name}: not reached before the search stopped (unknown).`;
}

function formatCoverage(rows: readonly CoverageRow[]): string {
  const lines = rows.map((r) => `  <${r.label}>: ${count(r.distinct)}:${count(r.generated)}`);
  return ['The coverage statistics (distinct:generated states per action):', ...lines].join('\n');
}

export interface SummaryOptions {
  readonly coverage?: boolean;
  /** What interrupted the run, as the summary names it (default Ctrl-C). */
  readonly stoppedBy?: string;
}

/** TLC's closing summary: counts, depth, outdegree, collision estimate, reachability, coverage, time. */
export function formatSummary<S>(r: CheckResult<S>, opts: SummaryOptions): string {
  const out: string[] = [];
  if (r.status === 'ok' && r.complete) {
    out.push(
      'Model checking completed. No error has been found.',
      '  Estimates of the probability that migcheck did not check all reachable states',
      '  because two distinct states had the same fingerprint:',
      `  calculated (optimistic):  val = ${r.collisionProbability.toExponential(1).toUpperCase()}`,
    );
  }
  if (r.status === 'limit') {
    out.push(
      r.complete
        ? `Error: the liveness phase stopped at ${r.limit}: every state was explored, but not every temporal property was checked (see the warnings).`
        : `Error: the search stopped at ${r.limit} with states left to explore; the state space is larger than that bound.`,
    );
  }
  if (r.status === 'interrupted') out.push(`Interrupted (${opts.stoppedBy ?? 'Ctrl-C'}): the counts below are those reached so far.`);
  if (r.status === 'ok' && !r.complete) out.push('The search was bounded (--max-depth or constraints): states beyond the bound were not explored.');
  // TLC's words and figures exactly (no thousands separators), for the scripts that parse them.
  const o = r.outdegree;
  out.push(
    `${r.generated} states generated, ${r.distinct} distinct states found, ${r.queueLeft} states left on queue.`,
    `The depth of the complete state graph search is ${r.depth}.`,
  );
  // TLC leaves the line out when no state was expanded in full.
  if (o.states > 0) out.push(`The average outdegree of the complete state graph is ${Math.round(o.avg)} (minimum is ${o.min}, the maximum ${o.max} and the 95th percentile is ${o.p95}).`);
  if (r.parallel) out.push(`Levels ${r.parallel.fromLevel} on were expanded by ${r.parallel.workers} threads in parallel.`);
  for (const w of r.warnings ?? []) out.push(`Warning: ${w}`);
  for (const reach of r.reachability) out.push(formatReachability(reach));
  if (opts.coverage) out.push(formatCoverage(r.coverage));
  out.push(`Finished in ${formatTlcDuration(r.elapsedMs)} at (${tlcTime()})`);
  return out.join('\n') + '\n';
}

/** A whole run in TLC's words, as `migcheck check` prints it after its banner: each violation with its trace, a model error, the summary. */
export function formatReport<S>(r: CheckResult<S> & { readonly alias?: Spec<S>['alias'] }, opts: SummaryOptions & { readonly diff?: boolean } = {}): string {
  const display = { alias: r.alias, diff: opts.diff };
  const out: string[] = [];
  for (const v of r.violations) out.push(formatViolation(v, display));
  if (r.error) out.push(formatModelError(r.error, display));
  out.push(formatSummary(r, opts));
  return out.join('\n');
}

/** A run's length as TLC's last line gives it (its SimpleDateFormat patterns): `01s`, `02min 05s`, `01h 02min`. */
export function formatTlcDuration(ms: number): string {
  const s = Math.floor(ms / 1000);
  const two = (n: number) => String(n).padStart(2, '0');
  if (s < 60) return `${two(s)}s`;
  if (s < 3600) return `${two(Math.floor(s / 60))}min ${two(s % 60)}s`;
  return `${two(Math.floor(s / 3600))}h ${two(Math.floor(s / 60) % 60)}min`;
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}min ${s % 60}s`;
}

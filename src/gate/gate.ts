// `migcheck gate`: run a manifest of checks and fail the build when a verdict differs from
// the one the manifest pins. The reports are written at the end of every gate run, whole (see
// report/write-file.ts), whatever happened: a manifest error, a run error or a stop request
// gives a failing report that says so, so a stale passing report never survives a failed gate.

import { formatJUnit } from '../report/junit.ts';
import { formatMarkdownSummary } from '../report/markdown-summary.ts';
import { formatDuration } from '../report/text.ts';
import { EXIT, stopExitCode, UserError } from '../errors.ts';
import type { ModelRegistry } from '../load/load-model.ts';
import { appendReport, checkReportPaths, writeReport } from '../report/write-file.ts';
import { loadManifest } from './manifest.ts';
import { runManifest, type GateOutcome, type RunOutcome } from './run.ts';

export interface GateOptions {
  readonly manifest: string;
  readonly junit?: string;
  readonly json?: boolean;
  /** Appended to, as GitHub's $GITHUB_STEP_SUMMARY is meant to be. */
  readonly summary?: string;
  readonly only?: string;
  /** Models known by name (the CLI's built-ins). */
  readonly registry?: ModelRegistry;
  /** A stop request: the run under way stops, the others are skipped, the reports say so. */
  readonly signal?: AbortSignal;
}

export interface GateIO {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

/** The gate's exit codes (documented in docs/ci.md); a run error has its own (75-77, 152). */
export const GATE_EXIT = {
  pass: EXIT.ok,
  mismatch: EXIT.safety,
  manifest: EXIT.config,
  loadModel: EXIT.loadModel,
  crash: EXIT.other,
} as const;

export async function runGate(opts: GateOptions, io: GateIO): Promise<number> {
  // With --json, stdout carries the one JSON document; the human lines go to stderr.
  const say = opts.json ? io.err : io.out;
  try {
    // A report path that is the manifest: writing nothing at all is the only safe answer.
    checkReportPaths([['--junit', opts.junit], ['--summary', opts.summary]], [['gate manifest', opts.manifest]]);
  } catch (e) {
    io.err(`Error: ${(e as Error).message}`);
    return (e as UserError).exitCode;
  }
  let outcome: GateOutcome;
  try {
    const manifest = await loadManifest(opts.manifest, opts.only, opts.registry);
    outcome = await runManifest(manifest, (r) => say(formatRunLines(r)), opts.signal);
  } catch (e) {
    const code = e instanceof UserError ? e.exitCode : GATE_EXIT.crash;
    const message = e instanceof UserError ? e.message : `gate crashed: ${(e as Error).stack ?? String(e)}`;
    io.err(`Error: ${message}`);
    await writeReports(opts, { manifest: opts.manifest, runs: [], passed: 0, failed: 0, stopped: { message, notRun: [] } });
    if (opts.json) io.out(JSON.stringify({ manifest: opts.manifest, exitCode: code, error: message }, null, 2));
    return code;
  }
  return reportGate(opts, outcome, io);
}

/**
 * The end of a gate run, from its outcome: the reports, the JSON document, the totals and the
 * exit code. `printRuns` prints the run lines too (a merge of shards, whose runs ran elsewhere).
 */
export async function reportGate(opts: Omit<GateOptions, 'manifest'>, outcome: GateOutcome, io: GateIO, printRuns = false): Promise<number> {
  const say = opts.json ? io.err : io.out;
  if (printRuns) for (const r of outcome.runs) say(formatRunLines(r));
  const runError = outcome.runs.find((r) => r.errorCode !== undefined);
  const code = outcome.stopped ? stopExitCode(opts.signal) : (runError?.errorCode ?? (outcome.failed > 0 ? GATE_EXIT.mismatch : GATE_EXIT.pass));
  await writeReports(opts, outcome);
  if (opts.json) io.out(JSON.stringify({ ...jsonOf(outcome), exitCode: code }, null, 2));
  if (outcome.stopped) say(outcome.stopped.message);
  say(`${outcome.passed} passed, ${outcome.failed} failed`);
  return code;
}

async function writeReports(opts: Pick<GateOptions, 'junit' | 'summary'>, outcome: GateOutcome): Promise<void> {
  if (opts.junit) await writeReport(opts.junit, formatJUnit(outcome));
  if (opts.summary) await appendReport(opts.summary, formatMarkdownSummary(outcome));
}

/** The run's summary line, then what failed and why, with the counterexample traces. */
export function formatRunLines(r: RunOutcome): string {
  const failed = r.properties.filter((p) => p.mismatches.length > 0);
  const ungated = r.properties.filter((p) => !p.expected && p.verdict === 'violated').map((p) => p.property);
  const notes = [
    ...failed.map((p) => `${p.property}: ${p.mismatches.join('; ')}`),
    ...(ungated.length ? [`not gated, violated: ${ungated.join(', ')}`] : []),
  ];
  const head = `${failed.length || r.error ? '✘' : '✔'} ${r.name}  ${r.distinct.toLocaleString('en-US')} distinct states  ${formatDuration(r.elapsedMs)}${notes.length ? `  ${notes.join(' | ')}` : ''}`;
  const details = [
    ...(r.error ? [`  run error: ${r.error.replace(/\n/g, '\n    ')}`] : []),
    ...failed.filter((p) => p.traceText).map((p) => `  ${p.property} counterexample (${p.traceLength} states):\n${indent(p.traceText!)}`),
  ];
  return [head, ...details].join('\n');
}

const indent = (s: string) => s.trimEnd().split('\n').map((l) => (l ? `    ${l}` : '')).join('\n');

function jsonOf(g: GateOutcome) {
  return {
    manifest: g.manifest,
    passed: g.passed,
    failed: g.failed,
    stopped: g.stopped ?? null,
    runs: g.runs.map((r) => ({
      ...r,
      properties: r.properties.map(({ traceText, ...p }) => ({ ...p, trace: traceText })),
    })),
  };
}

// `migcheck gate`: run a manifest of checks and fail the build when a verdict differs from
// the one the manifest pins. Report files are removed first and written whole at the end
// (temp file + rename), so a crash or a bad manifest never leaves a stale passing report.

import { rmSync } from 'node:fs';
import { formatJUnit } from '../report/junit.ts';
import { formatMarkdownSummary } from '../report/markdown-summary.ts';
import { formatDuration } from '../report/text.ts';
import { checkReportPaths, writeReport } from '../report/write-file.ts';
import { EXIT, UserError } from '../errors.ts';
import { loadManifest } from './manifest.ts';
import { runManifest, type GateOutcome, type RunOutcome } from './run.ts';

export interface GateOptions {
  readonly manifest: string;
  readonly junit?: string;
  readonly json?: boolean;
  readonly summary?: string;
  readonly only?: string;
}

export interface GateIO {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

/** The gate's exit codes (documented in docs/ci.md). */
export const GATE_EXIT = {
  pass: EXIT.ok,
  mismatch: EXIT.safety,
  manifest: EXIT.config,
  loadModel: EXIT.loadModel,
  runError: EXIT.other,
} as const;

export async function runGate(opts: GateOptions, io: GateIO): Promise<number> {
  // With --json, stdout carries the one JSON document; the human lines go to stderr.
  const say = opts.json ? io.err : io.out;
  try {
    checkReportPaths([['--junit', opts.junit], ['--summary', opts.summary]], [['gate manifest', opts.manifest]]);
  } catch (e) {
    io.err(`Error: ${(e as Error).message}`);
    return (e as UserError).exitCode;
  }
  for (const f of [opts.junit, opts.summary]) if (f) rmSync(f, { force: true });
  let outcome: GateOutcome;
  try {
    const manifest = await loadManifest(opts.manifest, opts.only);
    outcome = await runManifest(manifest, (r) => say(formatRunLines(r)));
  } catch (e) {
    const code = e instanceof UserError ? e.exitCode : GATE_EXIT.runError;
    const message = e instanceof UserError ? e.message : `gate crashed: ${(e as Error).stack ?? String(e)}`;
    io.err(`Error: ${message}`);
    if (opts.json) io.out(JSON.stringify({ manifest: opts.manifest, exitCode: code, error: message }, null, 2));
    return code;
  }
  const code = outcome.runs.some((r) => r.error) ? GATE_EXIT.runError : outcome.failed > 0 ? GATE_EXIT.mismatch : GATE_EXIT.pass;
  if (opts.junit) await writeReport(opts.junit, formatJUnit(outcome));
  if (opts.summary) await writeReport(opts.summary, formatMarkdownSummary(outcome));
  if (opts.json) io.out(JSON.stringify({ ...jsonOf(outcome), exitCode: code }, null, 2));
  say(`${outcome.passed} passed, ${outcome.failed} failed`);
  return code;
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
    runs: g.runs.map((r) => ({
      ...r,
      properties: r.properties.map(({ traceText, ...p }) => ({ ...p, trace: traceText })),
    })),
  };
}

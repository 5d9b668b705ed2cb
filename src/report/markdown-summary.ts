// A Markdown summary of a gate run for a CI job page (GitHub's $GITHUB_STEP_SUMMARY): one
// table row per gated property, failures first-class, traces left to the log and JUnit. Names
// come from the manifest and the model, so they are escaped: HTML (which GitHub renders), the
// Markdown that would break a table or format text, line breaks and control characters.

import type { GateSummary } from './gate-summary.ts';
import { escapeControls } from './text.ts';

const cell = (s: string) =>
  escapeControls(s.replace(/\r?\n/g, ' '))
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|]/g, '\\$&');

export function formatMarkdownSummary(g: GateSummary): string {
  const verdict = g.stopped ? '✘ did not finish' : g.failed === 0 ? '✔ passed' : '✘ failed';
  const out = [`## migcheck gate: ${verdict}`, '', `Manifest ${cell(g.manifest)}: ${g.passed} passed, ${g.failed} failed.`, ''];
  if (g.stopped) out.push(`**${cell(g.stopped.message)}**`, '');
  if (g.runs.length === 0) return out.join('\n');
  out.push('| | Run | Property | Expected | Actual | Trace | Notes |', '|---|---|---|---|---|---|---|');
  for (const run of g.runs) {
    for (const p of run.properties.filter((q) => q.expected)) {
      const e = p.expected!;
      const expected = [e.verdict, e.class && `class ${e.class}`, e.maxTraceLength && `≤ ${e.maxTraceLength} states`].filter(Boolean).join(', ');
      const actual = [p.verdict, p.class && `class ${p.class}`].filter(Boolean).join(', ');
      const ok = p.mismatches.length === 0;
      out.push(`| ${ok ? '✔' : '✘'} | ${cell(run.name)} | ${cell(p.property)} | ${cell(expected)} | ${cell(actual)} | ${p.traceLength ?? ''} | ${cell(p.mismatches.join('; '))} |`);
    }
  }
  const errors = g.runs.filter((r) => r.error);
  if (errors.length) out.push('', ...errors.map((r) => `- **${cell(r.name)}** did not complete: ${cell(r.error!.split('\n')[0])}`));
  out.push('');
  return out.join('\n');
}

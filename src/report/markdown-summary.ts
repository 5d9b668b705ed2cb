// A Markdown summary of a gate run for a CI job page (GitHub's $GITHUB_STEP_SUMMARY): one
// table row per gated property, failures first-class, traces left to the log and JUnit.

import type { GateOutcome } from '../gate/run.ts';

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function formatMarkdownSummary(g: GateOutcome): string {
  const out = [
    `## migcheck gate: ${g.failed === 0 ? '✔ passed' : '✘ failed'}`,
    '',
    `Manifest \`${g.manifest}\`: ${g.passed} passed, ${g.failed} failed.`,
    '',
    '| | Run | Property | Expected | Actual | Trace | Notes |',
    '|---|---|---|---|---|---|---|',
  ];
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

// JUnit XML for CI test reports: one <testsuite> per gate run, one <testcase> per gated
// property, and on a mismatch a <failure> whose text is the counterexample trace, so the CI
// service's test view shows the trace without opening the log.

import type { GateOutcome } from '../gate/run.ts';

/** Escape text for XML content or a double-quoted attribute; drop characters XML 1.0 forbids. */
export function xmlEscape(s: string): string {
  return s
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

export function formatJUnit(g: GateOutcome): string {
  const secs = (ms: number) => (ms / 1000).toFixed(3);
  const total = g.passed + g.failed;
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="migcheck gate" tests="${total}" failures="${g.failed}" time="${secs(g.runs.reduce((t, r) => t + r.elapsedMs, 0))}">`,
  ];
  for (const run of g.runs) {
    const gated = run.properties.filter((p) => p.expected);
    const failures = gated.filter((p) => p.mismatches.length > 0).length;
    out.push(`  <testsuite name="${xmlEscape(run.name)}" tests="${gated.length}" failures="${failures}" time="${secs(run.elapsedMs)}">`);
    for (const p of gated) {
      const head = `  <testcase classname="${xmlEscape(`gate.${run.name}`)}" name="${xmlEscape(p.property)}"`;
      if (p.mismatches.length === 0) {
        out.push(`  ${head}/>`);
        continue;
      }
      const body = [run.error ? `Run error: ${run.error}` : '', p.traceText ? `Counterexample (${p.traceLength} states):\n${p.traceText}` : ''].filter(Boolean).join('\n\n');
      out.push(`  ${head}>`, `      <failure message="${xmlEscape(p.mismatches.join('; '))}" type="gate-mismatch">${xmlEscape(body)}</failure>`, '    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>', '');
  return out.join('\n');
}

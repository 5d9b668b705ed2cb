// JUnit XML for CI test reports: one <testsuite> per gate run, one <testcase> per gated
// property, and on a mismatch a <failure> whose text is the counterexample trace, so the CI
// service's test view shows the trace without opening the log. A gate that could not run every
// check (a manifest error, a stop request) adds one testcase with an <error> saying why.

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
  // A gate that did not run every check (manifest error, stop request) fails as one error testcase.
  const errors = g.stopped ? 1 : 0;
  const total = g.passed + g.failed + errors;
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="migcheck gate" tests="${total}" failures="${g.failed}" errors="${errors}" time="${secs(g.runs.reduce((t, r) => t + r.elapsedMs, 0))}">`,
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
  if (g.stopped) {
    const firstLine = g.stopped.message.split('\n')[0];
    out.push(
      '  <testsuite name="gate" tests="1" failures="0" errors="1">',
      '    <testcase classname="gate" name="gate run">',
      `      <error message="${xmlEscape(firstLine)}" type="gate-error">${xmlEscape(g.stopped.message)}</error>`,
      '    </testcase>',
      '  </testsuite>',
    );
  }
  out.push('</testsuites>', '');
  return out.join('\n');
}

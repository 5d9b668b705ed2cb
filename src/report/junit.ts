// JUnit XML for CI test reports: one <testsuite> per gate run, one <testcase> per gated
// property. A wrong verdict is a <failure> whose text is the counterexample trace, so the CI
// service's test view shows the trace without opening the log; a run that could not finish (the
// model threw, a bound or a stop request cut the search) vouches for none of its verdicts, so
// its testcases are <error>s. A gate that could not run every check (a manifest error, a stop
// request) adds one testcase with an <error> saying why. The output is valid against the
// strict copy of Jenkins' junit-10.xsd in test/fixtures/junit-10.xsd (test/junit-schema.test.ts).

import type { GatedRun, GateSummary } from './gate-summary.ts';

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

const secs = (ms: number) => (ms / 1000).toFixed(3);

interface Suite {
  readonly lines: string[];
  readonly tests: number;
  readonly failures: number;
  readonly errors: number;
  readonly ms: number;
}

function runSuite(run: GatedRun): Suite {
  const gated = run.properties.filter((p) => p.expected);
  const bad = gated.filter((p) => p.mismatches.length > 0);
  // One search checks every property at once: its time is shared out, so that tools adding up
  // testcase times get the run's.
  const caseTime = secs(gated.length ? run.elapsedMs / gated.length : 0);
  const tag = run.error ? 'error' : 'failure';
  const lines = [`  <testsuite name="${xmlEscape(run.name)}" tests="${gated.length}" failures="${run.error ? 0 : bad.length}" errors="${run.error ? bad.length : 0}" time="${secs(run.elapsedMs)}">`];
  for (const p of gated) {
    const head = `    <testcase classname="${xmlEscape(`gate.${run.name}`)}" name="${xmlEscape(p.property)}" time="${caseTime}"`;
    if (p.mismatches.length === 0) {
      lines.push(`${head}/>`);
      continue;
    }
    const body = [run.error ? `Run error: ${run.error}` : '', p.traceText ? `Counterexample (${p.traceLength} states):\n${p.traceText}` : ''].filter(Boolean).join('\n\n');
    const type = run.error ? 'gate-run-error' : 'gate-mismatch';
    lines.push(`${head}>`, `      <${tag} message="${xmlEscape(p.mismatches.join('; '))}" type="${type}">${xmlEscape(body)}</${tag}>`, '    </testcase>');
  }
  lines.push('  </testsuite>');
  return { lines, tests: gated.length, failures: run.error ? 0 : bad.length, errors: run.error ? bad.length : 0, ms: run.elapsedMs };
}

function stoppedSuite(message: string): Suite {
  const lines = [
    '  <testsuite name="gate" tests="1" failures="0" errors="1" time="0.000">',
    '    <testcase classname="gate" name="gate run" time="0.000">',
    `      <error message="${xmlEscape(message.split('\n')[0])}" type="gate-error">${xmlEscape(message)}</error>`,
    '    </testcase>',
    '  </testsuite>',
  ];
  return { lines, tests: 1, failures: 0, errors: 1, ms: 0 };
}

export function formatJUnit(g: GateSummary): string {
  const suites = [...g.runs.map(runSuite), ...(g.stopped ? [stoppedSuite(g.stopped.message)] : [])];
  const sum = (k: 'tests' | 'failures' | 'errors' | 'ms') => suites.reduce((t, s) => t + s[k], 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="migcheck gate" tests="${sum('tests')}" failures="${sum('failures')}" errors="${sum('errors')}" time="${secs(sum('ms'))}">`,
    ...suites.flatMap((s) => s.lines),
    '</testsuites>',
    '',
  ].join('\n');
}

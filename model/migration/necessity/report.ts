// The necessity verdict for people (terminal text, Markdown) and machines (JSON): per
// assumption set a designs × properties table, then per loop shape the conclusion with the
// deciding property and its shortest witnessing trace, classified into the review's cases.

import { itfValue } from '../../../src/report/itf.ts';
import { BASELINE, LOOP_SHAPES, verdictOf, type Analysis, type AssumptionResult, type Conclusion, type Counterexample } from './analysis.ts';
import { grid, traceView } from './trace-view.ts';

export const HOLDS = '✔';
export const FAILS = '✘';

export const assumptionTitle = (r: AssumptionResult) => `readBroken=${r.assumptions.readBroken}, mceMarksDirty=${r.assumptions.mceMarksDirty}`;

export const caseText = (cx: Counterexample) =>
  cx.classification ? `case ${cx.classification.case} (MCE on page ${cx.classification.page} at step ${cx.classification.mceStep})` : 'not classified';

/** The designs × properties table, plus each design's state count and whether its reachability checks were all witnessed. */
export function verdictTable(r: AssumptionResult, properties: readonly string[]): string[][] {
  const rows = [['design', ...properties, 'states', 'non-vacuous']];
  for (const d of r.designs) {
    const missing = Object.entries(d.witnessed).filter(([, w]) => !w).map(([n]) => n);
    rows.push([d.design, ...properties.map((p) => (d.verdicts[p] === null ? HOLDS : FAILS)), String(d.distinct), missing.length ? `no: ${missing.join(', ')}` : 'yes']);
  }
  return rows;
}

/** One line per conclusion: the verdict and the deciding properties. */
export function conclusionLine(c: Conclusion): string {
  const parts = [`${c.loop}: ${verdictOf(c).toUpperCase()}`];
  if (c.necessary.length) parts.push(`holds with the loop, fails in ${BASELINE}: ${c.necessary.map((x) => x.property).join(', ')}`);
  if (c.harmful.length) parts.push(`holds in ${BASELINE}, fails with the loop: ${c.harmful.map((x) => x.property).join(', ')}`);
  if (!c.necessary.length && !c.harmful.length) parts.push(`every property has the same verdict with and without the loop`);
  return parts.join(' — ');
}

const witnesses = (c: Conclusion) => [
  ...c.necessary.map((cx) => ({ why: `necessary: ${cx.property} fails in ${cx.design}`, cx })),
  ...c.harmful.map((cx) => ({ why: `harmful: ${cx.property} fails in ${cx.design}`, cx })),
];

/** The answer as a table over the assumptions: one row per assumption set, one column per loop shape. */
export function answerTable(a: Analysis): string[][] {
  const deciding = (xs: readonly Counterexample[]) => xs.map((x) => `${x.property}${x.classification ? ` (${x.classification.case})` : ''}`).join(', ');
  const cell = (c: Conclusion) => {
    const why = [c.necessary.length ? `needed for ${deciding(c.necessary)}` : '', c.harmful.length ? `breaks ${deciding(c.harmful)}` : ''].filter(Boolean);
    return `${verdictOf(c)}${why.length ? `: ${why.join('; ')}` : ''}`;
  };
  return [['assumptions', ...LOOP_SHAPES], ...a.results.map((r) => [assumptionTitle(r), ...LOOP_SHAPES.map((shape) => {
    const c = r.conclusions.find((x) => x.loop === shape);
    return c ? cell(c) : '-';
  })])];
}

function header(a: Analysis): string {
  const c = a.constants;
  return `Is the V4 re-query loop necessary? pages=${c.pages} batchSize=${c.batchSize === 0 ? c.pages : c.batchSize} maxMce=${c.maxMce}; ${HOLDS} holds, ${FAILS} fails (shortest counterexample below each conclusion).`;
}

export function renderText(a: Analysis): string {
  const out = [header(a), '', ...(a.stopped ? [a.stopped, ''] : [])];
  for (const r of a.results) {
    out.push(`== ${assumptionTitle(r)} ==`, grid(verdictTable(r, a.properties)), '');
    for (const c of r.conclusions) {
      out.push(conclusionLine(c));
      for (const { why, cx } of witnesses(c)) {
        out.push(`  ${why}, ${caseText(cx)}:`, traceView(cx.trace, cx.classification?.mceStep).replace(/^/gm, '    '), '');
      }
    }
    out.push('');
  }
  out.push('== The answer over the assumptions ==', grid(answerTable(a)), '');
  return out.join('\n');
}

export function renderMarkdown(a: Analysis, traceFile?: (cx: Counterexample, r: AssumptionResult) => string): string {
  const [answerHead, ...answerBody] = answerTable(a);
  const out = [
    '# The V4 re-query loop: necessary?',
    '',
    header(a),
    '',
    ...(a.stopped ? [`**${a.stopped}**`, ''] : []),
    '## The answer over the assumptions',
    '',
    `| ${answerHead.join(' | ')} |`,
    `|${answerHead.map(() => '---').join('|')}|`,
    ...answerBody.map((row) => `| ${row.join(' | ')} |`),
    '',
  ];
  for (const r of a.results) {
    const [head, ...body] = verdictTable(r, a.properties);
    out.push(`## ${assumptionTitle(r)}`, '', `| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...body.map((row) => `| ${row.join(' | ')} |`), '');
    for (const c of r.conclusions) {
      out.push(`- **${conclusionLine(c)}**`);
      for (const { why, cx } of witnesses(c)) {
        out.push('', `  ${why}, ${caseText(cx)}${traceFile ? ` ([ITF](${traceFile(cx, r)}))` : ''}:`, '', '  ```', traceView(cx.trace, cx.classification?.mceStep).replace(/^/gm, '  '), '  ```');
      }
      out.push('');
    }
  }
  return out.join('\n');
}

const cxJson = (cx: Counterexample | null) =>
  cx && {
    case: cx.classification?.case ?? null,
    page: cx.classification?.page ?? null,
    mceStep: cx.classification?.mceStep ?? null,
    trace: cx.trace.states.map((t) => ({ label: t.label, state: itfValue(t.state) })),
  };

export function toJson(a: Analysis): unknown {
  return {
    constants: a.constants,
    complete: !a.stopped,
    stopped: a.stopped ?? null,
    properties: a.properties,
    results: a.results.map((r) => ({
      assumptions: r.assumptions,
      designs: r.designs.map((d) => ({
        design: d.design,
        distinct: d.distinct,
        elapsedMs: d.elapsedMs,
        witnessed: d.witnessed,
        verdicts: Object.fromEntries(Object.entries(d.verdicts).map(([p, cx]) => [p, { holds: cx === null, counterexample: cxJson(cx) }])),
      })),
      conclusions: r.conclusions.map((c) => ({
        loop: c.loop,
        verdict: verdictOf(c),
        necessaryBy: c.necessary.map((x) => x.property),
        harmfulBy: c.harmful.map((x) => x.property),
      })),
    })),
  };
}

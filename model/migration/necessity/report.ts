// The necessity verdict for people (terminal text, Markdown) and machines (JSON): per
// assumption set a designs × properties table, then per loop shape the conclusion with the
// deciding property and its shortest witnessing trace, classified into the review's cases.

import { itfValue } from '../../../src/report/itf.ts';
import migration from '../model.ts';
import { BASELINE, LOOP_SHAPES, verdictOf, type Analysis, type AssumptionResult, type Conclusion, type Counterexample } from './analysis.ts';
import type { CaseCount, PropertyCases } from './design-check.ts';
import { grid, traceView } from './trace-view.ts';

export const HOLDS = '✔';
export const FAILS = '✘';

export const assumptionTitle = (r: AssumptionResult) => `readBroken=${r.assumptions.readBroken}, mceMarksDirty=${r.assumptions.mceMarksDirty}`;

export const caseText = (cx: Counterexample) =>
  cx.classification ? `case ${cx.classification.case} (MCE on page ${cx.classification.page} at step ${cx.classification.mceStep})` : 'not classified';

/** A counterexample in one line: which design fails what, the review's case, and its steps (the decisive MCE marked `<<`). */
export function traceSummary(cx: Counterexample): string {
  const steps = cx.trace.states.slice(1).map((t, k) => (k + 1 === cx.classification?.mceStep ? `${t.label} <<` : t.label));
  return `${cx.design} fails ${cx.property}, ${caseText(cx)}; ${steps.length} steps: ${steps.join(' → ')}`;
}

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

/** The review's cases as the model names them: the census table's columns. */
const CASE_NAMES = migration.counterexampleClasses ?? [];
export const NONE = 'none of them';

export const CENSUS_MODE =
  'Census mode: the model keeps a history variable (the case each page\'s MCE landed in), because a state alone cannot say which case reached it; ' +
  'the state counts are those of that model, larger than without --census, and the verdicts are the same.';

/** Every violated property of every design: its violations in total and per case (`none of them`: fits no case). */
export function censusTable(a: Analysis): string[][] {
  const rows = [['assumptions', 'design', 'property', 'violations', ...CASE_NAMES, NONE]];
  for (const { r, design, property, c } of censusCells(a)) {
    rows.push([assumptionTitle(r), design, property, String(c.total), ...CASE_NAMES.map((n) => String(c.cases[n]?.count ?? 0)), String(c.unclassified?.count ?? 0)]);
  }
  return rows;
}

function censusCells(a: Analysis): { r: AssumptionResult; design: string; property: string; c: PropertyCases }[] {
  return a.results.flatMap((r) => r.designs.flatMap((d) => a.properties.flatMap((property) => (d.census?.[property] ? [{ r, design: d.design, property, c: d.census[property] }] : []))));
}

/** The violations that fit none of the review's cases, each cell's shortest one with it. */
const misfits = (a: Analysis) => censusCells(a).flatMap((x) => (x.c.unclassified ? [{ ...x, k: x.c.unclassified }] : []));

/** The census's answer to "have I missed a case?", in one line. */
export function censusVerdict(a: Analysis): string {
  const cells = censusCells(a);
  const none = misfits(a);
  const total = cells.reduce((n, x) => n + x.c.total, 0);
  if (none.length === 0) return `Every one of the ${total.toLocaleString('en-US')} violations fits one of the review's cases (${CASE_NAMES.join(', ')}).`;
  const count = none.reduce((n, x) => n + x.k.count, 0);
  return `${count.toLocaleString('en-US')} of the ${total.toLocaleString('en-US')} violations fit NONE of the review's cases (${CASE_NAMES.join(', ')}), in ${none.map((x) => `${x.design} ${x.property} under ${assumptionTitle(x.r)}`).join('; ')}. The shortest of each is shown below.`;
}

/** Each cell's shortest witness per case, one line each. */
function witnessLines(a: Analysis): string[] {
  return censusCells(a).flatMap(({ r, c }) =>
    [...CASE_NAMES.flatMap((n) => (c.cases[n] ? [[n, c.cases[n]] as const] : [])), ...(c.unclassified ? [[NONE, c.unclassified] as const] : [])].map(
      ([n, k]: readonly [string, CaseCount]) => `  ${assumptionTitle(r)}: ${n}: ${traceSummary(k.shortest)}`,
    ),
  );
}

/** The census as text: the table, the verdict line, the traces fitting no case in full, the shortest witness per case. */
export function censusText(a: Analysis): string[] {
  if (!a.census) return [];
  return [
    '== The case census: every violating state, by the review\'s case ==',
    CENSUS_MODE,
    grid(censusTable(a)),
    '',
    censusVerdict(a),
    ...misfits(a).flatMap(({ r, design, property, k }) => ['', `  ${design} ${property} under ${assumptionTitle(r)}, ${k.count} fitting no case; the shortest:`, traceView(k.shortest.trace).replace(/^/gm, '    ')]),
    '',
    'The shortest witness of each case:',
    ...witnessLines(a),
    '',
  ];
}

function censusMarkdown(a: Analysis): string[] {
  if (!a.census) return [];
  const [head, ...body] = censusTable(a);
  return [
    '## The case census',
    '',
    CENSUS_MODE,
    '',
    `| ${head.join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
    ...body.map((row) => `| ${row.join(' | ')} |`),
    '',
    `**${censusVerdict(a)}**`,
    ...misfits(a).flatMap(({ r, design, property, k }) => ['', `${design} ${property} under ${assumptionTitle(r)}, ${k.count} fitting no case; the shortest:`, '', '```', traceView(k.shortest.trace), '```']),
    '',
    'The shortest witness of each case:',
    '',
    ...witnessLines(a).map((l) => `- ${l.trim()}`),
    '',
  ];
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
  out.push('== The answer over the assumptions ==', grid(answerTable(a)), '', ...censusText(a));
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
    ...censusMarkdown(a),
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

const countJson = (k: CaseCount) => ({ count: k.count, shortest: cxJson(k.shortest) });
const censusJson = (c: PropertyCases) => ({
  violations: c.total,
  cases: Object.fromEntries(Object.entries(c.cases).map(([n, k]) => [n, countJson(k)])),
  noCase: c.unclassified && countJson(c.unclassified),
});

export function toJson(a: Analysis): unknown {
  return {
    constants: a.constants,
    census: a.census ?? false,
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
        ...(d.census && { census: Object.fromEntries(Object.entries(d.census).map(([p, c]) => [p, censusJson(c)])) }),
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

// `migcheck necessity --sweep pages=2..5 maxMce=1..3`: the analysis at every scope of a grid,
// and whether its answer (the verdict of each loop shape and every design's verdict per
// property, under each assumption set) is the same in all of them. A scope whose answer
// differs from the first scope's is a case the smaller scopes missed; the smallest such scope
// (fewest states) is reported with what changed and the counterexample behind each change.

import type { ConstValue } from 'migcheck';
import { configError } from '../../../src/errors.ts';
import { constantFromFlag } from '../../../src/config/selection.ts';
import migration from '../model.ts';
import { ASSUMPTION_SETS, DESIGNS, LOOP_SHAPES, type Analysis, type Counterexample, type Scale } from './analysis.ts';
import { answerTable, assumptionTitle, CENSUS_MODE, censusTable, censusVerdict, FAILS, HOLDS, toJson, traceSummary } from './report.ts';
import { grid } from './trace-view.ts';

export interface Axis {
  readonly name: string;
  readonly values: readonly ConstValue[];
}

/** Constants each check sets itself: the design's, the assumption set's, and the census's history variable. */
const SET_PER_CHECK = new Set([...Object.keys(ASSUMPTION_SETS[0]), ...DESIGNS.flatMap((d) => Object.keys(d.constants)), 'mceHistory']);
/** The constants a sweep can vary. */
export const SWEEPABLE = Object.keys(migration.constants ?? {}).filter((n) => !SET_PER_CHECK.has(n));
const MAX_SCOPES = 1000;
const EXAMPLE = 'e.g. --sweep pages=2..5 maxMce=1..3 batchSize=0,1,2';

/** Parse `NAME=A..B` and `NAME=A,B,C` terms into axes, every value checked as --const checks it (a bad one: exit 151). */
export function parseGrid(terms: readonly string[], fixed: Scale = {}): Axis[] {
  const axes: Axis[] = [];
  for (const term of terms) {
    const eq = term.indexOf('=');
    const name = term.slice(0, Math.max(eq, 0));
    const text = term.slice(eq + 1);
    const where = `--sweep ${term}`;
    if (eq <= 0 || text === '') throw configError(`${where}: expected NAME=A..B (a range of whole numbers) or NAME=A,B,C (a list), ${EXAMPLE}.`);
    if (SET_PER_CHECK.has(name)) throw configError(`${where}: ${name} is set by the analysis itself (every design under every assumption set); a sweep varies ${SWEEPABLE.join(', ')}.`);
    if (!SWEEPABLE.includes(name)) throw configError(`${where}: the migration model has no constant ${name}; a sweep varies ${SWEEPABLE.join(', ')}.`);
    if (axes.some((a) => a.name === name)) throw configError(`${where}: ${name} is swept twice; give it once, with all its values.`);
    if (name in fixed) throw configError(`${where}: ${name} is also given by its own flag; sweep it or fix it, not both.`);
    const range = /^(-?\d+)\.\.(-?\d+)$/.exec(text);
    let values: ConstValue[];
    if (range) {
      const [from, to] = [Number(range[1]), Number(range[2])];
      if (from > to) throw configError(`${where}: the range ${text} is empty; write it low to high (${to}..${from}).`);
      // The ends are checked against the declaration first: a range past it would not be.
      for (const end of [range[1], range[2]]) constantFromFlag(migration, where, name, end);
      if (to - from >= MAX_SCOPES) throw configError(`${where}: ${to - from + 1} values; a sweep has at most ${MAX_SCOPES} scopes.`);
      values = Array.from({ length: to - from + 1 }, (_, i) => from + i);
    } else {
      if (text.includes('..')) throw configError(`${where}: ${text} is not a range of whole numbers A..B with A <= B (${EXAMPLE}).`);
      values = text.split(',').map((v) => constantFromFlag(migration, where, name, v.trim()));
      if (new Set(values).size !== values.length) throw configError(`${where}: a value is listed twice.`);
    }
    axes.push({ name, values });
  }
  const scopes = axes.reduce((n, a) => n * a.values.length, 1);
  if (scopes > MAX_SCOPES) throw configError(`--sweep ${terms.join(' ')}: ${scopes} scopes; a sweep has at most ${MAX_SCOPES}.`);
  return axes;
}

/** Every combination of the axes' values, the first axis varying slowest (as nested loops in the order given). */
export const scopesOf = (axes: readonly Axis[]): Scale[] =>
  axes.reduce<Scale[]>((acc, axis) => acc.flatMap((s) => axis.values.map((v) => ({ ...s, [axis.name]: v }))), [{}]);

/** A scope by its swept values: `pages=2 maxMce=1`. */
export const scopeName = (scope: Scale, axes: readonly Axis[]) => axes.map((a) => `${a.name}=${String(scope[a.name])}`).join(' ');

export interface Sweep {
  readonly axes: readonly Axis[];
  /** Constants fixed for every scope (their own flags). */
  readonly fixed: Scale;
  readonly scopes: readonly Scale[];
  /** Per scope, its analysis (partial or empty when a stop request came). */
  readonly analyses: readonly Analysis[];
}

export interface Change {
  /** What changed: an assumption set and a loop shape, or a design's property. */
  readonly where: string;
  readonly before: string;
  readonly after: string;
  /** The counterexample behind the new answer, when it has one. */
  readonly witness?: Counterexample;
}

export interface Stability {
  /** Complete scopes compared (a stop request can leave some out). */
  readonly compared: number;
  readonly same: boolean;
  /** Indices of the scopes whose answer differs from the first complete scope's. */
  readonly differing: readonly number[];
  /** The smallest differing scope (fewest states, then grid order), and how it differs. */
  readonly smallest?: { readonly index: number; readonly changes: readonly Change[] };
}

export const statesOf = (a: Analysis) => a.results.reduce((n, r) => n + r.designs.reduce((m, d) => m + d.distinct, 0), 0);
export const checkMsOf = (a: Analysis) => a.results.reduce((n, r) => n + r.designs.reduce((m, d) => m + d.elapsedMs, 0), 0);

const verdictText = (cx: Counterexample | null | undefined) => (cx === undefined ? 'not checked' : cx === null ? `${HOLDS} holds` : `${FAILS} fails`);

/** How `b`'s answer differs from `a`'s: the answer table's cells, then each design's verdicts and vacuity. */
export function changes(a: Analysis, b: Analysis): Change[] {
  const out: Change[] = [];
  const [answerA, answerB] = [answerTable(a), answerTable(b)];
  for (const [i, r] of b.results.entries()) {
    const ra = a.results.find((x) => assumptionTitle(x) === assumptionTitle(r));
    LOOP_SHAPES.forEach((shape, j) => {
      const before = answerA.find((row) => row[0] === assumptionTitle(r))?.[j + 1] ?? '-';
      const after = answerB[i + 1][j + 1];
      if (before === after) return;
      const c = r.conclusions.find((x) => x.loop === shape);
      // The witness: a deciding counterexample the first scope did not have.
      const ca = ra?.conclusions.find((x) => x.loop === shape);
      const isNew = (was: readonly Counterexample[] | undefined) => (x: Counterexample) => !was?.some((y) => y.property === x.property);
      const witness = c && [...c.necessary.filter(isNew(ca?.necessary)), ...c.harmful.filter(isNew(ca?.harmful))][0];
      out.push({ where: `${assumptionTitle(r)}: ${shape}`, before, after, ...(witness && { witness }) });
    });
    for (const d of r.designs) {
      const da = ra?.designs.find((x) => x.design === d.design);
      for (const p of new Set([...Object.keys(da?.verdicts ?? {}), ...Object.keys(d.verdicts)])) {
        const [before, after] = [verdictText(da?.verdicts[p]), verdictText(d.verdicts[p])];
        if (before !== after) out.push({ where: `${assumptionTitle(r)}: ${d.design} ${p}`, before, after, ...(d.verdicts[p] && { witness: d.verdicts[p] }) });
      }
      for (const check of Object.keys(d.witnessed)) {
        if (da && da.witnessed[check] !== d.witnessed[check]) {
          out.push({ where: `${assumptionTitle(r)}: ${d.design} reachability check ${check}`, before: da.witnessed[check] ? 'witnessed' : 'never reached', after: d.witnessed[check] ? 'witnessed' : 'never reached' });
        }
      }
    }
  }
  return out;
}

/** Compare every complete scope's answer with the first complete scope's. */
export function stability(s: Sweep): Stability {
  const complete = s.analyses.flatMap((a, i) => (a.stopped ? [] : [i]));
  if (complete.length === 0) return { compared: 0, same: true, differing: [] };
  const first = s.analyses[complete[0]];
  const differing = complete.filter((i) => changes(first, s.analyses[i]).length > 0);
  if (differing.length === 0) return { compared: complete.length, same: true, differing };
  const index = differing.reduce((best, i) => (statesOf(s.analyses[i]) < statesOf(s.analyses[best]) ? i : best));
  return { compared: complete.length, same: false, differing, smallest: { index, changes: changes(first, s.analyses[index]) } };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function fixedText(s: Sweep): string {
  const fixed = Object.entries(s.fixed);
  return fixed.length ? ` (${fixed.map(([n, v]) => `${n}=${String(v)}`).join(' ')} in every scope)` : '';
}

export function renderSweepText(s: Sweep): string {
  const axesText = s.axes.map((a) => `${a.name}=${a.values.join(',')}`).join(' ');
  const out = [`Is the V4 re-query loop necessary, in every scope? A sweep over ${axesText}${fixedText(s)}: ${s.scopes.length} scopes, the analysis in each.`, ...(s.analyses.some((a) => a.census) ? [CENSUS_MODE] : []), ''];
  s.analyses.forEach((a, i) => {
    out.push(`== ${scopeName(s.scopes[i], s.axes)}: ${statesOf(a).toLocaleString('en-US')} states, checks took ${seconds(checkMsOf(a))} ==`);
    if (a.stopped) out.push(a.stopped);
    if (a.results.length) out.push(grid(answerTable(a)));
    if (a.census && a.results.length) out.push('', grid(censusTable(a)), censusVerdict(a));
    out.push('');
  });
  out.push('== Over the sweep ==', ...sweepSummary(s), '');
  return out.join('\n');
}

/** Whether the answer is the same in every scope; if not, the smallest scope where it changes and what changed. */
export function sweepSummary(s: Sweep): string[] {
  const st = stability(s);
  const name = (i: number) => scopeName(s.scopes[i], s.axes);
  const lines: string[] = [];
  if (st.compared < s.scopes.length) lines.push(`Interrupted: ${st.compared} of ${s.scopes.length} scopes complete; the comparison covers those.`);
  if (st.compared === 0) return lines;
  const first = s.analyses.findIndex((a) => !a.stopped);
  if (st.same) return [...lines, `The answer is the same in every scope${st.compared < s.scopes.length ? ' compared' : ''} (${st.compared} of them): the verdict of each loop shape and every design's verdict per property, under each assumption set.`];
  const { index, changes: cs } = st.smallest!;
  lines.push(
    `The answer is NOT the same in every scope: ${st.differing.length} of ${st.compared} differ from the first, ${name(first)}.`,
    `Smallest scope where it changes: ${name(index)} (${statesOf(s.analyses[index]).toLocaleString('en-US')} states). What changed:`,
  );
  for (const c of cs) {
    lines.push(`  ${c.where}: ${c.before} → ${c.after}`);
    if (c.witness) lines.push(`    witness: ${traceSummary(c.witness)}`);
  }
  lines.push(`Scopes whose answer differs from ${name(first)}'s: ${st.differing.map(name).join('; ')}.`);
  return lines;
}

const changeJson = (c: Change) => ({
  where: c.where,
  before: c.before,
  after: c.after,
  witness: c.witness ? { design: c.witness.design, property: c.witness.property, case: c.witness.classification?.case ?? null, mceStep: c.witness.classification?.mceStep ?? null, steps: c.witness.trace.states.map((t) => t.label) } : null,
});

export function sweepJson(s: Sweep): unknown {
  const st = stability(s);
  const swept = (i: number) => Object.fromEntries(s.axes.map((a) => [a.name, s.scopes[i][a.name]]));
  return {
    sweep: { axes: s.axes, fixed: s.fixed },
    complete: s.analyses.every((a) => !a.stopped),
    scopes: s.analyses.map((a, i) => ({ scope: swept(i), distinct: statesOf(a), elapsedMs: checkMsOf(a), analysis: toJson(a) })),
    summary: {
      compared: st.compared,
      same: st.same,
      reference: st.compared ? swept(s.analyses.findIndex((a) => !a.stopped)) : null,
      differing: st.differing.map(swept),
      smallest: st.smallest ? { scope: swept(st.smallest.index), distinct: statesOf(s.analyses[st.smallest.index]), changes: st.smallest.changes.map(changeJson) } : null,
    },
  };
}

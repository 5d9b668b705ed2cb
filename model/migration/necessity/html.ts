// The necessity analysis as one HTML page (`migcheck necessity --html FILE`): the answer over
// the assumptions, per assumption set the designs × properties verdicts, and every
// counterexample as a pages × steps grid coloured by each page's state, the decisive MCE marked.

import type { Trace } from 'migcheck';
// The report kit of the CLI's own HTML pages: this is a front end of the CLI (`necessity`).
import { esc, expandButtons, htmlPage, table, type Cell } from '../../../src/report/html.ts';
import type { Mig, Page } from '../state.ts';
import { BASELINE, DESIGNS, type Analysis, type AssumptionResult, type Counterexample } from './analysis.ts';
import type { Classification } from '../classify.ts';
import { answerTable, assumptionTitle, CENSUS_MODE, censusTable, censusVerdict, conclusionLine, FAILS, HOLDS, NONE, verdictTable } from './report.ts';
import { renderSweepText, scopeName, statesOf, sweepSummary, type Sweep } from './sweep.ts';

/** What each property asks, in the reader's words (the model's doc comments). */
const PROPERTY_TEXT: { readonly [property: string]: string } = {
  NoBrokenRead: 'The sender never reads a page that is broken at that moment (reading it crashes the sender, or sends poisoned data).',
  TargetIntegrity: 'When the guest resumes on the target, every page holds its latest data or is fenced (marked broken, so the guest gets a machine check instead of wrong data).',
  NoNeedlessDiscard: 'When the guest resumes, no page that holds its latest, good data is fenced (a needless loss of a good page).',
  BrokenPropagated: 'When the guest resumes, every page broken at the source is fenced at the target.',
  Termination: 'The migration always finishes: the sender eventually resumes the guest, crashes or aborts.',
};

const DESIGN_TEXT: { readonly [design: string]: string } = {
  prepatch: 'Xen 4.2, before the 2012 patch',
  committed: 'Xen 4.3 as committed (b7a98e60d4): broken pages are announced and fenced, no re-query',
  'loop/rescan': 'the V4 patch\'s re-query loop, re-scanning the dirty bitmap for one more round',
  'loop/resend': 'the V4 loop re-sending the newly broken pages of the batch typed BROKEN',
  v2: 'migration v2 (xc_sr_save.c): types queried before mapping, aborts on a mapping failure',
};

const assumptionText = (r: AssumptionResult) =>
  `${r.assumptions.readBroken === 'crash' ? 'reading a broken page crashes the sender' : 'reading a broken page silently sends corrupt data'}; ` +
  `${r.assumptions.mceMarksDirty ? 'an MCE marks the page dirty (the 2012 review\'s assumption)' : 'an MCE does not mark the page dirty (what Xen\'s code does)'}`;

const anchor = (r: AssumptionResult, design: string, property: string) =>
  `cx-${r.assumptions.readBroken}-${r.assumptions.mceMarksDirty ? 'dirty' : 'nodirty'}-${design.replace('/', '-')}-${property}`;

const verdictClass = (text: string) =>
  `verdict-${text.startsWith('necessary and harmful') ? 'mixed' : text.startsWith('necessary') ? 'necessary' : text.startsWith('harmful') ? 'harmful' : 'unnecessary'}`;

const CSS = `
.side{display:flex;gap:1.5em;align-items:flex-start}.side>.scroll{flex:1 1 0}
table.grid td.pg{min-width:6.5em;font-size:12px}
td.t-latest{background:#d7f0da}td.t-stale{background:#fde7b0}td.t-corrupt{background:#e3c8f5}
td.pg.changed{box-shadow:inset 0 0 0 2px #e0b400}
td.pg.decisive,th.decisive{outline:3px solid #d01515;outline-offset:-3px}
th.decisive{background:#fbe0e0}
.badge{display:inline-block;font-size:10px;font-weight:700;padding:0 .35em;margin:1px 2px 0 0;border-radius:3px;border:1px solid #7b8794;background:#fff}
.badge.broken{background:#d01515;color:#fff;border-color:#d01515}
.badge.fenced{background:#243447;color:#fff;border-color:#243447}
.badge.type-broken{border-color:#d01515;color:#d01515}.badge.type-xtab{border-color:#6a3fc1;color:#6a3fc1}
.stage{font-weight:600}
`;

const LEGEND = `<div class="legend">
<span><span class="sw" style="background:#d7f0da">&nbsp;</span>target holds the page's latest data</span>
<span><span class="sw" style="background:#fde7b0">&nbsp;</span>target holds an older (stale) copy</span>
<span><span class="sw" style="background:#e3c8f5">&nbsp;</span>target holds corrupt (poisoned) data</span>
<span><span class="badge broken">BROKEN</span>the page is broken at the source (an MCE hit it)</span>
<span><span class="badge">type normal</span><span class="badge type-broken">type broken</span><span class="badge type-xtab">type xtab</span>the page type the sender queried and announces (none: not queried yet)</span>
<span><span class="badge fenced">FENCED</span>the target marks the page broken (p2m_ram_broken)</span>
<span><span class="sw" style="box-shadow:inset 0 0 0 2px #e0b400">&nbsp;</span>changed by this step</span>
<span><span class="sw" style="outline:3px solid #d01515;outline-offset:-3px">&nbsp;</span>the decisive MCE: the one that broke the page the property fails for</span>
</div>
<p class="note">Stages of a page in the last iteration: <b>clean</b> not to be sent (the target already has it), <b>toSend</b> waiting, <b>batched</b> in the current batch, <b>queried</b> its type is known, <b>sent</b> sent in this batch, <b>past</b> sent in an earlier batch.</p>`;

function pageCell(pg: Page, before: Page | undefined, k: number, p: number, label: string, decisive: boolean): Cell {
  const fields = Object.entries(pg.toObject());
  const badges = [
    pg.type === '-' ? '' : `<span class="badge type-${esc(pg.type)}">type ${esc(pg.type)}</span>`,
    pg.broken ? '<span class="badge broken">BROKEN</span>' : '',
    pg.fenced ? '<span class="badge fenced">FENCED</span>' : '',
  ].join('');
  const cls = ['pg', `t-${pg.target}`, before && !before.equals(pg) ? 'changed' : '', decisive ? 'decisive' : ''].filter(Boolean).join(' ');
  return {
    text: pg.stage,
    html: `<div class="stage">${esc(pg.stage)}</div>${badges}`,
    cls,
    title: `page ${p} after step ${k} (${label}): ${fields.map(([f, v]) => `${f}=${String(v)}`).join(', ')}`,
    attrs: { step: k, page: p },
  };
}

/** A migration counterexample as pages × steps: one column per state, the decisive MCE outlined. */
export function migrationGrid(trace: Trace<Mig>, classification: Classification | null): string {
  const steps = trace.states;
  const mce = classification?.mceStep;
  const head: Cell[] = ['', ...steps.map((t, k) => ({ text: `${k}: ${t.label}${k === mce ? ' — decisive MCE' : ''}`, cls: k === mce ? 'decisive' : '', attrs: { step: k } }))];
  const sender: Cell[] = ['sender', ...steps.map(({ state }) => `${state.phase}${state.mces ? `, ${state.mces} MCE${state.mces > 1 ? 's' : ''}` : ''}`)];
  const pages: Cell[][] = steps[0].state.pages.toArray().map((_, p) => [
    `page ${p}`,
    ...steps.map(({ state, label }, k) =>
      pageCell(state.pages.get(p)!, k > 0 ? steps[k - 1].state.pages.get(p) : undefined, k, p, label, k === mce && p === classification?.page),
    ),
  ]);
  return table([head, sender, ...pages], { cls: 'grid', rowHeads: true });
}

const caseText = (c: Classification | null) =>
  c
    ? `The decisive MCE hit page ${c.page} at step ${c.mceStep}: the review's case ${c.case}` +
      { 'before query': ' (before the page\'s type was queried).', A: ' (the page was not going to be sent).', 'B.I': ' (after its type was queried, before its data was read).', 'B.II': ' (after its data was sent).' }[c.case]
    : 'No single MCE decides this counterexample.';

function counterexample(r: AssumptionResult, cx: Counterexample, open: boolean): string {
  return [
    `<details id="${esc(anchor(r, cx.design, cx.property))}"${open ? ' open' : ''}>`,
    `<summary>${esc(`${cx.design}: ${cx.property} fails — ${cx.trace.states.length - 1} steps`)}</summary>`,
    `<p class="note">${esc(caseText(cx.classification))}</p>`,
    migrationGrid(cx.trace, cx.classification),
    '</details>',
  ].join('\n');
}

function assumptionSection(a: Analysis, r: AssumptionResult, index: number): string {
  const [head, ...body] = verdictTable(r, a.properties);
  const rows: Cell[][] = [
    head.map((h) => (PROPERTY_TEXT[h] ? { text: h, title: PROPERTY_TEXT[h] } : h)),
    ...body.map(([design, ...rest]) => [
      { text: design, title: DESIGN_TEXT[design] ?? design },
      ...rest.map((v, i): Cell => {
        if (v === HOLDS) return { text: `${HOLDS} holds`, cls: 'holds' };
        if (v === FAILS) return { text: `${FAILS} fails`, cls: 'fails', href: anchor(r, design, a.properties[i]), title: 'show the counterexample' };
        return v;
      }),
    ]),
  ];
  const deciding = new Set(r.conclusions.flatMap((c) => [...c.necessary, ...c.harmful]));
  const all = r.designs.flatMap((d) => Object.values(d.verdicts).filter((cx): cx is Counterexample => cx !== null));
  // The deciding counterexamples first: they are the evidence for the conclusions above.
  const ordered = [...all.filter((cx) => deciding.has(cx)), ...all.filter((cx) => !deciding.has(cx))];
  return [
    `<h2 id="assumptions-${index + 1}">${esc(`Assumptions ${index + 1}: ${assumptionTitle(r)}`)}</h2>`,
    `<p class="lead">${esc(`Here ${assumptionText(r)}.`)}</p>`,
    table(rows, { cls: 'verdicts', rowHeads: true }),
    '<h3>Conclusions</h3>',
    `<ul>${r.conclusions.map((c) => `<li>${esc(conclusionLine(c))}${[...c.necessary, ...c.harmful].map((cx) => ` <a href="#${esc(anchor(r, cx.design, cx.property))}">${esc(`(${cx.design}: ${cx.property})`)}</a>`).join('')}</li>`).join('')}</ul>`,
    `<h3>Counterexamples (the deciding ones first, open)</h3>`,
    ...ordered.map((cx) => counterexample(r, cx, deciding.has(cx))),
  ].join('\n');
}

/** The answer over the assumptions, each verdict coloured. */
function answerHtml(a: Analysis): string {
  const [answerHead, ...answerBody] = answerTable(a);
  return table([answerHead, ...answerBody.map(([title, ...cells]) => [title, ...cells.map((t): Cell => ({ text: t, cls: verdictClass(t) }))])], { cls: 'answer', rowHeads: true });
}

export function renderHtml(a: Analysis): string {
  const c = a.constants;
  const body = [
    '<h1>Is the V4 re-query loop necessary?</h1>',
    `<p class="lead">${esc(
      `Xen's last live-migration iteration, with machine check exceptions (MCEs) striking guest pages at any moment, checked exhaustively for ${c.pages} pages, ` +
        `${c.batchSize === 0 ? 'one batch' : `batches of ${c.batchSize}`} and up to ${c.maxMce} MCEs. Each design below was model-checked under each set of assumptions; ` +
        `the re-query loop is compared with the ${BASELINE} design.`,
    )}</p>`,
    ...(a.stopped ? [`<p class="lead"><b>${esc(a.stopped)}</b></p>`] : []),
    '<h2>What the checker found</h2>',
    '<p>A loop shape is <b>necessary</b> if some property holds with it and fails without it, <b>harmful</b> if some property holds without it and fails with it, <b>unnecessary</b> if neither. The case in brackets is where the deciding MCE landed (see the review\'s cases in the legend below).</p>',
    answerHtml(a),
    '<h2>How to read this</h2>',
    `<p>In each verdict table, ${esc(HOLDS)} means the property holds in every reachable state of that design, ${esc(FAILS)} that the checker found a counterexample (click it to jump to the timeline). "states" is how many distinct states the design has; "non-vacuous" says whether the situations the properties are about were actually reached.</p>`,
    '<div class="side">',
    table([['property', 'what it asks'], ...a.properties.map((p) => [p, PROPERTY_TEXT[p] ?? ''])], { rowHeads: true }),
    table([['design', 'what it is'], ...DESIGNS.map((d) => [d.name, DESIGN_TEXT[d.name] ?? ''])], { rowHeads: true }),
    '</div>',
    '<p>Each counterexample is the shortest sequence of steps that breaks the property, drawn as a grid: one column per step (step 0 is the initial state), one row per guest page, plus the sender\'s phase. A cell shows the page after that step:</p>',
    LEGEND,
    '<p class="note">Review cases: <b>A</b> the MCE hit a page that was not going to be sent; <b>B.I</b> after its type query, before its read; <b>B.II</b> after it was sent; <b>before query</b> while waiting to be sent.</p>',
    expandButtons,
    ...a.results.map((r, i) => assumptionSection(a, r, i)),
    ...censusSection(a),
  ].join('\n');
  return htmlPage('Is the V4 re-query loop necessary? (migcheck)', body, CSS);
}

/** With --census: every violation by the review's case, and each violation fitting none drawn as a grid. */
function censusSection(a: Analysis): string[] {
  if (!a.census) return [];
  const [head, ...body] = censusTable(a);
  return [
    '<h2 id="census">The case census</h2>',
    `<p class="lead">${esc(CENSUS_MODE)}</p>`,
    table([head, ...body.map(([as, design, property, ...counts]) => [as, design, property, ...counts.map((n, i): Cell => (head[i + 3] === NONE && n !== '0' ? { text: n, cls: 'fails' } : n))])], { rowHeads: true }),
    `<p class="lead"><b>${esc(censusVerdict(a))}</b></p>`,
    ...a.results.flatMap((r) =>
      r.designs.flatMap((d) =>
        Object.values(d.census ?? {}).flatMap((c) => (c.unclassified ? [`<h3>${esc(`${d.design} under ${assumptionTitle(r)}: fits none of the review's cases`)}</h3>`, migrationGrid(c.unclassified.shortest.trace, c.unclassified.shortest.classification)] : [])),
      ),
    ),
  ];
}

/** A sweep (`necessity --sweep ... --html F`): the summary over the scopes, then each scope's answer. */
export function renderSweepHtml(s: Sweep): string {
  const body = [
    '<h1>Is the V4 re-query loop necessary, in every scope?</h1>',
    `<p class="lead">${esc(renderSweepText(s).split('\n')[0])}</p>`,
    '<h2>Over the sweep</h2>',
    `<pre>${esc(sweepSummary(s).join('\n'))}</pre>`,
    ...s.analyses.flatMap((a, i) => [
      `<h2>${esc(`${scopeName(s.scopes[i], s.axes)}: ${statesOf(a).toLocaleString('en-US')} states`)}</h2>`,
      ...(a.stopped ? [`<p class="lead"><b>${esc(a.stopped)}</b></p>`] : []),
      ...(a.results.length ? [answerHtml(a)] : []),
    ]),
  ].join('\n');
  return htmlPage('Is the V4 re-query loop necessary, in every scope? (migcheck)', body, CSS);
}

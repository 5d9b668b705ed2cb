// Reports for people who do not know the tool: one self-contained HTML file (inline CSS, a few
// lines of inline JS, nothing fetched), with plain-language headings, a legend, and each
// counterexample as a timeline. This module is generic: the page skeleton, escaping, tables,
// and the variables × steps timeline of any trace; a model's own report adds its views on top.

import type { Spec } from '../api/model.ts';
import type { CheckResult, Violation } from '../engine/search/result.ts';
import type { Trace } from '../engine/search/trace.ts';
import { formatValue, stateVariables } from './format-value.ts';
import { formatDuration, formatFairnessNote } from './text.ts';

/** Escape text for HTML element content and double-quoted attribute values. */
export const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/**
 * A table cell: plain text, or text with a class, a tooltip, a link and data attributes;
 * `html` (markup its builder escaped with `esc`) replaces the text where a cell needs badges.
 */
export type Cell =
  | string
  | {
      readonly text: string;
      readonly html?: string;
      readonly cls?: string;
      readonly title?: string;
      readonly href?: string;
      readonly attrs?: { readonly [k: string]: string | number };
    };

function cellHtml(c: Cell, tag: 'td' | 'th'): string {
  if (typeof c === 'string') return `<${tag}>${esc(c)}</${tag}>`;
  const attrs = [
    c.cls ? ` class="${esc(c.cls)}"` : '',
    c.title ? ` title="${esc(c.title)}"` : '',
    ...Object.entries(c.attrs ?? {}).map(([k, v]) => ` data-${esc(k)}="${esc(String(v))}"`),
  ].join('');
  const inner = c.html ?? esc(c.text);
  const text = c.href ? `<a href="#${esc(c.href)}">${inner}</a>` : inner;
  return `<${tag}${attrs}>${text}</${tag}>`;
}

/** A table whose first row is the header; `rowHeads` makes each row's first cell a `th`. */
export function table(rows: readonly (readonly Cell[])[], opts: { readonly cls?: string; readonly rowHeads?: boolean } = {}): string {
  const [head, ...body] = rows;
  const tr = (r: readonly Cell[], first: 'td' | 'th') => `<tr>${r.map((c, i) => cellHtml(c, i === 0 ? first : 'td')).join('')}</tr>`;
  return [
    `<div class="scroll"><table${opts.cls ? ` class="${esc(opts.cls)}"` : ''}>`,
    `<thead><tr>${head.map((c) => cellHtml(c, 'th')).join('')}</tr></thead>`,
    `<tbody>${body.map((r) => tr(r, opts.rowHeads ? 'th' : 'td')).join('')}</tbody>`,
    '</table></div>',
  ].join('');
}

const CSS = `
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2733;margin:0 auto;padding:1.2em 2em 3em;max-width:1500px}
h1{font-size:1.6em;margin:.2em 0 .4em}h2{margin-top:1.6em;border-bottom:2px solid #dde3ea;padding-bottom:.2em}h3{margin:1.2em 0 .4em}
p.lead{font-size:1.05em;color:#3a4654}
.scroll{overflow-x:auto;margin:.4em 0 1em}
table{border-collapse:collapse;font-size:13px}
th,td{border:1px solid #c9d2dc;padding:3px 7px;text-align:left;vertical-align:top}
thead th{background:#eef2f6}
td.holds{background:#dff3e2;color:#14632a;text-align:center;font-weight:600}
td.fails{background:#fbe0e0;color:#9c1c1c;text-align:center;font-weight:600}
td.fails a{color:inherit}
.verdict-necessary{color:#14632a;font-weight:600}.verdict-harmful{color:#9c1c1c;font-weight:600}.verdict-unnecessary{color:#4b5866;font-weight:600}.verdict-mixed{color:#a35200;font-weight:600}
.legend{display:flex;flex-wrap:wrap;gap:.4em 1.2em;background:#f6f8fa;border:1px solid #dde3ea;padding:.6em .9em;border-radius:6px;font-size:13px}
.legend span.sw{display:inline-block;min-width:1.6em;padding:0 .3em;margin-right:.35em;border:1px solid #9aa7b4;text-align:center}
details{margin:.5em 0;border:1px solid #dde3ea;border-radius:6px;padding:.3em .8em}
details>summary{cursor:pointer;font-weight:600}
table.timeline td{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px;white-space:pre-wrap;word-break:break-word;max-width:28em}
table.timeline td.changed{background:#fff2b3;box-shadow:inset 0 0 0 2px #e0b400}
th.loop-start,td.loop-start{border-left:3px solid #6a3fc1}
th.loop-back{background:#e7defa}
.note{color:#4b5866;font-size:13px}
button{font:inherit;font-size:13px;margin-right:.5em}
`;

// The marker lets a headless browser (test/html.test.ts) see whether any script failed.
const ERROR_MARKER = `window.onerror=function(m){var h=document.documentElement;h.setAttribute('data-script-errors',String(+h.getAttribute('data-script-errors')+1));h.setAttribute('data-script-error-text',String(m));};`;
const TOGGLE = `document.querySelectorAll('button[data-open]').forEach(function(b){b.addEventListener('click',function(){var o=b.getAttribute('data-open')==='1';document.querySelectorAll('details').forEach(function(d){d.open=o;});});});document.documentElement.setAttribute('data-ready','1');`;

/** The whole page: `body` is trusted HTML built with `esc`; `extraCss` adds report-specific styles. */
export function htmlPage(title: string, body: string, extraCss = ''): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en" data-script-errors="0">',
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">',
    `<title>${esc(title)}</title>`,
    `<script>${ERROR_MARKER}</script>`,
    `<style>${CSS}${extraCss}</style></head>`,
    '<body>',
    body,
    `<script>${TOGGLE}</script>`,
    '</body></html>',
    '',
  ].join('\n');
}

export const expandButtons = '<p><button type="button" data-open="1">Expand every timeline</button><button type="button" data-open="0">Collapse every timeline</button></p>';

/**
 * A trace as a variables × steps table (through the model's alias, values in TLA notation):
 * a cell whose value differs from the previous step is highlighted; for a lasso the state the
 * cycle returns to and the closing step are marked.
 */
export function variableTimeline<S>(trace: Trace<S>, alias?: Spec<S>['alias']): string {
  const shown = trace.states.map((t) => new Map(stateVariables(alias ? alias(t.state) : t.state).map(([k, v]) => [k, formatValue(v)] as const)));
  const names = [...new Set(shown.flatMap((m) => [...m.keys()]))];
  const loop = trace.loop;
  const at = (k: number) => (k === loop ? ' loop-start' : '');
  const head: Cell[] = [
    'variable',
    ...trace.states.map((t, k) => ({ text: `${k + 1}: ${t.label}`, cls: at(k).trim(), attrs: { step: k + 1 } })),
  ];
  if (loop !== undefined) {
    head.push({ text: trace.stuttering ? 'then stutters forever' : `back to state ${loop + 1}${trace.loopLabel ? ` by ${trace.loopLabel}` : ''}`, cls: 'loop-back' });
  }
  const rows: Cell[][] = names.map((name) => [
    name,
    ...shown.map((m, k) => {
      const text = m.get(name) ?? '';
      const changed = k > 0 && text !== (shown[k - 1].get(name) ?? '');
      return { text, cls: `${changed ? 'changed' : ''}${at(k)}`.trim(), attrs: { step: k + 1, var: name } };
    }),
    ...(loop !== undefined ? [{ text: trace.stuttering ? '(unchanged)' : '↩', cls: 'loop-back' }] : []),
  ]);
  return table([head, ...rows], { cls: 'timeline', rowHeads: true });
}

const TIMELINE_LEGEND = `<div class="legend">
<span><span class="sw" style="background:#fff2b3">x</span>value changed by this step</span>
<span><span class="sw" style="border-left:3px solid #6a3fc1">&nbsp;</span>an infinite behaviour returns to this state (loop start)</span>
<span><span class="sw" style="background:#e7defa">↩</span>the step that closes the loop</span>
</div>`;

const KIND_TEXT: { readonly [k in Violation<unknown>['kind']]: string } = {
  invariant: 'an invariant (something that must be true in every reachable state) is false in the last state below',
  action: 'an action property (something every step must respect) is broken by the last step below',
  deadlock: 'the system reaches a state where nothing can happen any more, and that state is not a planned stop',
  reachability: 'a situation the model is supposed to reach is never reached',
  liveness: 'a temporal property fails on an infinite behaviour: the steps below, then the marked loop forever',
  refinement: 'the behaviour below is not one the abstract model allows: its first state, or its last step, has no counterpart there',
};

export interface CheckHtmlInput<S> {
  readonly model: string;
  readonly doc?: string;
  readonly constants: { readonly [name: string]: unknown };
  readonly result: CheckResult<S>;
  readonly alias?: Spec<S>['alias'];
}

/** `check --html`: the outcome, every violation's timeline, the counts. */
export function checkHtml<S>(input: CheckHtmlInput<S>): string {
  const r = input.result;
  const consts = Object.entries(input.constants).map(([k, v]) => `${k} = ${formatValue(v)}`).join(', ') || 'none';
  const outcome =
    r.violations.length || r.error
      ? `The checker found ${r.violations.length} violated propert${r.violations.length === 1 ? 'y' : 'ies'}${r.error ? ' and an error in the model' : ''}.`
      : r.status === 'ok' && r.complete
        ? 'Every reachable state was explored and no property is violated.'
        : `The search stopped early (${r.status}${r.limit ? `: ${r.limit}` : ''}); no violation was found in the states explored.`;
  const out = [
    `<h1>Model check of ${esc(input.model)}</h1>`,
    input.doc ? `<p class="lead">${esc(input.doc)}</p>` : '',
    `<p class="note">Constants: ${esc(consts)}</p>`,
    '<h2>What the checker found</h2>',
    `<p class="lead">${esc(outcome)}</p>`,
    '<h2>How to read this</h2>',
    '<p>The checker tried every possible order of the model\'s steps. Each problem below comes with the shortest sequence of steps leading to it, as a table: one column per state (numbered from the initial state, headed by the step that produced it), one row per variable.</p>',
    TIMELINE_LEGEND,
  ];
  r.violations.forEach((v, i) => {
    out.push(`<h3 id="violation-${i + 1}">${esc(v.property)}: ${esc(v.message)}</h3>`, `<p>${esc(`What this means: ${KIND_TEXT[v.kind]}.`)}</p>`);
    out.push(v.trace ? variableTimeline(v.trace, input.alias) : '<p class="note">No trace: the search never got there.</p>');
    if (v.fairness?.length) out.push(`<p class="note">The loop is a fair behaviour: ${esc(v.fairness.map(formatFairnessNote).join('; '))}.</p>`);
  });
  if (r.error) {
    out.push(`<h3 id="model-error">The model threw in ${esc(r.error.part)} ${esc(r.error.name)}</h3>`, `<p>${esc(r.error.message)}</p>`);
    if (r.error.trace) out.push(variableTimeline(r.error.trace, input.alias));
  }
  const count = (n: number) => n.toLocaleString('en-US');
  out.push(
    '<h2>The search</h2>',
    table(
      [
        ['distinct states', 'states generated', 'longest shortest path (depth)', 'left unexplored', 'time'],
        [count(r.distinct), count(r.generated), String(r.depth), count(r.queueLeft), formatDuration(r.elapsedMs)],
      ],
    ),
    ...(r.warnings ?? []).map((w) => `<p class="note">Warning: ${esc(w)}</p>`),
  );
  return htmlPage(`migcheck: ${input.model}`, out.join('\n'));
}

// A migration trace as a per-page table: one block per step (its label and the sender's
// phase), one row per page. A value that the step changed is marked with `*`.

import type { Trace } from 'migcheck';
import type { Mig, Page } from '../state.ts';

const COLUMNS: readonly { readonly head: string; readonly cell: (pg: Page) => string }[] = [
  { head: 'stage', cell: (pg) => pg.stage },
  { head: 'dirty', cell: (pg) => flag(pg.dirty) },
  { head: 'broken', cell: (pg) => flag(pg.broken) },
  { head: 'mapped', cell: (pg) => flag(pg.mapped) },
  { head: 'type', cell: (pg) => pg.type },
  { head: 'target', cell: (pg) => pg.target },
  { head: 'fenced', cell: (pg) => flag(pg.fenced) },
];

const flag = (b: boolean) => (b ? 'yes' : '.');

/** Render a trace; `mark` (a step index) gets a `<<` pointer, e.g. the decisive MCE. */
export function traceView(trace: Trace<Mig>, mark?: number): string {
  const rows: string[][] = [['#', 'step', 'phase', 'page', ...COLUMNS.map((c) => c.head)]];
  trace.states.forEach(({ label, state }, k) => {
    const prev = k > 0 ? trace.states[k - 1].state : null;
    const changed = (now: string, before: string | undefined) => (prev !== null && now !== before ? `${now}*` : now);
    state.pages.forEach((pg, p) => {
      const before = prev?.pages.get(p);
      const head =
        p === 0
          ? [String(k), k === mark ? `${label} <<` : label, changed(state.phase, prev?.phase) + (state.mces ? ` mce=${state.mces}` : '')]
          : ['', '', ''];
      rows.push([...head, `p${p}`, ...COLUMNS.map((c) => changed(c.cell(pg), before && c.cell(before)))]);
    });
  });
  return grid(rows);
}

/** Rows of cells as text columns, two spaces apart (widths in code points, so ✔/✘ align). */
export function grid(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => [...r[i]].length)));
  return rows.map((r) => r.map((c, i) => c + ' '.repeat(widths[i] - [...c].length)).join('  ').trimEnd()).join('\n');
}

// Which of the 2012 review's cases a counterexample is: find the page the violated property
// is about in the trace's last state, then the MCE that broke it, and where that MCE landed
// relative to the page's own steps (read from the state just before the MCE).

import type { Step } from 'migcheck';
import type { Mig, Page } from './state.ts';

/**
 * - `before query`: the page was in to_send or the batch, its type not yet queried;
 * - `A`: the page was not in to_send (the target already holds its latest data);
 * - `B.I`: after its type query, before (or during) its read;
 * - `B.II`: after its read (or its no-data entry) was sent.
 */
export type Case = 'before query' | 'A' | 'B.I' | 'B.II';

export const CASES: readonly Case[] = ['before query', 'A', 'B.I', 'B.II'];

export interface Classification {
  /** The page the property fails for. */
  readonly page: number;
  /** Index in the trace of the MCE that broke it. */
  readonly mceStep: number;
  readonly case: Case;
}

// The page each property's violation is about, in the violating (last) state.
const culprits: { readonly [property: string]: (s: Mig, lastReadPage: number | null) => number } = {
  NoBrokenRead: (s, lastRead) => (s.phase === 'crashed' ? (lastRead ?? -1) : s.pages.findIndex((pg) => pg.target === 'corrupt')),
  TargetIntegrity: (s) => s.pages.findIndex((pg) => pg.target !== 'latest' && !pg.fenced),
  NoNeedlessDiscard: (s) => s.pages.findIndex((pg) => pg.target === 'latest' && pg.fenced),
  BrokenPropagated: (s) => s.pages.findIndex((pg) => pg.broken && !pg.fenced),
};

export const caseOf = (pg: Page): Case => {
  switch (pg.stage) {
    case 'clean':
      return 'A';
    case 'toSend':
    case 'batched':
      return 'before query';
    case 'queried':
      return 'B.I';
    default:
      return 'B.II';
  }
};

/** Classify a counterexample to `property`; null when the trace has no MCE on the culprit page. */
export function classify(property: string, trace: { readonly states: readonly { readonly state: Mig; readonly step: Step | null }[] }): Classification | null {
  if (!Object.hasOwn(culprits, property)) return null;
  const culprit = culprits[property];
  const steps = trace.states;
  const last = steps[steps.length - 1];
  const lastRead = last.step?.action === 'Read' ? Number(last.step.params?.page) : null;
  const page = culprit(last.state, lastRead);
  if (page < 0) return null;
  for (let k = steps.length - 1; k > 0; k--) {
    const step = steps[k].step;
    if (step?.action === 'MCE' && step.params?.page === page) {
      return { page, mceStep: k, case: caseOf(steps[k - 1].state.pages.get(page)!) };
    }
  }
  return null;
}

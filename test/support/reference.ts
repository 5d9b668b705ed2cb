// A deliberately naive reference explorer, for differential testing of the engine. It shares
// no code with src/engine: whole states are kept in a JS Map keyed by a canonical JSON string,
// the search is a plain level-by-level BFS, and every figure (generated, distinct, depth,
// shortest counterexample length per property) is counted here on its own terms. Slow and
// obviously right is the point.
//
// Semantics mirrored (TLC's): generated = initial states produced + successors produced
// (duplicates, self-loops and steps later cut by constraints included); a state outside the
// state constraints is neither kept nor expanded; a step outside the action constraints is not
// taken; an action property is checked on every step taken; deadlock = a kept state that
// produced no successor at all.

import { isImmutable, isIndexed, isKeyed, isOrdered, isRecord } from 'immutable';
import { formatStep, type Params, type Spec, type Step } from '../../src/api/model.ts';
import type { FullSpec } from './full-spec.ts';

/** A canonical text for a value: JSON with record/object keys sorted and unordered sets and maps sorted. */
export function canonicalKey(v: unknown): string {
  return JSON.stringify(canonical(v));
}

function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (isRecord(v)) return canonical((v as { toObject(): object }).toObject());
  if (isImmutable(v)) {
    const c = v as unknown as Iterable<unknown> & { entrySeq(): Iterable<[unknown, unknown]> };
    if (isIndexed(v)) return [...c].map(canonical);
    const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    if (isKeyed(v)) {
      const entries = [...c.entrySeq()].map(([k, x]) => JSON.stringify([canonical(k), canonical(x)]));
      return { [isOrdered(v) ? '#omap' : '#map']: isOrdered(v) ? entries : entries.sort(byText) };
    }
    const items = [...c].map((x) => JSON.stringify(canonical(x)));
    return { [isOrdered(v) ? '#oset' : '#set']: isOrdered(v) ? items : items.sort(byText) };
  }
  if (v !== null && typeof v === 'object') {
    const o = v as { [k: string]: unknown };
    return Object.keys(o)
      .sort()
      .map((k) => [k, canonical(o[k])]);
  }
  return v;
}

export interface RefStep<S> {
  readonly step: Step;
  readonly next: S;
}

/** Every step out of `s`, read straight from the spec, in declaration order. */
export function refSuccessors<S>(spec: Spec<S>, s: S): RefStep<S>[] {
  const out: RefStep<S>[] = [];
  const push = (step: Step, r: unknown) => {
    if (r === null || r === undefined || r === false) return;
    for (const next of Array.isArray(r) ? r : [r]) out.push({ step, next: next as S });
  };
  for (const [action, def] of Object.entries(spec.actions)) {
    if (typeof def === 'function') push({ action }, def(s));
    else for (const params of def.params(s) as Iterable<Params>) push({ action, params }, def.next(s, params));
  }
  return out;
}

export function refInitial<S>(spec: FullSpec<S>): S[] {
  return [...spec.init];
}

export interface RefResult {
  distinct: number;
  generated: number;
  depth: number;
  /** Shortest counterexample length (in states) of each violated property ('Deadlock' included). */
  violations: Map<string, number>;
  /** Shortest witness length of each reachability check that was met. */
  reached: Map<string, number>;
  /** Per label text (`A(p=1)`): successors produced, and new states first reached by it. */
  coverage: Map<string, { generated: number; distinct: number }>;
  /** The kept states in discovery order (the engine's state indices, as BFS is deterministic). */
  states: unknown[];
  /** Per expanded state index: its steps taken, as [target index, label text]; null if not expanded. */
  edges: ([number, string][] | null)[];
}

/** `maxDepth`: states at that BFS level (initial states are level 1) are kept but not expanded. */
export function referenceExplore<S>(spec: FullSpec<S>, opts: { checkDeadlock: boolean; maxDepth?: number }): RefResult {
  const inModel = (s: S) => Object.values(spec.constraints ?? {}).every((c) => c(s));
  const stepAllowed = (a: S, b: S, step: Step) => Object.values(spec.actionConstraints ?? {}).every((c) => c(a, b, step));
  const seen = new Map<string, number>(); // key -> level (1-based)
  const indexOf = new Map<string, number>();
  const states: S[] = [];
  const edges: ([number, string][] | null)[] = [];
  const violations = new Map<string, number>();
  const reached = new Map<string, number>();
  const note = (m: Map<string, number>, name: string, len: number) => {
    if (!m.has(name) || m.get(name)! > len) m.set(name, len);
  };
  let generated = 0;
  const coverage = new Map<string, { generated: number; distinct: number }>();
  const keyOf = (s: S) => canonicalKey(spec.view ? spec.view(s) : s);
  const visit = (s: S, level: number) => {
    for (const [name, p] of Object.entries(spec.invariants ?? {})) if (!p(s)) note(violations, name, level);
    for (const [name, p] of Object.entries(spec.reachable ?? {})) if (p(s)) note(reached, name, level);
  };

  let level: S[] = [];
  for (const s of refInitial(spec)) {
    generated++;
    if (!inModel(s)) continue;
    const k = keyOf(s);
    if (seen.has(k)) continue;
    seen.set(k, 1);
    indexOf.set(k, states.length);
    states.push(s);
    edges.push(null);
    level.push(s);
    visit(s, 1);
  }
  let depth = level.length > 0 ? 1 : 0;
  while (level.length > 0 && depth < (opts.maxDepth ?? Infinity)) {
    const nextLevel: S[] = [];
    for (const s of level) {
      const succ = refSuccessors(spec, s);
      const out: [number, string][] = (edges[indexOf.get(keyOf(s))!] = []);
      generated += succ.length;
      if (succ.length === 0 && opts.checkDeadlock) note(violations, 'Deadlock', depth);
      for (const { step, next } of succ) {
        const label = formatStep(step);
        const cov = coverage.get(label) ?? { generated: 0, distinct: 0 };
        coverage.set(label, cov);
        cov.generated++;
        if (!stepAllowed(s, next, step) || !inModel(next)) continue;
        for (const [name, p] of Object.entries(spec.actionProperties ?? {})) if (!p(s, next, step)) note(violations, name, depth + 1);
        const k = keyOf(next);
        if (seen.has(k)) {
          out.push([indexOf.get(k)!, label]);
          continue;
        }
        cov.distinct++;
        seen.set(k, depth + 1);
        indexOf.set(k, states.length);
        out.push([states.length, label]);
        states.push(next);
        edges.push(null);
        nextLevel.push(next);
        visit(next, depth + 1);
      }
    }
    if (nextLevel.length > 0) depth++;
    level = nextLevel;
  }
  return { distinct: seen.size, generated, depth, violations, reached, coverage, states, edges };
}

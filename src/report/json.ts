// The `--json` document: one JSON object on stdout describing the whole run, for CI and
// editors. States use the ITF value encoding (see itf.ts), so Sets, Maps and big integers
// keep their type. The schema is documented in README.md ("JSON output").

import type { CheckResult, Violation } from '../engine/search/result.ts';
import type { SimulationResult } from '../engine/search/simulate.ts';
import type { Trace } from '../engine/search/trace.ts';
import { VERSION } from '../version.ts';
import { itfValue } from './itf.ts';

export interface RunHeader {
  readonly tool: 'migcheck';
  readonly version: string;
  readonly command: 'check' | 'simulate';
  readonly model: string;
  readonly constants: { readonly [name: string]: unknown };
  readonly exitCode: number;
}

export function traceJson<S>(trace: Trace<S>) {
  return {
    states: trace.states.map((t, index) => ({
      index,
      label: t.label,
      action: t.step?.action ?? null,
      params: t.step?.params ?? null,
      state: itfValue(t.state),
    })),
    // A lasso: where it loops back to, and how (the closing step, or the last state stuttering).
    ...(trace.loop !== undefined ? { loop: trace.loop } : {}),
    ...(trace.stuttering ? { stuttering: true } : trace.loopLabel !== undefined ? { loopLabel: trace.loopLabel } : {}),
  };
}

function violationsJson<S>(violations: readonly Violation<S>[]) {
  return violations.map((v) => ({
    property: v.property,
    kind: v.kind,
    message: v.message,
    trace: v.trace ? traceJson(v.trace) : null,
    ...(v.fairness ? { fairness: v.fairness } : {}),
    ...(v.refinement ? { refinement: { abstract: v.refinement.abstract, states: v.refinement.states.map((m) => ({ state: itfValue(m.state), stutter: m.stutter })) } } : {}),
  }));
}

function errorJson<S>(error: CheckResult<S>['error']) {
  return error ? { part: error.part, name: error.name, message: error.message, trace: error.trace ? traceJson(error.trace) : null } : null;
}

/** A check's report as `migcheck check --json` prints it. */
export function reportJson<S>(r: CheckResult<S> & { readonly model: string; readonly constants: { readonly [name: string]: unknown }; readonly exitCode: number }): string {
  return checkJson({ tool: 'migcheck', version: VERSION, command: 'check', model: r.model, constants: r.constants, exitCode: r.exitCode }, r);
}

export function checkJson<S>(header: RunHeader, r: CheckResult<S>): string {
  return JSON.stringify({
    ...header,
    result: r.status,
    complete: r.complete,
    distinct: r.distinct,
    generated: r.generated,
    depth: r.depth,
    queueLeft: r.queueLeft,
    elapsedMs: r.elapsedMs,
    collisionProbability: r.collisionProbability,
    outdegree: r.outdegree,
    limit: r.limit ?? null,
    parallel: r.parallel ?? null,
    warnings: r.warnings ?? [],
    violations: violationsJson(r.violations),
    error: errorJson(r.error),
    reachability: r.reachability.map((x) => ({ name: x.name, reached: x.reached, trace: x.trace ? traceJson(x.trace) : null })),
    coverage: r.coverage,
  });
}

export function simulationJson<S>(header: RunHeader, r: SimulationResult<S>): string {
  return JSON.stringify({
    ...header,
    result: r.status,
    seed: `0x${r.seed.toString(16)}`,
    runs: r.runs,
    states: r.states,
    longest: r.longest,
    elapsedMs: r.elapsedMs,
    violations: violationsJson(r.violations),
    error: errorJson(r.error),
  });
}

// The public checking API and the pipeline behind it: `checkModel(model, options)` runs the
// breadth-first safety search, then (when the model has temporal properties) the liveness phase
// on the recorded graph, and returns a typed report. The CLI, the gate, the necessity analysis
// and the benchmarks all check through `checkInstance` below, so what a library user gets is
// what the command line does.

import { selectChecks, type ResolvedSelection } from '../config/selection.ts';
import { resolveConstants, type ConstantValues } from '../engine/constants.ts';
import { checkModelShape } from '../engine/model-shape.ts';
import { Instance } from '../engine/instance.ts';
import type { CheckResult, Progress, SearchResult } from '../engine/search/result.ts';
import { pick } from '../engine/search/expand.ts';
import type { ExploreOptions } from '../engine/search/breadth-first.ts';
import { explore } from '../engine/search/explore.ts';
import type { Trace } from '../engine/search/trace.ts';
import type { StateGraph } from '../engine/search/state-graph.ts';
import { exitCodeOf, stopExitCode, type ExitCode, type ViolationKind } from '../errors.ts';
import { planLiveness, runLiveness } from '../liveness/phase.ts';
import { loadModel, sourceOf } from '../load/load-model.ts';
import type { ConstValue, Model, Spec } from './model.ts';
import type { Temporal } from './temporal.ts';

export interface CheckOptions {
  /** Constant values over the model's defaults, checked against its declarations (a wrong one throws a UserError, exit code 151). */
  readonly constants?: { readonly [name: string]: ConstValue };
  /** The invariants to check (default: every one the model declares; `[]`: none). */
  readonly invariants?: readonly string[];
  /** The temporal properties, action properties and reachability checks to check, as TLC's PROPERTY (default: all; `[]`: none). */
  readonly properties?: readonly string[];
  /** Report states without successors (that are not `terminal`) as deadlocks. Default true. */
  readonly checkDeadlock?: boolean;
  /** Explore everything and report every violated property, each with its shortest trace (default: stop at the first). */
  readonly continueAfterViolation?: boolean;
  /** Stop (status `limit`, exit code 152) once more than this many distinct states are found. */
  readonly maxStates?: number;
  /** Do not expand states at this depth (initial states are depth 1): the search is then incomplete. */
  readonly maxDepth?: number;
  /** Stop (status `limit`) when the process holds more than this many MiB of resident memory. */
  readonly maxMemoryMb?: number;
  /** Expand states on this many threads (the model must come from `loadModel` or be a module path). Default 1. */
  readonly workers?: number;
  /** Apply the model's declared symmetry (TLC's SYMMETRY): one state per orbit. Default false. */
  readonly symmetry?: boolean;
  /**
   * Expand every state three times and compare, to catch actions that are not functions of
   * their state (a model error, exit code 75). Default false: a sample of states is checked.
   */
  readonly paranoid?: boolean;
  /** Called about every `progressEveryMs` (default 60 s) during the search. */
  readonly onProgress?: (p: Progress) => void;
  readonly progressEveryMs?: number;
  /**
   * Aborting it stops the search or the liveness phase (status `interrupted`), keeping what was
   * found; the exit code is then 130, or the code a StopReason given as the abort's reason owes.
   */
  readonly signal?: AbortSignal;
  /**
   * Told of every violation the search meets (every violating state of each invariant, every
   * violating step of each action property, every deadlock), each with its shortest trace, in
   * breadth-first order; not only each property's first. The search then runs on one thread
   * and checks every property on every state. `classifyViolations` builds on it.
   */
  readonly eachViolation?: (property: string, kind: ViolationKind, trace: Trace<unknown>) => void;
}

/** What a check found, with everything a report needs. */
export interface CheckReport<S = unknown> extends Omit<CheckResult<S>, 'graph' | 'replay' | 'tableBytes'> {
  /** The model's name. */
  readonly model: string;
  /** Every constant's value in this run. */
  readonly constants: ConstantValues;
  /** TLC's exit code for this outcome (0 when nothing was found and the search completed). */
  readonly exitCode: ExitCode;
  /** How states are shown in traces (the model's `alias`), for the report writers. */
  readonly alias?: Spec<S>['alias'];
  /** What was checked: the names of each kind of property, and whether deadlocks were. */
  readonly checked: {
    readonly invariants: readonly string[];
    readonly actionProperties: readonly string[];
    readonly reachable: readonly string[];
    readonly properties: readonly string[];
    readonly deadlock: boolean;
  };
}

/**
 * Check a model: a model object, or the path of a module exporting one (then `workers` can
 * load it in worker threads). Throws a UserError (with its `exitCode`) for a bad option or a
 * model that cannot be loaded; anything the search finds, model errors included, is in the report.
 */
export async function checkModel<S>(model: Model<S> | string, options: CheckOptions = {}): Promise<CheckReport<S>> {
  const m = (typeof model === 'string' ? await loadModel(model) : model) as Model<S>;
  const inst = Instance.create(m, options.constants ?? {}, sourceOf(m));
  const chosen = selectChecks(m.name, inst.spec, undefined, { invariants: options.invariants, properties: options.properties, checkDeadlock: options.checkDeadlock });
  // An empty list asks for none of that kind (the command line has no way to say it; code does).
  const none = (names: readonly string[] | undefined) => names !== undefined && names.length === 0;
  const selection = {
    ...chosen,
    ...(none(options.invariants) && { invariants: [] }),
    ...(none(options.properties) && { properties: [], actionProperties: [], reachable: [] }),
  };
  return checkInstance(inst, selection, options);
}

/** Check an instance for the selected properties: the pipeline every front end shares. */
export async function checkInstance<S>(
  inst: Instance<S>,
  selection: ResolvedSelection,
  // onGraph: the search records the state graph and hands it over (a graph export draws it).
  options: Omit<CheckOptions, 'constants' | 'invariants' | 'properties' | 'checkDeadlock'> & { readonly onGraph?: (graph: StateGraph) => void } = {},
): Promise<CheckReport<S>> {
  const signal = options.signal;
  const result = await check(inst, {
    invariants: selection.invariants,
    actionProperties: selection.actionProperties,
    reachable: selection.reachable,
    properties: selection.properties,
    constraints: selection.constraints,
    actionConstraints: selection.actionConstraints,
    checkDeadlock: selection.checkDeadlock,
    symmetry: options.symmetry === true || selection.symmetry,
    paranoid: options.paranoid,
    continueAfterViolation: options.continueAfterViolation,
    maxStates: options.maxStates,
    maxDepth: options.maxDepth,
    maxMemoryMb: options.maxMemoryMb,
    workers: options.workers,
    onProgress: options.onProgress,
    progressEveryMs: options.progressEveryMs,
    shouldStop: signal ? () => signal.aborted : undefined,
    graph: options.onGraph ? { atoms: [] } : undefined,
    eachViolation: options.eachViolation,
  });
  if (result.graph) options.onGraph?.(result.graph);
  const { graph: _graph, replay: _replay, tableBytes: _bytes, ...rest } = result;
  // A run stopped on request exits with the request's code, whatever it found before.
  const exitCode = result.status === 'interrupted' ? stopExitCode(signal) : exitCodeOf(result);
  const checked = { invariants: selection.invariants, actionProperties: selection.actionProperties, reachable: selection.reachable, properties: selection.properties, deadlock: selection.checkDeadlock };
  return { ...rest, model: inst.model.name, constants: inst.constants, exitCode, alias: inst.spec.alias, checked };
}

/** The constants a check of `model` with these overrides runs with (throws a UserError, 151, for a bad one). */
export function constantsOf(model: Model, overrides: { readonly [name: string]: ConstValue } = {}): ConstantValues {
  checkModelShape(model);
  return resolveConstants(model, overrides);
}

export interface PipelineOptions<S> extends ExploreOptions<S> {
  /** Names of the temporal properties to check (default all the model declares). */
  readonly properties?: readonly string[];
}

/** Safety search, then the liveness phase on the recorded graph. */
export async function check<S>(inst: Instance<S>, opts: PipelineOptions<S> = {}): Promise<SearchResult<S>> {
  const selected = pick<Temporal<S>>('temporal property', inst.spec.properties, opts.properties);
  if (selected.length === 0) return explore(inst, opts);
  const plan = planLiveness(inst, selected, opts);
  // `[]P` and `refines` conjuncts are checked by the search; only the rest needs the graph.
  const searched = { ...opts, implied: [...plan.implied.keys()] };
  const explained = (r: SearchResult<S>) => ({ ...r, violations: r.violations.map((v) => plan.implied.get(v.property)?.explain(v) ?? v) });
  if (plan.properties.length === 0) return explained(await explore(inst, searched));
  // A caller's own graph atoms (graph export, tests) come first; ours follow from `base`.
  const base = opts.graph?.atoms.length ?? 0;
  const result = explained(await explore(inst, { ...searched, graph: { atoms: [...(opts.graph?.atoms ?? []), ...plan.atoms.atoms] } }));
  const warnings = [...(result.warnings ?? []), ...plan.warnings];
  // A property whose `[]P` part failed in the search is decided already.
  const open = plan.properties.filter((p) => !result.violations.some((v) => v.property === p.name));
  // A search that stopped at a violation (incomplete) leaves a partial graph; a depth bound is warned of below.
  const safetyFinished = (result.status === 'ok' || (result.status === 'violation' && result.complete)) && result.queueLeft === 0;
  if (!safetyFinished || !result.graph) {
    if (open.length > 0) warnings.push(`Temporal properties (${open.map((p) => p.name).join(', ')}) were not checked: the safety search stopped early.`);
    return { ...result, warnings };
  }
  const started = Date.now();
  const g = base === 0 ? result.graph : { ...result.graph, atoms: result.graph.atoms.slice(base) };
  opts.onProgress?.({ depth: result.depth, generated: result.generated, distinct: result.distinct, queue: 0, elapsedMs: result.elapsedMs, phase: 'liveness' });
  const live = await runLiveness(inst, { ...plan, properties: open }, result, g, opts);
  const livenessMs = Date.now() - started;
  const violations = [...result.violations, ...live.violations];
  return {
    ...result,
    // Stopped in the liveness phase: every state was explored (complete), not every property decided.
    status: live.stopped ? live.stopped.status : live.error ? 'error' : violations.length > 0 ? 'violation' : result.status,
    limit: live.stopped?.limit ?? result.limit,
    error: live.error ?? result.error,
    violations,
    warnings: [...warnings, ...live.warnings],
    livenessMs,
    elapsedMs: result.elapsedMs + livenessMs,
  };
}

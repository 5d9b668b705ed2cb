// The pipeline from an instantiated model to a verdict: breadth-first safety search, then
// (when the model has temporal properties) the liveness phase on the recorded graph.
// Every front end (CLI check, necessity, gate, tests) runs checks through here.

import type { Temporal } from '../api/temporal.ts';
import { planLiveness, runLiveness } from '../liveness/phase.ts';
import { pick } from './search/expand.ts';
import { explore, type ExploreOptions } from './search/explore.ts';
import type { SearchResult } from './search/result.ts';
import type { Instance } from './instance.ts';

export interface CheckOptions<S> extends ExploreOptions<S> {
  /** Names of the temporal properties to check (default all the model declares). */
  readonly properties?: readonly string[];
}

export async function check<S>(inst: Instance<S>, opts: CheckOptions<S> = {}): Promise<SearchResult<S>> {
  const selected = pick<Temporal<S>>('temporal property', inst.spec.properties, opts.properties);
  if (selected.length === 0) return explore(inst, opts);
  const plan = planLiveness(inst, selected, opts);
  // `[]P` and `refines` conjuncts are checked by the search; only the rest needs the graph.
  const searched = { ...opts, implied: [...plan.implied.keys()] };
  const explained = (r: SearchResult<S>) => ({ ...r, violations: r.violations.map((v) => plan.implied.get(v.property)?.explain(v) ?? v) });
  if (plan.properties.length === 0) return explained(await explore(inst, searched));
  // A caller's own graph atoms (graph export) come first; ours follow from `base`.
  const base = opts.graph?.atoms.length ?? 0;
  const result = explained(await explore(inst, { ...searched, graph: { atoms: [...(opts.graph?.atoms ?? []), ...plan.atoms.predicates] } }));
  const warnings = [...(result.warnings ?? []), ...plan.warnings];

  if (result.error?.part === 'temporal') {
    // Explore names atoms by position; name the property that owns the predicate instead.
    const k = Number(/#(\d+)$/.exec(result.error.name)?.[1]) - 1 - base;
    const owner = plan.atoms.owners[k];
    if (owner !== undefined) {
      const cause = result.error.message.replace(/^temporal .*? threw: /, '');
      return { ...result, warnings, error: { ...result.error, name: owner, message: `temporal property ${owner} threw: ${cause}` } };
    }
  }
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

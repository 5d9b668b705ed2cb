// Exhaustive breadth-first exploration: the sequential search (breadth-first.ts), or with `workers`
// > 1 the levels expanded in parallel (parallel/coordinator.ts). The one entry point, so that
// the search and its parallel form do not import each other.

import type { Instance } from '../instance.ts';
import { exploreInParallel } from '../parallel/coordinator.ts';
import type { SearchResult } from './result.ts';
import { Search, type ExploreOptions } from './breadth-first.ts';

/** Explore every reachable state of `inst` breadth-first and check its safety properties. */
export async function explore<S>(inst: Instance<S>, opts: ExploreOptions<S> = {}): Promise<SearchResult<S>> {
  const workers = opts.workers ?? 1;
  // Recording the graph or visiting every violation (the states are on this thread) stay on one thread.
  if (workers > 1 && !opts.graph && !opts.eachViolation) return exploreInParallel(inst, opts);
  const search = new Search(inst, opts);
  await search.run();
  const r = search.finish();
  if (workers <= 1) return r;
  const why = opts.eachViolation ? 'every violation is visited' : 'the state graph (for temporal properties or a graph export) is recorded';
  return { ...r, warnings: [...(r.warnings ?? []), `--workers ${workers} ignored: ${why} on one thread.`] };
}

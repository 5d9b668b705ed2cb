// Where a workload's CPU time goes, from a V8 CPU profile of its process (`node --cpu-prof`):
// the model's own code (a sample whose stack holds a function of the models' bundle, so the
// Immutable.js work the model's actions, invariants and constraints do counts as the model's),
// the garbage collector, and the rest (the engine, Node's start). The model's share bounds what
// any engine could reach: were the engine and the collector free, the run would still take the
// model's share of its time.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Shares {
  model: number;
  gc: number;
  engine: number;
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** The shares of the profile(s) in `dir` (one per thread; a one-worker run has one). */
export function sharesOf(dir: string, modelBundle = 'models.mjs'): Shares {
  let model = 0, gc = 0, total = 0;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
    const p = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Profile;
    const byId = new Map(p.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    // Whether a node's stack holds a model function, memoised per node.
    const inModel = new Map<number, boolean>();
    const isModel = (id: number | undefined): boolean => {
      if (id === undefined) return false;
      let known = inModel.get(id);
      if (known === undefined) {
        known = byId.get(id)!.callFrame.url.endsWith(`/${modelBundle}`) || isModel(parent.get(id));
        inModel.set(id, known);
      }
      return known;
    };
    for (let i = 0; i < p.samples.length; i++) {
      const dt = p.timeDeltas[i] ?? 0;
      total += dt;
      if (byId.get(p.samples[i])!.callFrame.functionName === '(garbage collector)') gc += dt;
      else if (isModel(p.samples[i])) model += dt;
    }
  }
  if (total === 0) throw new Error(`no CPU profile samples in ${dir}`);
  return { model: model / total, gc: gc / total, engine: (total - model - gc) / total };
}

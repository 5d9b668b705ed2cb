// `--dump-dot`: the reachable state graph in Graphviz DOT, as TLC's `-dump dot,actionlabels,
// colorize`. The checker keeps only fingerprints, so the graph is re-explored here with the
// states kept, which is what the node text needs; it is meant for small models and stops at
// `maxNodes`. States violating a checked invariant, and deadlocks when checked, are red.

import type { StatePredicate, StepPredicate } from '../api/model.ts';
import { pick } from '../engine/expand.ts';
import { Fingerprinter } from '../engine/fingerprint.ts';
import type { Instance } from '../engine/instance.ts';
import { fingerprintFor } from '../engine/trace.ts';
import { formatValue, stateVariables } from './format-value.ts';

export interface DotOptions {
  readonly invariants?: readonly string[];
  readonly constraints?: readonly string[];
  readonly actionConstraints?: readonly string[];
  /** Colour states without any successor (deadlocks) as well. */
  readonly checkDeadlock?: boolean;
  readonly maxNodes?: number;
}

const quote = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;

export function stateGraphDot<S>(inst: Instance<S>, opts: DotOptions = {}): { dot: string; nodes: number; truncated: boolean } {
  const spec = inst.spec;
  const invariants = pick<StatePredicate<S>>('invariant', spec.invariants, opts.invariants);
  const constraints = pick<StatePredicate<S>>('constraint', spec.constraints, opts.constraints);
  const actionConstraints = pick<StepPredicate<S>>('action constraint', spec.actionConstraints, opts.actionConstraints);
  const maxNodes = opts.maxNodes ?? 10_000;
  const fpOf = fingerprintFor(inst, new Fingerprinter(), false);
  const ids = new Map<string, number>();
  const states: S[] = [];
  const edges: string[] = [];
  let truncated = false;

  const inModel = (s: S) => constraints.every(([name, c]) => inst.test('constraint', name, c, s));
  const idOf = (s: S): number | undefined => {
    const f = fpOf(s);
    const key = `${f.hi}:${f.lo}`;
    let id = ids.get(key);
    if (id === undefined) {
      if (states.length >= maxNodes) {
        truncated = true;
        return undefined;
      }
      id = states.length;
      ids.set(key, id);
      states.push(s);
    }
    return id;
  };

  const initial = new Set<number>();
  const deadlocked = new Set<number>();
  for (const s of inst.initialStates()) {
    const id = inModel(s) ? idOf(s) : undefined;
    if (id !== undefined) initial.add(id);
  }
  for (let i = 0; i < states.length; i++) {
    const from = states[i];
    let successors = 0;
    inst.successors(from, (next, labelId) => {
      successors++;
      const step = inst.labels.steps[labelId];
      if (!actionConstraints.every(([, c]) => c(from, next, step)) || !inModel(next)) return;
      const to = idOf(next);
      if (to !== undefined) edges.push(`  ${i} -> ${to} [label=${quote(inst.labels.texts[labelId])}];`);
    });
    if (successors === 0) deadlocked.add(i);
  }

  const nodes = states.map((s, i) => {
    const text = stateVariables(spec.alias ? spec.alias(s) : s)
      .map(([k, v]) => `${k} = ${formatValue(v)}`)
      .join('\n');
    const broken = invariants.some(([name, p]) => !inst.test('invariant', name, p, s));
    const attrs = [`label=${quote(text)}`];
    if (initial.has(i)) attrs.push('shape=box', 'style=bold');
    if (broken || (opts.checkDeadlock && deadlocked.has(i))) attrs.push('color=red', 'fontcolor=red');
    return `  ${i} [${attrs.join(', ')}];`;
  });
  const dot = ['digraph StateGraph {', `  label=${quote(`${inst.model.name}${truncated ? ` (first ${maxNodes} states)` : ''}`)};`, ...nodes, ...edges, '}', ''].join('\n');
  return { dot, nodes: states.length, truncated };
}

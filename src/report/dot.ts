// `--dump-dot`: the state graph in Graphviz DOT, as TLC's `-dump dot,actionlabels,colorize`.
// The graph is the one the search recorded (every state it found, every edge it followed), so
// the file shows exactly what was checked, however large. The search keeps fingerprints, not
// states, so the states for the node text are rebuilt by re-expanding each recorded state in
// index order: a model's successors come in the same order every time (the search checks
// that), so the k-th successor kept is the target of the state's k-th recorded edge. States
// violating a checked invariant, and deadlocks when checked, are red; a state where the model
// stops on purpose (its `terminal` predicate) is no deadlock and is drawn with a double border;
// a state the search found but did not expand (it stopped first, or the depth bound) is dashed.

import type { StatePredicate } from '../api/model.ts';
import { Expander, pick } from '../engine/search/expand.ts';
import { Fingerprinter } from '../engine/state/fingerprint.ts';
import { ModelError, type Instance } from '../engine/instance.ts';
import type { StateGraph } from '../engine/search/state-graph.ts';
import { fingerprintFor } from '../engine/search/trace.ts';
import { formatValue, stateVariables } from './format-value.ts';

export interface DotOptions {
  readonly invariants?: readonly string[];
  readonly constraints?: readonly string[];
  readonly actionConstraints?: readonly string[];
  /** Colour states without any successor (deadlocks) as well. */
  readonly checkDeadlock?: boolean;
  /** The search applied the model's symmetry (its state indices are orbits). */
  readonly symmetry?: boolean;
}

const quote = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;

/** The recorded graph `g` in DOT; `unexpanded` counts the states found but not expanded. */
export function stateGraphDot<S>(inst: Instance<S>, g: StateGraph, opts: DotOptions = {}): { dot: string; nodes: number; edges: number; unexpanded: number } {
  const spec = inst.spec;
  const invariants = pick<StatePredicate<S>>('invariant', spec.invariants, opts.invariants);
  const expander = new Expander(inst, { invariants: [], actionProperties: [], reachable: [], constraints: opts.constraints, actionConstraints: opts.actionConstraints });
  const states: (S | undefined)[] = new Array(g.size);

  // The initial states take the first indices, in the order the search added them (duplicates
  // and states outside the constraints skipped, as it did).
  const fpOf = fingerprintFor(inst, new Fingerprinter(), opts.symmetry ?? false);
  const seen = new Set<string>();
  for (const s of inst.initialStates()) {
    if (seen.size === g.initial) break;
    if (!expander.inModel(s)) continue;
    const f = fpOf(s);
    const key = `${f.hi}:${f.lo}`;
    if (!seen.has(key)) states[seen.size] = s;
    seen.add(key);
  }

  const deadlocked = new Set<number>();
  const terminal = new Set<number>();
  for (let i = 0; i < g.size; i++) {
    const s = states[i];
    if (s === undefined || !g.expanded[i]) continue;
    let k = g.offsets[i];
    const n = expander.expand(
      s,
      (next) => {
        const to = g.targets[k++];
        if (states[to] === undefined) states[to] = next;
      },
      () => {},
    );
    if (n === 0) (inst.isTerminal(s) ? terminal : deadlocked).add(i);
  }

  const broken = (s: S) => {
    try {
      return invariants.some(([name, p]) => !inst.test('invariant', name, p, s));
    } catch (e) {
      // The state whose invariant threw ended the search: it is the one to look at.
      if (e instanceof ModelError) return true;
      throw e;
    }
  };
  const nodes: string[] = [];
  const edges: string[] = [];
  let unexpanded = 0;
  for (let i = 0; i < g.size; i++) {
    const s = states[i];
    // A state found while expanding one that threw has no recorded edge to it: nothing to show.
    if (s === undefined) continue;
    const text = stateVariables(spec.alias ? spec.alias(s) : s)
      .map(([k, v]) => `${k} = ${formatValue(v)}`)
      .join('\n');
    const attrs = [`label=${quote(text)}`];
    const style = [];
    if (i < g.initial) attrs.push('shape=box'), style.push('bold');
    if (!g.expanded[i]) unexpanded++, style.push('dashed');
    if (style.length) attrs.push(style.length === 1 ? `style=${style[0]}` : `style=${quote(style.join(','))}`);
    if (terminal.has(i)) attrs.push('peripheries=2');
    if (broken(s) || (opts.checkDeadlock && deadlocked.has(i))) attrs.push('color=red', 'fontcolor=red');
    nodes.push(`  ${i} [${attrs.join(', ')}];`);
    for (let e = g.offsets[i]; e < g.offsets[i + 1]; e++) edges.push(`  ${i} -> ${g.targets[e]} [label=${quote(inst.labels.texts[g.labels[e]])}];`);
  }
  const title = `${inst.model.name}${unexpanded ? ` (the search stopped before expanding ${unexpanded} of these states)` : ''}`;
  const dot = ['digraph StateGraph {', `  label=${quote(title)};`, ...nodes, ...edges, '}', ''].join('\n');
  return { dot, nodes: nodes.length, edges: edges.length, unexpanded };
}

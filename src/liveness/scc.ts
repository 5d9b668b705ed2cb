// Strongly connected components of the subgraph induced by a set of states, by Tarjan's
// algorithm with an explicit call stack: reachable graphs can be hundreds of thousands of
// states deep, far beyond what JavaScript recursion allows.

import { Pacer } from '../engine/search/pace.ts';
import type { StateGraph } from '../engine/search/state-graph.ts';

/** Scratch arrays sized to the graph, reused across calls (refinement calls this often). */
export class SccFinder {
  private readonly index: Int32Array;
  private readonly low: Int32Array;
  private readonly onStack: Uint8Array;
  private readonly stack: Int32Array;
  private readonly callNode: Int32Array;
  private readonly callEdge: Int32Array;

  constructor(
    private readonly g: StateGraph,
    private readonly pacer = new Pacer({}),
  ) {
    const n = g.size;
    this.index = new Int32Array(n).fill(-1);
    this.low = new Int32Array(n);
    this.onStack = new Uint8Array(n);
    this.stack = new Int32Array(n);
    this.callNode = new Int32Array(n);
    this.callEdge = new Int32Array(n);
  }

  /**
   * Call `onScc` with each SCC of the subgraph induced by `nodes` (`member[v] === mark`);
   * returning true from it stops the search. Every state counts as a cycle (stuttering).
   */
  async run(nodes: readonly number[], member: Int32Array, mark: number, onScc: (scc: number[]) => boolean): Promise<boolean> {
    const { offsets, targets } = this.g;
    const { index, low, onStack, stack, callNode, callEdge, pacer } = this;
    for (let k = 0; k < nodes.length; k++) index[nodes[k]] = -1;
    let counter = 0;
    let sp = 0;
    let stopped = false;
    for (let k = 0; k < nodes.length && !stopped; k++) {
      const root = nodes[k];
      if (index[root] !== -1) continue;
      let cp = 0;
      callNode[cp] = root;
      callEdge[cp] = offsets[root];
      cp++;
      index[root] = low[root] = counter++;
      stack[sp++] = root;
      onStack[root] = 1;
      while (cp > 0) {
        const pause = pacer.step();
        if (pause) await pause;
        const v = callNode[cp - 1];
        const e = callEdge[cp - 1];
        if (e < offsets[v + 1]) {
          callEdge[cp - 1] = e + 1;
          const w = targets[e];
          if (member[w] !== mark) continue;
          if (index[w] === -1) {
            index[w] = low[w] = counter++;
            stack[sp++] = w;
            onStack[w] = 1;
            callNode[cp] = w;
            callEdge[cp] = offsets[w];
            cp++;
          } else if (onStack[w] && index[w] < low[v]) {
            low[v] = index[w];
          }
          continue;
        }
        cp--;
        if (cp > 0) {
          const u = callNode[cp - 1];
          if (low[v] < low[u]) low[u] = low[v];
        }
        if (low[v] === index[v]) {
          const scc: number[] = [];
          let w;
          do {
            w = stack[--sp];
            onStack[w] = 0;
            scc.push(w);
          } while (w !== v);
          if (!stopped && onScc(scc)) stopped = true;
        }
      }
    }
    // Leave the scratch arrays clean for states outside `nodes` too.
    while (sp > 0) onStack[stack[--sp]] = 0;
    return stopped;
  }
}

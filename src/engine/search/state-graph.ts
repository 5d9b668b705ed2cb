// The reachable state graph in compressed sparse row form, built during breadth-first search
// for the liveness checker and graph export. Because states are explored in index order,
// each state's out-edges are appended contiguously: `targets[offsets[i] .. offsets[i+1])`.

import type { StatePredicate } from '../../api/model.ts';

/** A state predicate whose value the graph records per state, named after the property it belongs to (a throw names that property). */
export interface GraphAtom<S> {
  readonly owner: string;
  readonly test: StatePredicate<S>;
}

export interface StateGraph {
  /** Number of states (the state table's indices 0 .. size-1). */
  readonly size: number;
  /** `offsets[i] .. offsets[i+1]` delimit state i's out-edges; length size+1. */
  readonly offsets: Int32Array;
  readonly targets: Int32Array;
  /** The label id of each edge (see Instance.labels). */
  readonly labels: Int32Array;
  /** `atoms[k][i]` is 1 when state predicate k holds in state i. */
  readonly atoms: Uint8Array[];
  /** 1 for the states that were expanded (a state never expanded has no known edges). */
  readonly expanded: Uint8Array;
  /** States 0 .. initial-1 are the initial states (they are added before any expansion). */
  readonly initial: number;
}

export class StateGraphBuilder {
  private offsets = new Int32Array(1024);
  private targets = new Int32Array(4096);
  private labels = new Int32Array(4096);
  private expanded = new Uint8Array(1024);
  private atoms: Uint8Array[];
  private edgeCount = 0;
  private stateCount = 0;
  private current = -1;
  private explored = 0;
  private initial = -1;

  constructor(atomCount: number) {
    this.atoms = Array.from({ length: atomCount }, () => new Uint8Array(1024));
  }

  /** Record the atom values of the next new state (states arrive in index order). */
  addState(bits: readonly boolean[]): void {
    const i = this.stateCount++;
    if (i >= this.expanded.length) {
      this.expanded = growU8(this.expanded, i + 1);
      this.atoms = this.atoms.map((a) => growU8(a, i + 1));
    }
    for (let k = 0; k < bits.length; k++) this.atoms[k][i] = bits[k] ? 1 : 0;
  }

  /** Start the out-edges of state `index` (called in increasing index order). */
  beginState(index: number): void {
    if (this.initial < 0) this.initial = this.stateCount;
    if (index + 2 > this.offsets.length) this.offsets = growI32(this.offsets, index + 2);
    // States skipped over have no edges.
    for (let i = this.explored; i <= index; i++) this.offsets[i] = this.edgeCount;
    this.current = index;
    this.explored = index;
  }

  addEdge(target: number, labelId: number): void {
    if (this.edgeCount >= this.targets.length) {
      this.targets = growI32(this.targets, this.edgeCount + 1);
      this.labels = growI32(this.labels, this.edgeCount + 1);
    }
    this.targets[this.edgeCount] = target;
    this.labels[this.edgeCount] = labelId;
    this.edgeCount++;
  }

  /** End state `index`'s edges; `expanded` is false where its successors were not computed. */
  endState(expanded = true): void {
    if (expanded) this.expanded[this.current] = 1;
    this.offsets[this.current + 1] = this.edgeCount;
    this.explored = this.current + 1;
  }

  finish(size: number): StateGraph {
    if (size + 1 > this.offsets.length) this.offsets = growI32(this.offsets, size + 1);
    for (let i = this.explored; i <= size; i++) this.offsets[i] = this.edgeCount;
    return {
      size,
      offsets: this.offsets.slice(0, size + 1),
      targets: this.targets.slice(0, this.edgeCount),
      labels: this.labels.slice(0, this.edgeCount),
      atoms: this.atoms.map((a) => a.slice(0, size)),
      expanded: this.expanded.slice(0, size),
      initial: this.initial < 0 ? size : this.initial,
    };
  }
}

function growI32(a: Int32Array, min: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(Math.max(min, a.length * 2));
  b.set(a);
  return b;
}

function growU8(a: Uint8Array, min: number): Uint8Array<ArrayBuffer> {
  const b = new Uint8Array(Math.max(min, a.length * 2));
  b.set(a);
  return b;
}

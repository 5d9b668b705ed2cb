// The seen set: 64-bit fingerprints in an open-addressing hash table on typed arrays, with
// each state's parent and the label of the step that first reached it. States themselves are
// never kept here; a trace is rebuilt by replaying labels from an initial state
// (see trace.ts). A state's index is its discovery order, which in breadth-first search is
// also its exploration order.

const EMPTY = -1;
const MAX_LOAD = 0.6;

export class StateTable {
  /** Number of states stored; indices are 0 .. size-1. */
  size = 0;
  private slots: Int32Array;
  private mask: number;
  private fpHi: Uint32Array;
  private fpLo: Uint32Array;
  private parents: Int32Array;
  private labelIds: Int32Array;

  constructor(initialCapacity = 1 << 16) {
    let cap = 1024;
    while (cap < initialCapacity) cap *= 2;
    this.slots = new Int32Array(cap).fill(EMPTY);
    this.mask = cap - 1;
    const perState = Math.floor(cap * MAX_LOAD) + 1;
    this.fpHi = new Uint32Array(perState);
    this.fpLo = new Uint32Array(perState);
    this.parents = new Int32Array(perState);
    this.labelIds = new Int32Array(perState);
  }

  /**
   * Insert the fingerprint (hi, lo) unless present. Returns the new state's index (>= 0),
   * or `-(index + 1)` of the state already holding that fingerprint.
   */
  insert(hi: number, lo: number, parent: number, labelId: number): number {
    let slot = (lo ^ Math.imul(hi, 0x9e3779b1)) & this.mask;
    const slots = this.slots;
    for (;;) {
      const at = slots[slot];
      if (at === EMPTY) break;
      if (this.fpLo[at] === lo && this.fpHi[at] === hi) return -(at + 1);
      slot = (slot + 1) & this.mask;
    }
    const index = this.size;
    if (index >= this.fpHi.length) return this.growThenInsert(hi, lo, parent, labelId);
    slots[slot] = index;
    this.fpHi[index] = hi;
    this.fpLo[index] = lo;
    this.parents[index] = parent;
    this.labelIds[index] = labelId;
    this.size = index + 1;
    return index;
  }

  /** The index of the state with this fingerprint, or -1. */
  find(hi: number, lo: number): number {
    let slot = (lo ^ Math.imul(hi, 0x9e3779b1)) & this.mask;
    for (;;) {
      const at = this.slots[slot];
      if (at === EMPTY) return -1;
      if (this.fpLo[at] === lo && this.fpHi[at] === hi) return at;
      slot = (slot + 1) & this.mask;
    }
  }

  parent(index: number): number {
    return this.parents[index];
  }

  labelId(index: number): number {
    return this.labelIds[index];
  }

  fingerprintHi(index: number): number {
    return this.fpHi[index];
  }

  fingerprintLo(index: number): number {
    return this.fpLo[index];
  }

  /** Bytes held by the typed arrays (the table's own memory). */
  get bytes(): number {
    return this.slots.byteLength + this.fpHi.byteLength + this.fpLo.byteLength + this.parents.byteLength + this.labelIds.byteLength;
  }

  private growThenInsert(hi: number, lo: number, parent: number, labelId: number): number {
    const cap = this.slots.length * 2;
    const perState = Math.floor(cap * MAX_LOAD) + 1;
    this.fpHi = grow(this.fpHi, new Uint32Array(perState));
    this.fpLo = grow(this.fpLo, new Uint32Array(perState));
    this.parents = grow(this.parents, new Int32Array(perState));
    this.labelIds = grow(this.labelIds, new Int32Array(perState));
    // Re-slot the stored fingerprints; states are never re-hashed.
    this.slots = new Int32Array(cap).fill(EMPTY);
    this.mask = cap - 1;
    for (let i = 0; i < this.size; i++) {
      let slot = (this.fpLo[i] ^ Math.imul(this.fpHi[i], 0x9e3779b1)) & this.mask;
      while (this.slots[slot] !== EMPTY) slot = (slot + 1) & this.mask;
      this.slots[slot] = i;
    }
    return this.insert(hi, lo, parent, labelId);
  }
}

function grow<T extends Uint32Array | Int32Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

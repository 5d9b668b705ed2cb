// The seen set: 64-bit fingerprints in an open-addressing hash table on typed arrays, with
// each state's parent and the label of the step that first reached it. States themselves are
// never kept here; a trace is rebuilt by replaying labels from an initial state
// (see trace.ts). A state's index is its discovery order, which in breadth-first search is
// also its exploration order.
//
// The per-state records live in pages of 65,536 entries that are never moved: growing the
// table adds a page, and only the slot array (4 bytes a slot) is resized and refilled from
// the pages. So a table of n states holds about 16n bytes of records plus 4-8n bytes of
// slots, and never twice that while growing (TwoPhase with 9 RMs: 10.3M states). A state's
// fingerprint halves sit side by side in its page: confirming a state already seen (nine
// successors in ten on TwoPhase) reads one cache line there, not two.

const EMPTY = -1;
const MAX_LOAD = 0.7;
// A slot holds a state's index (27 bits) under 5 bits of its fingerprint's hi half, so most
// probes past other states are decided without reading their records.
const INDEX_BITS = 27;
const INDEX_MASK = (1 << INDEX_BITS) - 1;
/** The most states a table holds (the all-ones slot is EMPTY). */
const MAX_TABLE_STATES = INDEX_MASK;
// Slots for MAX_TABLE_STATES at MAX_LOAD.
const MAX_SLOTS = 2 ** 28;
const PAGE_BITS = 16;
const PAGE = 1 << PAGE_BITS;
const IN_PAGE = PAGE - 1;

export class StateTable {
  /** Number of states stored; indices are 0 .. size-1. */
  size = 0;
  private slots: Int32Array;
  private slotBuffer: ArrayBuffer | undefined;
  private mask: number;
  /** Grow the slots when `size` reaches this. */
  private limit: number;
  // Page p holds the records of states p·PAGE .. p·PAGE + PAGE - 1. The first page starts
  // small (tables for small models, and per-field tables, stay small) and grows to PAGE.
  // Fingerprints: state i's hi and lo halves at 2i and 2i + 1 of its page.
  private readonly fps: Uint32Array[] = [];
  private readonly parents: Int32Array[] = [];
  private readonly labelIds: Int32Array[] = [];
  private capacity = 0;
  /** Bumped whenever an array is replaced or added: a `view()` taken earlier is then stale. */
  layout = 0;

  /**
   * `shared`: the slots and fingerprints live in SharedArrayBuffers, so that worker threads
   * can look states up (`view()`, TableView) while this thread inserts.
   */
  constructor(
    initialCapacity = 1 << 16,
    private readonly shared = false,
  ) {
    let cap = 1024;
    while (cap < initialCapacity) cap *= 2;
    this.slots = this.newSlots(cap).fill(EMPTY);
    this.mask = cap - 1;
    this.limit = Math.floor(cap * MAX_LOAD);
    this.addRoom(Math.min(PAGE, this.limit + 1));
  }

  /**
   * Insert the fingerprint (hi, lo) unless present. Returns the new state's index (>= 0),
   * or `-(index + 1)` of the state already holding that fingerprint.
   */
  insert(hi: number, lo: number, parent: number, labelId: number): number {
    let slot = (lo ^ Math.imul(hi, 0x9e3779b1)) & this.mask;
    const slots = this.slots;
    const tag = hi >>> INDEX_BITS;
    for (;;) {
      const entry = slots[slot];
      if (entry === EMPTY) break;
      if (entry >>> INDEX_BITS === tag) {
        const at = entry & INDEX_MASK;
        const page = this.fps[at >>> PAGE_BITS], o = 2 * (at & IN_PAGE);
        if (page[o + 1] === lo && page[o] === hi) return -(at + 1);
      }
      slot = (slot + 1) & this.mask;
    }
    const index = this.size;
    if (index >= this.limit) {
      this.growSlots();
      return this.insert(hi, lo, parent, labelId);
    }
    if (index >= MAX_TABLE_STATES) throw new RangeError(`the state table holds at most ${MAX_TABLE_STATES} states`);
    if (index >= this.capacity) this.addRoom(PAGE);
    const p = index >>> PAGE_BITS, o = index & IN_PAGE;
    this.fps[p][2 * o] = hi;
    this.fps[p][2 * o + 1] = lo;
    this.parents[p][o] = parent;
    this.labelIds[p][o] = labelId;
    // Shared: publish the slot last, with release order, so that a thread that sees it sees the fingerprint.
    if (this.shared) Atomics.store(slots, slot, (tag << INDEX_BITS) | index);
    else slots[slot] = (tag << INDEX_BITS) | index;
    this.size = index + 1;
    return index;
  }

  /** The index of the state with this fingerprint, or -1. */
  find(hi: number, lo: number): number {
    let slot = (lo ^ Math.imul(hi, 0x9e3779b1)) & this.mask;
    for (;;) {
      const entry = this.slots[slot];
      if (entry === EMPTY) return -1;
      const at = entry & INDEX_MASK;
      if (this.fingerprintLo(at) === lo && this.fingerprintHi(at) === hi) return at;
      slot = (slot + 1) & this.mask;
    }
  }

  parent(index: number): number {
    return this.parents[index >>> PAGE_BITS][index & IN_PAGE];
  }

  labelId(index: number): number {
    return this.labelIds[index >>> PAGE_BITS][index & IN_PAGE];
  }

  fingerprintHi(index: number): number {
    return this.fps[index >>> PAGE_BITS][2 * (index & IN_PAGE)];
  }

  fingerprintLo(index: number): number {
    return this.fps[index >>> PAGE_BITS][2 * (index & IN_PAGE) + 1];
  }

  /** What a worker thread needs to look fingerprints up (a shared table's current arrays). */
  view(): TableArrays {
    return { slots: this.slots, fps: [...this.fps] };
  }

  /** Bytes held by the typed arrays (the table's own memory). */
  get bytes(): number {
    return this.slots.byteLength + this.capacity * 16;
  }

  /** Room for more records: the first page grows (by copying) up to PAGE, then pages are added. */
  private addRoom(want: number): void {
    this.layout++;
    if (this.fps.length === 0) {
      this.fps.push(this.uint32(2 * want));
      this.parents.push(new Int32Array(want));
      this.labelIds.push(new Int32Array(want));
      this.capacity = want;
    } else if (this.capacity < PAGE) {
      const size = Math.min(PAGE, this.capacity * 2);
      this.fps[0] = grown(this.fps[0], this.uint32(2 * size));
      this.parents[0] = grown(this.parents[0], new Int32Array(size));
      this.labelIds[0] = grown(this.labelIds[0], new Int32Array(size));
      this.capacity = size;
    } else {
      this.fps.push(this.uint32(2 * PAGE));
      this.parents.push(new Int32Array(PAGE));
      this.labelIds.push(new Int32Array(PAGE));
      this.capacity += PAGE;
    }
  }

  /** Double the slots and re-slot the stored fingerprints (states are never re-hashed). */
  private growSlots(): void {
    this.layout++;
    const cap = this.slots.length * 2;
    this.slots = this.newSlots(cap).fill(EMPTY);
    this.mask = cap - 1;
    this.limit = Math.floor(cap * MAX_LOAD);
    for (let i = 0; i < this.size; i++) {
      let slot = (this.fingerprintLo(i) ^ Math.imul(this.fingerprintHi(i), 0x9e3779b1)) & this.mask;
      while (this.slots[slot] !== EMPTY) slot = (slot + 1) & this.mask;
      this.slots[slot] = ((this.fingerprintHi(i) >>> INDEX_BITS) << INDEX_BITS) | i;
    }
  }

  /**
   * Shared: a new array, so that threads holding the old one keep a consistent, if stale, view.
   * Unshared: the same buffer, grown in place (it is resizable, its maximum only reserved): the
   * old array is not left for the GC, which frees a large ArrayBuffer late (TwoPhase 8 peaked
   * 20 MB higher with the old slots still held).
   */
  private newSlots(n: number): Int32Array {
    if (this.shared) return new Int32Array(new SharedArrayBuffer(4 * n));
    // Room reserved for 64 times the slots (at most MAX_SLOTS), not MAX_SLOTS at once: the
    // frontier keeps a small table per field, and each reservation is address space.
    if (this.slotBuffer === undefined || 4 * n > this.slotBuffer.maxByteLength) {
      this.slotBuffer = new ArrayBuffer(4 * n, { maxByteLength: 4 * Math.min(MAX_SLOTS, 64 * n) });
    } else this.slotBuffer.resize(4 * n);
    return new Int32Array(this.slotBuffer, 0, n);
  }

  private uint32(n: number): Uint32Array {
    return this.shared ? new Uint32Array(new SharedArrayBuffer(4 * n)) : new Uint32Array(n);
  }
}

/** The arrays of a shared table that lookups read. */
export interface TableArrays {
  readonly slots: Int32Array;
  /** Fingerprint pages, as in StateTable. */
  readonly fps: readonly Uint32Array[];
}

/**
 * A worker thread's read-only view of a shared StateTable, as of its last `view()`. It may
 * miss states inserted since (a caller must then ask the owner), never reports a state that
 * is not there: a slot is published after its fingerprint.
 */
export class TableView {
  constructor(private arrays: TableArrays) {}

  update(arrays: TableArrays): void {
    this.arrays = arrays;
  }

  has(hi: number, lo: number): boolean {
    const { slots, fps } = this.arrays;
    const mask = slots.length - 1;
    const tag = hi >>> INDEX_BITS;
    let slot = (lo ^ Math.imul(hi, 0x9e3779b1)) & mask;
    for (;;) {
      const entry = Atomics.load(slots, slot);
      if (entry === EMPTY) return false;
      if (entry >>> INDEX_BITS === tag) {
        const at = entry & INDEX_MASK;
        const p = at >>> PAGE_BITS;
        // A state on a page added after this view was taken: not known here.
        if (p >= fps.length || (p === 0 && 2 * at >= fps[0].length)) return false;
        const o = 2 * (at & IN_PAGE);
        if (fps[p][o + 1] === lo && fps[p][o] === hi) return true;
      }
      slot = (slot + 1) & mask;
    }
  }
}

/** `to`, with `from` copied to its start (growing a typed array). */
export function grown<T extends Uint32Array | Int32Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

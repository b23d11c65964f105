/**
 * The duplicate index's storage (duplicate-index.ts): per-slot numbers in growable typed arrays and
 * key → slots postings in an open-addressing table of typed arrays. A run files every new item, so
 * what one slot costs is what the run's memory grows by per item (issue 11, item 3): a JS Map entry
 * per key plus an object per slot was several times these few bytes. `bytes()` counts them, so a test
 * can bound the index's memory per item without a heap snapshot.
 */

type NumberArray = Uint32Array | Float64Array;

/** A growable typed array, one entry per slot (or, for a pool, per entry appended). */
class GrowableColumn<T extends NumberArray> {
  protected data: T;
  private used = 0;
  constructor(private readonly make: (length: number) => T) {
    this.data = make(1024);
  }
  get(slot: number): number {
    return this.data[slot];
  }
  set(slot: number, value: number): void {
    if (slot >= this.data.length) {
      const grown = this.make(Math.max(this.data.length * 2, slot + 1));
      grown.set(this.data);
      this.data = grown;
    }
    this.data[slot] = value;
    if (slot >= this.used) this.used = slot + 1;
  }
  /** Appends `values` after the last entry set; returns where they start. */
  append(values: ArrayLike<number>): number {
    const start = this.used;
    for (let i = values.length - 1; i >= 0; i--) this.set(start + i, values[i]);
    return start;
  }
  /** The underlying array, for a loop over a range of it (valid until the next set). */
  get array(): T {
    return this.data;
  }
  bytes(): number {
    return this.data.byteLength;
  }
}

/** Unsigned 32-bit numbers (stored modulo 2³²). */
export class Column extends GrowableColumn<Uint32Array> {
  constructor() {
    super((length) => new Uint32Array(length));
  }
}

/** Doubles: times in ms. */
export class TimeColumn extends GrowableColumn<Float64Array> {
  constructor() {
    super((length) => new Float64Array(length));
  }
}

const NO_SLOTS: readonly number[] = [];
/** Shared by every lookup of a lone slot: read it before the next lookup (no lookup nests in another's loop). */
const LONE_SLOT: number[] = [0];
const EMPTY = 0;

/**
 * Key (uint32) → the slots filed under it. Most keys (a shingle, a SimHash band, a title token)
 * belong to one item only, so a bucket holds that slot itself (as slot + 1); a key shared by several
 * points into `lists` (as −index − 1). Linear probing, grown at 3/4 full.
 */
export class Postings {
  private keys = new Uint32Array(1024);
  private values = new Int32Array(1024);
  private readonly lists: number[][] = [];
  private listed = 0;
  private used = 0;

  /** How many keys have slots. */
  get size(): number {
    return this.used;
  }

  slotsOf(key: number): readonly number[] {
    const value = this.values[this.find(key)];
    if (value === EMPTY) return NO_SLOTS;
    if (value < 0) return this.lists[-value - 1];
    LONE_SLOT[0] = value - 1;
    return LONE_SLOT;
  }

  /** Files `slot` under `key`; filing the slot last filed there again changes nothing. */
  add(key: number, slot: number): void {
    const bucket = this.find(key);
    const value = this.values[bucket];
    if (value === EMPTY) {
      this.keys[bucket] = key;
      this.values[bucket] = slot + 1;
      if (++this.used * 4 > this.keys.length * 3) this.grow();
    } else if (value > 0) {
      if (value - 1 === slot) return;
      this.lists.push([value - 1, slot]);
      this.values[bucket] = -this.lists.length;
      this.listed += 2;
    } else {
      const list = this.lists[-value - 1];
      if (list[list.length - 1] !== slot) {
        list.push(slot);
        this.listed += 1;
      }
    }
  }

  /** The table's bytes, and 8 per slot in a shared key's list (an array element). */
  bytes(): number {
    return this.keys.byteLength + this.values.byteLength + this.listed * 8;
  }

  private find(key: number): number {
    const mask = this.keys.length - 1;
    let bucket = (Math.imul(key ^ (key >>> 16), 0x45d9f3b) >>> 0) & mask;
    while (this.values[bucket] !== EMPTY && this.keys[bucket] !== key >>> 0) bucket = (bucket + 1) & mask;
    return bucket;
  }

  private grow(): void {
    const { keys, values } = this;
    this.keys = new Uint32Array(keys.length * 2);
    this.values = new Int32Array(values.length * 2);
    for (let i = 0; i < keys.length; i++) {
      if (values[i] === EMPTY) continue;
      const bucket = this.find(keys[i]);
      this.keys[bucket] = keys[i];
      this.values[bucket] = values[i];
    }
  }
}

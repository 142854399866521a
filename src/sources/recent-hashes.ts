// A set of 64-bit hashes that remembers the most recent ones only: two
// fixed-size open-addressing tables, the current one and the one before; when
// the current one is half full it becomes the one before. Memory is fixed
// (2 x capacity x 8 bytes) however many hashes are added.

export class RecentHashes {
  private current: Uint32Array;
  private previous: Uint32Array;
  private size = 0;
  private readonly mask: number;

  /** capacity: slots per table, a power of two; about capacity/2 .. capacity hashes are remembered. */
  constructor(readonly capacity = 1 << 20) {
    if (capacity < 4 || (capacity & (capacity - 1)) !== 0) throw new Error(`RecentHashes: capacity ${capacity} is not a power of two >= 4`);
    this.mask = capacity - 1;
    // Two words per slot; (0, 0) marks an empty slot, so a hash of (0, 0) is stored as (0, 1).
    this.current = new Uint32Array(capacity * 2);
    this.previous = new Uint32Array(capacity * 2);
  }

  has(hi: number, lo: number): boolean {
    if (hi === 0 && lo === 0) lo = 1;
    return find(this.current, this.mask, hi, lo) >= 0 || find(this.previous, this.mask, hi, lo) >= 0;
  }

  /** Adds the hash; false when it was already there. */
  add(hi: number, lo: number): boolean {
    if (hi === 0 && lo === 0) lo = 1;
    if (find(this.previous, this.mask, hi, lo) >= 0) return false;
    let i = lo & this.mask;
    const t = this.current;
    for (;;) {
      const a = t[2 * i]!;
      const b = t[2 * i + 1]!;
      if (a === 0 && b === 0) break;
      if (a === hi && b === lo) return false;
      i = (i + 1) & this.mask;
    }
    t[2 * i] = hi;
    t[2 * i + 1] = lo;
    if (++this.size >= this.capacity / 2) {
      [this.previous, this.current] = [this.current, this.previous];
      this.current.fill(0);
      this.size = 0;
    }
    return true;
  }
}

function find(t: Uint32Array, mask: number, hi: number, lo: number): number {
  for (let i = lo & mask; ; i = (i + 1) & mask) {
    const a = t[2 * i]!;
    const b = t[2 * i + 1]!;
    if (a === 0 && b === 0) return -1;
    if (a === hi && b === lo) return i;
  }
}

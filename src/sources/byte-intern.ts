// Field values that repeat (contexts, applications, dial strings, dispositions,
// caller names and numbers) are decoded once: the bytes are hashed to a small
// id, a hit is confirmed by comparing bytes, and every row with those bytes
// gets the same string. Besides the decoding saved, a string seen before has
// its hash computed already, so the lookups keyed by it downstream are cheaper.

/**
 * Ids before the table starts over, so input with endless distinct values stays
 * bounded. Small on purpose: every row looks up a dozen values, and a table that
 * stays in the CPU's caches is faster than one that never starts over (a start
 * over costs one decode per value seen again).
 */
const MAX_IDS = 1 << 16;
const SLOTS = MAX_IDS * 2;
/** Longer values are rarely repeated: decoded directly. */
const MAX_BYTES = 128;

export class ByteInterner {
  /** Per slot: the hash and id + 1 side by side, so a probe reads one cache line. */
  private readonly slots = new Int32Array(SLOTS * 2);
  /** Per id: where its bytes are in the arena, and how many. */
  private readonly entries = new Int32Array(MAX_IDS * 2);
  private readonly arena = new Uint8Array(MAX_IDS * 16);
  private arenaUsed = 0;
  private readonly values: string[] = [];
  private count = 0;

  /** The value of buf[start..end): `escaped` content has "" pairs to undo (a quoted field's), bytes valid UTF-8. */
  value(buf: Buffer, start: number, end: number, escaped: boolean): string {
    const len = end - start;
    if (len === 0) return '';
    if (len > MAX_BYTES) return decode(buf, start, end, escaped);
    let h = 0x811c9dc5 | 0;
    for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i]!, 0x01000193);
    const mask = SLOTS - 1;
    const slots = this.slots, entries = this.entries, arena = this.arena;
    for (let s = (h ^ (h >>> 16)) & mask; ; s = (s + 1) & mask) {
      const id = slots[2 * s + 1]! - 1;
      if (id < 0) return this.add(s, h, buf, start, end, escaped);
      if (slots[2 * s] !== h || entries[2 * id + 1] !== len) continue;
      let p = entries[2 * id]!;
      let i = start;
      while (i < end && arena[p] === buf[i]) { p++; i++; }
      if (i === end) return this.values[id]!;
    }
  }

  private add(slot: number, h: number, buf: Buffer, start: number, end: number, escaped: boolean): string {
    const len = end - start;
    if (this.count === MAX_IDS || this.arenaUsed + len > this.arena.length) {
      this.clear();
      return this.value(buf, start, end, escaped);
    }
    const id = this.count++;
    this.slots[2 * slot] = h;
    this.slots[2 * slot + 1] = id + 1;
    this.entries[2 * id] = this.arenaUsed;
    this.entries[2 * id + 1] = len;
    this.arena.set(buf.subarray(start, end), this.arenaUsed);
    this.arenaUsed += len;
    const v = decode(buf, start, end, escaped);
    this.values[id] = v;
    return v;
  }

  private clear(): void {
    this.slots.fill(0);
    this.values.length = 0;
    this.count = 0;
    this.arenaUsed = 0;
  }
}

/** Buffer's own decoders, which toString() reaches after checking its arguments (a third of the cost of a short field). */
interface Decoders {
  latin1Slice(start: number, end: number): string;
  utf8Slice(start: number, end: number): string;
}

/** A field's string; bytes are valid UTF-8 (the reader checked the line), pure ASCII when `ascii`. */
export function decode(buf: Buffer, start: number, end: number, escaped: boolean, ascii = false): string {
  const b = buf as unknown as Decoders;
  // latin1 decodes ASCII to V8's compact one-byte strings, faster than utf8 does.
  const s = ascii || asciiOnly(buf, start, end) ? b.latin1Slice(start, end) : b.utf8Slice(start, end);
  return escaped ? s.replaceAll('""', '"') : s;
}

function asciiOnly(buf: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (buf[i]! > 127) return false;
  return true;
}

// Peak simultaneous calls of one extension. CDRs arrive roughly in END order
// (Asterisk writes a record when the call ends), so a call can overlap ones
// already seen and ones still to come. A short window of recent calls per
// extension is kept; memory stays bounded by the cap, not by the CDR count.
// The window holds MAX_RECENT calls with the new one, so a peak is at most
// MAX_RECENT: a peak of 512 reads "512 or more" (no single phone gets near it).
const MAX_RECENT = 512;

interface DayPeak {
  peak: number;
  /** Its place in ExtensionCalls.days. */
  index: number;
}

/**
 * One extension's recent calls, sorted by end (equal ends in arrival order),
 * column by column in typed arrays: a call kept for hundreds of rows would
 * otherwise be an object promoted to the old generation and collected there.
 */
interface ExtensionCalls {
  start: Float64Array;
  end: Float64Array;
  /** Calls in progress at the call's start, itself included. */
  active: Int32Array;
  /** The day the call started on, as an index into `days`. */
  day: Int32Array;
  n: number;
  days: DayPeak[];
  peaks: Map<string, DayPeak>;
  /** The day of the last call added: usually the next call's too. */
  lastDay: string;
  lastPeak: DayPeak | null;
}

function newExtension(): ExtensionCalls {
  return { start: new Float64Array(8), end: new Float64Array(8), active: new Int32Array(8), day: new Int32Array(8), n: 0, days: [], peaks: new Map(), lastDay: '', lastPeak: null };
}

export class ConcurrencyTracker {
  private readonly byExtension = new Map<string, ExtensionCalls>();

  /** Adds a call; updates the peak of the day each overlapped call started on. */
  add(extension: string, day: string, start: number, end: number): void {
    let ext = this.byExtension.get(extension);
    if (!ext) this.byExtension.set(extension, (ext = newExtension()));
    // A call that ended by `start` can neither be in progress at `start` nor
    // start during this call (calls last at least a moment), so only calls
    // ending after `start` are looked at: with calls arriving in end order,
    // a handful at the end of the list.
    let active = 1;
    for (let k = firstEndingAfter(ext, start); k < ext.n; k++) {
      const s = ext.start[k]!;
      if (s <= start && start < ext.end[k]!) active++;
      if (start <= s && s < end && s !== start) {
        const a = ++ext.active[k]!;
        const peak = ext.days[ext.day[k]!]!;
        if (a > peak.peak) peak.peak = a;
      }
    }
    let dayPeak = ext.lastDay === day ? ext.lastPeak : null;
    if (dayPeak === null) {
      dayPeak = ext.peaks.get(day) ?? null;
      if (dayPeak === null) ext.peaks.set(day, (dayPeak = newDayPeak(ext, 0)));
      ext.lastDay = day;
      ext.lastPeak = dayPeak;
    }
    insert(ext, firstEndingAfter(ext, end), start, end, active, dayPeak.index);
    if (dayPeak.peak < active) dayPeak.peak = active;
    // Full: keeps the latest-ending half, as a stable sort by end would.
    if (ext.n >= MAX_RECENT) drop(ext, ext.n - MAX_RECENT / 2);
  }

  /** Peaks by extension and day: what a parallel reader hands back to be merged. */
  peaks(): Map<string, Map<string, number>> {
    const out = new Map<string, Map<string, number>>();
    for (const [ext, calls] of this.byExtension) out.set(ext, new Map([...calls.peaks].map(([day, p]) => [day, p.peak])));
    return out;
  }

  /**
   * Takes the higher peak per extension-day. Exact when every call was seen,
   * with every call it overlaps, by some tracker: each peak counts calls that
   * really overlapped, so none is too high, and the one that saw them all is right.
   */
  mergePeaks(peaks: Map<string, Map<string, number>>): void {
    for (const [extension, days] of peaks) {
      let ext = this.byExtension.get(extension);
      if (!ext) this.byExtension.set(extension, (ext = newExtension()));
      for (const [day, peak] of days) {
        const p = ext.peaks.get(day);
        if (!p) ext.peaks.set(day, newDayPeak(ext, peak));
        else if (p.peak < peak) p.peak = peak;
      }
    }
  }

  /** Forgets every call and peak. */
  clear(): void {
    this.byExtension.clear();
  }

  peak(extension: string, day: string): number {
    return this.byExtension.get(extension)?.peaks.get(day)?.peak ?? 0;
  }
}

function newDayPeak(ext: ExtensionCalls, peak: number): DayPeak {
  const p = { peak, index: ext.days.length };
  ext.days.push(p);
  return p;
}

function insert(ext: ExtensionCalls, at: number, start: number, end: number, active: number, day: number): void {
  if (ext.n === ext.start.length) {
    const size = Math.min(ext.n * 2, MAX_RECENT);
    ext.start = grown(ext.start, new Float64Array(size));
    ext.end = grown(ext.end, new Float64Array(size));
    ext.active = grown(ext.active, new Int32Array(size));
    ext.day = grown(ext.day, new Int32Array(size));
  }
  const n = ext.n;
  if (at < n) {
    ext.start.copyWithin(at + 1, at, n);
    ext.end.copyWithin(at + 1, at, n);
    ext.active.copyWithin(at + 1, at, n);
    ext.day.copyWithin(at + 1, at, n);
  }
  ext.start[at] = start;
  ext.end[at] = end;
  ext.active[at] = active;
  ext.day[at] = day;
  ext.n = n + 1;
}

function grown<T extends Float64Array | Int32Array>(old: T, bigger: T): T {
  bigger.set(old);
  return bigger;
}

/** Forgets the `count` earliest-ending calls. */
function drop(ext: ExtensionCalls, count: number): void {
  const n = ext.n;
  ext.start.copyWithin(0, count, n);
  ext.end.copyWithin(0, count, n);
  ext.active.copyWithin(0, count, n);
  ext.day.copyWithin(0, count, n);
  ext.n = n - count;
}

/** Index of the first recent call (sorted by end) that ends after `t`. */
function firstEndingAfter(ext: ExtensionCalls, t: number): number {
  const end = ext.end;
  let lo = 0;
  let hi = ext.n;
  // Calls mostly arrive in end order: try the tail first.
  if (hi === 0 || end[hi - 1]! <= t) return hi;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (end[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Starts kept one by one per extension-day; past this, minutes are counted instead. */
const EXACT_STARTS = 2048;

/**
 * Most call starts within any `windowSeconds` of one day. Exact while the day has
 * few calls; past that a per-minute histogram keeps memory flat. Counted on
 * the epoch, not the local time of day: the hour repeated when DST ends
 * (01:05 EDT, then 01:05 EST) is an hour apart, not the same ten minutes.
 */
export class BurstCounter {
  /** Starts while the day has few calls: seconds after `origin` (4 bytes a call, not a boxed number). */
  private starts: Int32Array | null = new Int32Array(8);
  private n = 0;
  private origin = NaN;
  /** Then calls per epoch minute: minutes[i] counts minute `base + i`. */
  private minutes: Uint32Array | null = null;
  private base = 0;

  /** `start`: the call's start, epoch ms. */
  add(start: number): void {
    this.addSecond(Math.floor(start / 1000));
  }

  /**
   * Adds the starts another counter saw. The result depends only on the starts,
   * not their order: the same as one counter fed every call.
   */
  merge(other: BurstCounter): void {
    if (other.starts) {
      for (let i = 0; i < other.n; i++) this.addSecond(other.origin + other.starts[i]!);
      return;
    }
    if (this.starts) this.toMinutes(other.base);
    const m = other.minutes!;
    for (let i = 0; i < m.length; i++) if (m[i]! > 0) this.count(other.base + i, m[i]!);
  }

  /** A counter from the plain data a worker thread posted (structured clone drops the class). */
  static from(data: BurstCounter): BurstCounter {
    return Object.assign(new BurstCounter(), data);
  }

  private addSecond(second: number): void {
    let starts = this.starts;
    if (starts === null) {
      this.count(Math.floor(second / 60));
      return;
    }
    if (this.n === 0) this.origin = second;
    if (this.n === EXACT_STARTS) {
      this.toMinutes(Math.floor(second / 60));
      this.count(Math.floor(second / 60));
      return;
    }
    if (this.n === starts.length) {
      const grown = new Int32Array(starts.length * 2);
      grown.set(starts);
      this.starts = starts = grown;
    }
    starts[this.n++] = second - this.origin;
  }

  private toMinutes(minute: number): void {
    const starts = this.starts!;
    this.minutes = new Uint32Array(0);
    this.base = minute;
    this.starts = null;
    for (let i = 0; i < this.n; i++) this.count(Math.floor((this.origin + starts[i]!) / 60));
    this.n = 0;
  }

  max(windowSeconds: number): number {
    let best = 0;
    if (this.starts) {
      const s = this.starts.subarray(0, this.n).sort();
      for (let i = 0, j = 0; i < s.length; i++) {
        while (s[i]! - s[j]! >= windowSeconds) j++;
        best = Math.max(best, i - j + 1);
      }
      return best;
    }
    // Minute bins of the epoch are the local minutes (zone offsets are whole minutes).
    const m = this.minutes!;
    const width = Math.max(1, Math.round(windowSeconds / 60));
    let sum = 0;
    for (let k = 0; k < m.length; k++) {
      sum += m[k]!;
      if (k >= width) sum -= m[k - width]!;
      best = Math.max(best, sum);
    }
    return best;
  }

  private count(minute: number, calls = 1): void {
    let m = this.minutes!;
    let i = minute - this.base;
    if (i < 0 || i >= m.length) {
      // A local day spans at most ~26 hours (1,560 minutes): this grows a few times at most.
      const lo = Math.min(this.base, minute) - 60;
      const hi = Math.max(this.base + m.length, minute + 1) + 60;
      const grown = new Uint32Array(hi - lo);
      grown.set(m, this.base - lo);
      this.minutes = m = grown;
      this.base = lo;
      i = minute - lo;
    }
    m[i]! += calls;
  }
}

/**
 * Longest run of consecutive calls to numbers a few apart (…600, …601, …603):
 * the signature of an attacker probing a number range.
 */
export class SequenceTracker {
  private first: number | null = null;
  private firstLength = 0;
  private last: number | null = null;
  private lastLength = 0;
  private run = 0;
  /** Length of the first run, and whether a later call broke it: what merge() needs to join runs. */
  private firstRun = 0;
  private broken = false;
  longest = 0;

  add(e164Digits: string, maxGap = 10): void {
    const n = Number(e164Digits);
    if (this.last !== null && e164Digits.length === this.lastLength && n !== this.last && Math.abs(n - this.last) <= maxGap) {
      this.run++;
    } else if (this.last === null || n !== this.last) {
      if (this.last !== null) this.broken = true;
      this.run = 1;
    }
    if (this.first === null) {
      this.first = n;
      this.firstLength = e164Digits.length;
    }
    this.last = n;
    this.lastLength = e164Digits.length;
    if (!this.broken) this.firstRun = this.run;
    if (this.run > this.longest) this.longest = this.run;
  }

  /** Continues with the calls another tracker saw after this one's: the same result as one tracker fed both in order. */
  merge(next: SequenceTracker, maxGap = 10): void {
    if (next.first === null) return;
    if (this.last === null) {
      Object.assign(this, next);
      return;
    }
    // The run when next's first call arrives, as add() would have made it.
    const n = next.first;
    const same = n === this.last;
    const step = !same && next.firstLength === this.lastLength && Math.abs(n - this.last) <= maxGap;
    const joined = (step ? this.run + 1 : same ? this.run : 1) + next.firstRun - 1;
    const breaks = !step && !same;
    if (!this.broken && !breaks) this.firstRun = joined;
    this.broken ||= breaks || next.broken;
    this.run = next.broken ? next.run : joined;
    this.last = next.last;
    this.lastLength = next.lastLength;
    this.longest = Math.max(this.longest, next.longest, joined);
  }

  static from(data: SequenceTracker): SequenceTracker {
    return Object.assign(new SequenceTracker(), data);
  }
}

// Peak simultaneous calls of one extension. CDRs arrive roughly in END order
// (Asterisk writes a record when the call ends), so a call can overlap ones
// already seen and ones still to come. A short window of recent calls per
// extension is kept; memory stays bounded by the cap, not by the CDR count.
const MAX_RECENT = 512;

interface Open {
  start: number;
  end: number;
  /** Calls in progress at this call's start, itself included. */
  active: number;
  /** Peaks of the day this call started on (shared by the extension-day's calls). */
  dayPeak: DayPeak;
}

interface DayPeak {
  peak: number;
}

/** One extension's recent calls and its peaks per day. */
interface ExtensionCalls {
  /** Recent calls sorted by end (equal ends in arrival order). */
  list: Open[];
  peaks: Map<string, DayPeak>;
  /** The day of the last call added: usually the next call's too. */
  lastDay: string;
  lastPeak: DayPeak | null;
}

export class ConcurrencyTracker {
  private readonly byExtension = new Map<string, ExtensionCalls>();

  /** Adds a call; updates the peak of the day each overlapped call started on. */
  add(extension: string, day: string, start: number, end: number): void {
    let ext = this.byExtension.get(extension);
    if (!ext) this.byExtension.set(extension, (ext = { list: [], peaks: new Map(), lastDay: '', lastPeak: null }));
    const list = ext.list;
    // A call that ended by `start` can neither be in progress at `start` nor
    // start during this call (calls last at least a moment), so only calls
    // ending after `start` are looked at: with calls arriving in end order,
    // a handful at the end of the list.
    let active = 1;
    for (let k = firstEndingAfter(list, start); k < list.length; k++) {
      const o = list[k]!;
      if (o.start <= start && start < o.end) active++;
      if (start <= o.start && o.start < end && o.start !== start && ++o.active > o.dayPeak.peak) o.dayPeak.peak = o.active;
    }
    let dayPeak = ext.lastDay === day ? ext.lastPeak : null;
    if (dayPeak === null) {
      dayPeak = ext.peaks.get(day) ?? null;
      if (dayPeak === null) ext.peaks.set(day, (dayPeak = { peak: 0 }));
      ext.lastDay = day;
      ext.lastPeak = dayPeak;
    }
    list.splice(firstEndingAfter(list, end), 0, { start, end, active, dayPeak });
    if (dayPeak.peak < active) dayPeak.peak = active;
    // Keeps the latest-ending half, as a stable sort by end would.
    if (list.length > MAX_RECENT) list.splice(0, list.length - MAX_RECENT / 2);
  }

  /** Forgets every call and peak. */
  clear(): void {
    this.byExtension.clear();
  }

  peak(extension: string, day: string): number {
    return this.byExtension.get(extension)?.peaks.get(day)?.peak ?? 0;
  }
}

/** Index of the first call in `list` (sorted by end) that ends after `t`. */
function firstEndingAfter(list: readonly Open[], t: number): number {
  let lo = 0;
  let hi = list.length;
  // Calls mostly arrive in end order: try the tail first.
  if (hi === 0 || list[hi - 1]!.end <= t) return hi;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]!.end <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Most call starts within any `windowSeconds` of one day. Exact while the day has
 * few calls; past that a per-minute histogram keeps memory flat. Counted on
 * the epoch, not the local time of day: the hour repeated when DST ends
 * (01:05 EDT, then 01:05 EST) is an hour apart, not the same ten minutes.
 */
export class BurstCounter {
  /** Epoch seconds of the starts while the day has few calls. */
  private starts: number[] | null = [];
  /** Then calls per epoch minute: minutes[i] counts minute `base + i`. */
  private minutes: Uint32Array | null = null;
  private base = 0;

  /** `start`: the call's start, epoch ms. */
  add(start: number): void {
    const second = Math.floor(start / 1000);
    if (this.starts) {
      this.starts.push(second);
      if (this.starts.length > 2048) {
        this.minutes = new Uint32Array(0);
        this.base = Math.floor(second / 60);
        for (const s of this.starts) this.count(Math.floor(s / 60));
        this.starts = null;
      }
    } else {
      this.count(Math.floor(second / 60));
    }
  }

  max(windowSeconds: number): number {
    let best = 0;
    if (this.starts) {
      const s = this.starts.sort((a, b) => a - b);
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

  private count(minute: number): void {
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
    m[i]!++;
  }
}

/**
 * Longest run of consecutive calls to numbers a few apart (…600, …601, …603):
 * the signature of an attacker probing a number range.
 */
export class SequenceTracker {
  private last: number | null = null;
  private lastLength = 0;
  private run = 0;
  longest = 0;

  add(e164Digits: string, maxGap = 10): void {
    const n = Number(e164Digits);
    if (this.last !== null && e164Digits.length === this.lastLength && n !== this.last && Math.abs(n - this.last) <= maxGap) {
      this.run++;
    } else if (this.last === null || n !== this.last) {
      this.run = 1;
    }
    this.last = n;
    this.lastLength = e164Digits.length;
    if (this.run > this.longest) this.longest = this.run;
  }
}

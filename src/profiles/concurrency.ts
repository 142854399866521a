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
  day: string;
}

export class ConcurrencyTracker {
  private readonly recent = new Map<string, Open[]>();
  private readonly peaks = new Map<string, number>();

  /** Adds a call; updates the peak of the day each overlapped call started on. */
  add(extension: string, day: string, start: number, end: number): void {
    let list = this.recent.get(extension);
    if (!list) this.recent.set(extension, (list = []));
    let active = 1;
    for (const o of list) {
      if (o.start <= start && start < o.end) active++;
      if (start <= o.start && o.start < end && o.start !== start) this.raise(extension, o.day, ++o.active);
    }
    list.push({ start, end, active, day });
    this.raise(extension, day, active);
    if (list.length > MAX_RECENT) {
      list.sort((a, b) => a.end - b.end);
      list.splice(0, list.length - MAX_RECENT / 2);
    }
  }

  peak(extension: string, day: string): number {
    return this.peaks.get(`${extension}|${day}`) ?? 0;
  }

  private raise(extension: string, day: string, n: number): void {
    const key = `${extension}|${day}`;
    if ((this.peaks.get(key) ?? 0) < n) this.peaks.set(key, n);
  }
}

/**
 * Most call starts within any `windowSeconds` of one day. Exact while the day has
 * few calls; past that a per-minute histogram keeps memory flat.
 */
export class BurstCounter {
  private starts: number[] | null = [];
  private minutes: Uint32Array | null = null;

  add(secondOfDay: number): void {
    if (this.starts) {
      this.starts.push(secondOfDay);
      if (this.starts.length > 2048) {
        this.minutes = new Uint32Array(1440);
        for (const s of this.starts) this.minutes[Math.min(1439, Math.floor(s / 60))]!++;
        this.starts = null;
      }
    } else {
      this.minutes![Math.min(1439, Math.floor(secondOfDay / 60))]!++;
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
    const width = Math.max(1, Math.round(windowSeconds / 60));
    let sum = 0;
    for (let m = 0; m < 1440; m++) {
      sum += this.minutes![m]!;
      if (m >= width) sum -= this.minutes![m - width]!;
      best = Math.max(best, sum);
    }
    return best;
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

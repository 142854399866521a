// Which local days the input actually holds. A day without a single CDR is not
// a quiet day: the feed may be broken, the file rotated away or the window
// wrong, so the report says so and the state store keeps what it had.
import { addDays, eachDay, type PbxClock } from '../time/pbx-clock.js';
import type { DayRange } from '../sources/cdr.js';

export class DayCoverage {
  private readonly days: string[];
  /** Epoch ms of each day's local midnight, and of the midnight after the last. */
  private readonly starts: number[];
  private readonly rows: number[];
  private last = 0;

  constructor(range: DayRange, clock: PbxClock) {
    this.days = [...eachDay(range.from, range.to)];
    this.starts = [...this.days, addDays(range.to, 1)].map((d) => clock.startOfDay(d));
    this.rows = this.days.map(() => 0);
  }

  /** Counts a row by its start; returns the day's index, or -1 outside the range. */
  add(start: number): number {
    let i = this.last;
    // Rows come roughly in order: try the day of the previous row first.
    if (!(start >= this.starts[i]! && start < this.starts[i + 1]!)) {
      let lo = 0;
      let hi = this.days.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (start < this.starts[mid + 1]!) hi = mid;
        else lo = mid + 1;
      }
      if (lo >= this.days.length || start < this.starts[lo]!) return -1;
      i = this.last = lo;
    }
    this.rows[i]!++;
    return i;
  }

  /** Rows per day, for another thread's coverage of the same range to merge(). */
  snapshot(): number[] {
    return this.rows.slice();
  }

  merge(rows: readonly number[]): void {
    for (let i = 0; i < this.rows.length; i++) this.rows[i]! += rows[i]!;
  }

  indexOf(day: string): number {
    return this.days.indexOf(day);
  }

  covered(day: string): boolean {
    const i = this.days.indexOf(day);
    return i >= 0 && this.rows[i]! > 0;
  }

  /** Days of `range` with no row at all. */
  missing(range: DayRange): string[] {
    return this.days.filter((d, i) => d >= range.from && d <= range.to && this.rows[i] === 0);
  }
}

/** Consecutive runs of days, e.g. to replace stored days range by range. */
export function dayRuns(days: readonly string[]): DayRange[] {
  const runs: DayRange[] = [];
  for (const d of [...days].sort()) {
    const last = runs[runs.length - 1];
    if (last && addDays(last.to, 1) === d) last.to = d;
    else runs.push({ from: d, to: d });
  }
  return runs;
}

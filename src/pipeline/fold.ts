// What a report keeps of each CDR it reads: the enriched call folded into its
// extension's daily profile, the row counted by direction and by day. One
// fold reads every row in order, or several read parts of the files on
// worker threads and are merged in the order of the rows.
import type { Direction } from '../enrichment/call.js';
import type { Enriched } from '../enrichment/enrich.js';
import { type AccumulatorSnapshot, byDayThenExtension, ProfileAccumulator } from '../profiles/accumulator.js';
import type { DailyProfile } from '../profiles/daily-profile.js';
import type { Cdr, DayRange } from '../sources/cdr.js';
import type { PbxClock } from '../time/pbx-clock.js';
import { DayCoverage } from './day-coverage.js';

export type DirectionCounts = Record<Direction, number>;

export interface FoldSnapshot {
  accumulator: AccumulatorSnapshot;
  /** Profiles of the days no other fold holds, finished where they were folded. */
  finished: DailyProfile[];
  counts: DirectionCounts;
  coverage: number[];
}

export class ReportFold {
  readonly accumulator: ProfileAccumulator;
  /** Rows in the window by direction (the lookback is read but not counted). */
  readonly counts: DirectionCounts = { outbound: 0, internal: 0, inbound: 0, leg: 0, blocked: 0 };
  readonly coverage: DayCoverage;
  private readonly firstWindowDay: number;
  private readonly finished: DailyProfile[] = [];

  /** `readDays`: the window and its lookback. */
  constructor(
    private readonly clock: PbxClock,
    private readonly enrich: (cdr: Cdr) => Enriched,
    readDays: DayRange,
    window: DayRange,
  ) {
    this.accumulator = new ProfileAccumulator((t) => clock.iso(t));
    this.coverage = new DayCoverage(readDays, clock);
    this.firstWindowDay = this.coverage.indexOf(window.from);
  }

  /** Folds one row in; returns its enrichment. */
  add(cdr: Cdr): Enriched {
    const e = this.enrich(cdr);
    if (this.coverage.add(cdr.start) >= this.firstWindowDay) this.counts[e.direction]++;
    if (e.direction === 'outbound') this.accumulator.add(e.call);
    else if (e.direction === 'blocked') {
      const local = this.clock.local(cdr.start);
      this.accumulator.addBlocked(e.route.identity!.endpoint, local.day, local.weekday);
    }
    return e;
  }

  /** A row another fold owns, read only for the calls it overlaps. */
  addOverlap(cdr: Cdr): void {
    const e = this.enrich(cdr);
    if (e.direction === 'outbound') this.accumulator.addConcurrency(e.call);
  }

  /**
   * Line numbers of a share that started mid-file were counted from 1 and
   * marked ("Master.csv:+17"); `base` is the real number of its first line.
   */
  rebaseLines(base: number): void {
    this.accumulator.mapOrigins((origin) => origin.replace(/:\+(\d+)$/, (_, n: string) => `:${base + Number(n) - 1}`));
  }

  /** Days with at least one profile here; a parallel read finishes the days only one fold holds where they were folded. */
  heldDays(): Set<string> {
    return this.accumulator.heldDays();
  }

  /** Finishes the days no other fold holds (a parallel read's folds do it each on its own thread). */
  finishExcept(shared: ReadonlySet<string>): void {
    this.finished.push(...this.accumulator.finishExcept(shared));
  }

  /** For merge() into another fold: the finished profiles and the working state of the days left open. */
  snapshot(): FoldSnapshot {
    return { accumulator: this.accumulator.snapshot(), finished: this.finished, counts: this.counts, coverage: this.coverage.snapshot() };
  }

  /** Adds a fold of the rows after this one's. */
  merge(s: FoldSnapshot): void {
    this.accumulator.merge(s.accumulator);
    this.finished.push(...s.finished);
    for (const k of Object.keys(this.counts) as Direction[]) this.counts[k] += s.counts[k];
    this.coverage.merge(s.coverage);
  }

  /** Every extension-day's profile, sorted by day then extension; the fold is spent. */
  takeProfiles(): DailyProfile[] {
    const own = this.accumulator.takeProfiles();
    if (this.finished.length === 0) return own;
    return [...own, ...this.finished].sort(byDayThenExtension);
  }
}

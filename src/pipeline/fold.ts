// What a report keeps of each CDR it reads: the enriched call folded into its
// extension's daily profile, the row counted by direction and by day. One
// fold reads every row in order, or several read parts of the files on
// worker threads and are merged in the order of the rows. Calls of Local
// channels wait until every row is read, to be paired with the calls that
// made them (forwards.ts), and the trunks the rows name are collected.
import type { PbxConfig } from '../config/pbx.js';
import type { Direction } from '../enrichment/call.js';
import type { Enriched } from '../enrichment/enrich.js';
import { ForwardPairing, type PairingSnapshot } from '../enrichment/forwards.js';
import { type AccumulatorSnapshot, byDayThenExtension, ProfileAccumulator } from '../profiles/accumulator.js';
import type { DailyProfile } from '../profiles/daily-profile.js';
import type { Cdr, DayRange } from '../sources/cdr.js';
import type { PbxClock } from '../time/pbx-clock.js';
import { DayCoverage } from './day-coverage.js';
import { BLOCKED_LISTED, type BlockedAttempt } from '../actions/report/report.js';
import { extensionKey, recogniseTrunks, TrunkEvidence } from '../enrichment/caller.js';

export type DirectionCounts = Record<Direction, number>;

export interface FoldSnapshot {
  accumulator: AccumulatorSnapshot;
  /** Profiles of the days no other fold holds, finished where they were folded. */
  finished: DailyProfile[];
  counts: DirectionCounts;
  coverage: number[];
  /** Local channels' calls (tagged: in the window) and their partners. */
  forwards: PairingSnapshot<boolean>;
  trunks: string[];
  blocked: BlockedAttempt[];
}

export class ReportFold {
  readonly accumulator: ProfileAccumulator;
  /** Rows in the window by direction (the lookback is read but not counted). */
  readonly counts: DirectionCounts = { outbound: 0, internal: 0, inbound: 0, leg: 0, blocked: 0 };
  readonly coverage: DayCoverage;
  private readonly firstWindowDay: number;
  private readonly finished: DailyProfile[] = [];
  private readonly forwards: ForwardPairing<boolean>;
  private readonly trunks = new TrunkEvidence();
  /** The window's blocked attempts, in row order (at most BLOCKED_LISTED). */
  readonly blocked: BlockedAttempt[] = [];

  /** `readDays`: the window and its lookback. */
  constructor(
    private readonly clock: PbxClock,
    private readonly enrich: (cdr: Cdr) => Enriched,
    readDays: DayRange,
    window: DayRange,
    private readonly pbx: Pick<PbxConfig, 'extensionMaxDigits' | 'allowedForwards' | 'trunks'>,
  ) {
    this.accumulator = new ProfileAccumulator((t) => clock.iso(t));
    this.coverage = new DayCoverage(readDays, clock);
    this.firstWindowDay = this.coverage.indexOf(window.from);
    this.forwards = new ForwardPairing(pbx);
  }

  /** Folds one row in; returns its enrichment. */
  add(cdr: Cdr): Enriched {
    const e = this.enrich(cdr);
    const inWindow = this.coverage.add(cdr.start) >= this.firstWindowDay;
    this.forwards.note(cdr, e);
    this.trunks.note(e);
    if (e.direction === 'outbound') {
      if (e.call.local) {
        this.forwards.hold(e.call, inWindow);
        return e;
      }
      this.accumulator.add(e.call);
    } else if (e.direction === 'blocked') {
      const local = this.clock.local(cdr.start);
      const extension = extensionKey(e.route.identity!.endpoint);
      this.accumulator.addBlocked(extension, local.day, local.weekday);
      // The dialplan keeps the number dialled in dst: reports say where blocked attempts went.
      if (inWindow && this.blocked.length < BLOCKED_LISTED) this.blocked.push({ extension, time: this.clock.iso(cdr.start), dialled: cdr.dst });
    }
    if (inWindow) this.counts[e.direction]++;
    return e;
  }

  /** A row another fold owns, read only for the calls it overlaps. */
  addOverlap(cdr: Cdr): void {
    const e = this.enrich(cdr);
    // A Local channel's call is counted by the fold that owns it, with all its calls, once paired.
    if (e.direction === 'outbound' && !e.call.local) this.accumulator.addConcurrency(e.call);
  }

  /** Trunks named by the rows so far (TRUNKS aside): see recogniseTrunks. */
  trunksSeen(): ReadonlySet<string> {
    return this.trunks.names;
  }

  /**
   * Line numbers of a share that started mid-file were counted from 1 and
   * marked ("Master.csv:+17"); `base` is the real number of its first line.
   */
  rebaseLines(base: number): void {
    const rebase = (origin: string) => origin.replace(/:\+(\d+)$/, (_, n: string) => `:${base + Number(n) - 1}`);
    this.accumulator.mapOrigins(rebase);
    this.forwards.mapOrigins(rebase);
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
    return {
      accumulator: this.accumulator.snapshot(),
      finished: this.finished,
      counts: this.counts,
      coverage: this.coverage.snapshot(),
      forwards: this.forwards.snapshot(),
      trunks: [...this.trunks.names],
      blocked: this.blocked,
    };
  }

  /** Adds a fold of the rows after this one's. */
  merge(s: FoldSnapshot): void {
    this.accumulator.merge(s.accumulator);
    this.finished.push(...s.finished);
    for (const k of Object.keys(this.counts) as Direction[]) this.counts[k] += s.counts[k];
    this.coverage.merge(s.coverage);
    this.forwards.merge(s.forwards);
    for (const t of s.trunks) this.trunks.add(t);
    for (const b of s.blocked) if (this.blocked.length < BLOCKED_LISTED) this.blocked.push(b);
  }

  /**
   * Every extension-day's profile, sorted by day then extension, the forwards'
   * included (paired now that every row is read, and counted); the fold is spent.
   */
  takeProfiles(): DailyProfile[] {
    const forwards = this.takeForwards();
    const own = this.accumulator.takeProfiles();
    if (this.finished.length === 0 && forwards.length === 0) return own;
    return [...own, ...this.finished, ...forwards].sort(byDayThenExtension);
  }

  /** Forward keys are never an extension's or a direct hairpin's: their profiles need no other call. */
  private takeForwards(): DailyProfile[] {
    if (this.forwards.holding === 0) return [];
    const acc = new ProfileAccumulator((t) => this.clock.iso(t));
    const trunks = new Set(recogniseTrunks(this.pbx, this.trunks.names));
    for (const { call, tag: inWindow } of this.forwards.resolve(trunks)) {
      // null: the Local channel carried an extension's own call, counted on the extension's record.
      if (inWindow) this.counts[call ? 'outbound' : 'leg']++;
      if (call) acc.add(call);
    }
    return acc.takeProfiles();
  }
}

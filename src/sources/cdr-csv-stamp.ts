// Fast front for PbxClock.parseNaive on cdr_csv stamps ("YYYY-MM-DD HH:MM:SS").
// A file holds few distinct hours and rows come roughly in time order, so the
// hour is parsed (and zoned) by the clock once and minutes/seconds are added
// by hand. Same result as clock.parseNaive, which also zones per local hour.
import type { PbxClock } from '../time/pbx-clock.js';
import { detach } from '../text/detach.js';

export class StampParser {
  private lastHour = '';
  private lastBase = 0;
  private readonly hours = new Map<string, number>();

  constructor(private readonly clock: PbxClock, private readonly gmt: boolean) {}

  /** The second reading of a local stamp in the hour repeated when DST ends; null when there is none (or stamps are GMT). */
  later(epochMs: number): number | null {
    return this.gmt ? null : this.clock.laterReading(epochMs);
  }

  /** Epoch ms, or NaN when the stamp is malformed. */
  parse(stamp: string): number {
    if (stamp.length !== 19) return this.clock.parseNaive(stamp, this.gmt);
    const ms = minutesSeconds(stamp);
    if (ms < 0) return NaN;
    if (this.lastHour !== '' && stamp.startsWith(this.lastHour)) return this.lastBase + ms;
    const hour = detach(stamp.slice(0, 13));
    let base = this.hours.get(hour);
    if (base === undefined) {
      base = this.clock.parseNaive(`${hour}:00:00`, this.gmt);
      if (this.hours.size > 10_000) this.hours.clear();
      this.hours.set(hour, base);
    }
    if (Number.isNaN(base)) return NaN;
    this.lastHour = hour;
    this.lastBase = base;
    return base + ms;
  }
}

/** A record's times as parsed: in the hour repeated when DST ends, each read as its first instant. */
export interface CallTimes {
  start: number;
  answer: number | null;
  end: number;
}

/**
 * Asterisk writes local stamps without an offset, so a call in the hour repeated
 * when DST ends (01:50 EDT to 01:10 EST) reads as ending before it started, or an
 * hour too long. When start to end does not match the duration, the readings of
 * start and end that do are taken, and the answer's that fits billsec; a record
 * that no reading mends is left as it is, for timingProblem to judge.
 */
export function settleRepeatedHour(stamps: StampParser, t: CallTimes, duration: number, billsec: number): void {
  // Asterisk's duration is whole seconds of end - start: nearly every record ends here.
  const want = duration * 1000;
  if (t.end - t.start >= want - 1000 && t.end - t.start <= want + 1000) return;
  const fits = (start: number, end: number) => end - start >= want - 1000 && end - start <= want + 1000;
  const laterStart = stamps.later(t.start);
  const laterEnd = stamps.later(t.end);
  if (laterStart === null && laterEnd === null) return;
  const starts = laterStart === null ? [t.start] : [t.start, laterStart];
  const ends = laterEnd === null ? [t.end] : [t.end, laterEnd];
  for (const start of starts) {
    for (const end of ends) {
      if (!fits(start, end)) continue;
      // The answer's second reading, when it falls within the call and matches billsec (answer to end) better.
      const answer = t.answer === null ? null : stamps.later(t.answer);
      if (answer !== null && answer >= start && answer <= end) {
        const miss = (a: number) => Math.abs(end - a - billsec * 1000);
        if (t.answer! < start || miss(answer) < miss(t.answer!)) t.answer = answer;
      }
      t.start = start;
      t.end = end;
      return;
    }
  }
}

/** ":MM:SS" at positions 13..18 as milliseconds, -1 when malformed (same bounds as parseNaive). */
function minutesSeconds(s: string): number {
  if (s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return -1;
  const m1 = s.charCodeAt(14) - 48, m2 = s.charCodeAt(15) - 48, s1 = s.charCodeAt(17) - 48, s2 = s.charCodeAt(18) - 48;
  if (m1 < 0 || m1 > 9 || m2 < 0 || m2 > 9 || s1 < 0 || s1 > 9 || s2 < 0 || s2 > 9) return -1;
  const minute = m1 * 10 + m2, second = s1 * 10 + s2;
  if (minute > 59 || second > 60) return -1;
  return minute * 60_000 + second * 1000;
}

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

/** ":MM:SS" at positions 13..18 as milliseconds, -1 when malformed (same bounds as parseNaive). */
function minutesSeconds(s: string): number {
  if (s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return -1;
  const m1 = s.charCodeAt(14) - 48, m2 = s.charCodeAt(15) - 48, s1 = s.charCodeAt(17) - 48, s2 = s.charCodeAt(18) - 48;
  if (m1 < 0 || m1 > 9 || m2 < 0 || m2 > 9 || s1 < 0 || s1 > 9 || s2 < 0 || s2 > 9) return -1;
  const minute = m1 * 10 + m2, second = s1 * 10 + s2;
  if (minute > 59 || second > 60) return -1;
  return minute * 60_000 + second * 1000;
}

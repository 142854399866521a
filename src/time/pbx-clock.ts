// Local time on the PBX. Asterisk writes naive "YYYY-MM-DD HH:MM:SS" stamps in
// the server's zone (or GMT with usegmtime=yes); profiles are per local day.
// Zone offsets come from luxon and are cached per hour / quarter hour, because
// a 10M-row file holds few distinct hours and Intl lookups are slow.
import { DateTime, IANAZone } from 'luxon';

export interface LocalTime {
  /** YYYY-MM-DD in the PBX zone. */
  day: string;
  /** Seconds since local midnight. */
  secondOfDay: number;
  /** ISO weekday, 1 = Monday ... 7 = Sunday. */
  weekday: number;
}

const NAIVE = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?$/;

export function isValidTimeZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

export function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

export class PbxClock {
  private readonly offsetByLocalHour = new Map<string, number>();
  private readonly localByQuarter = new Map<number, { day: string; quarterStartSecond: number; weekday: number }>();
  private lastQuarter = NaN;
  private lastLocal: { day: string; quarterStartSecond: number; weekday: number } | undefined = undefined;
  private readonly offsetByUtcHour = new Map<number, number>();
  private readonly iana: IANAZone;

  constructor(readonly zone: string) {
    if (!isValidTimeZone(zone)) throw new Error(`unknown timezone "${zone}"`);
    this.iana = IANAZone.create(zone);
  }

  /**
   * The zone's offset (ms) at an instant, as luxon gives it, with one Intl
   * lookup per UTC hour: an hour that starts and ends on the same offset has it
   * throughout (no zone changes offset twice within an hour).
   */
  private offsetAt(epochMs: number): number {
    const hour = Math.floor(epochMs / 3_600_000);
    const start = this.hourOffset(hour);
    return start === this.hourOffset(hour + 1) ? start : this.iana.offset(epochMs) * 60_000;
  }

  private hourOffset(hour: number): number {
    let offset = this.offsetByUtcHour.get(hour);
    if (offset === undefined) {
      offset = this.iana.offset(hour * 3_600_000) * 60_000;
      if (this.offsetByUtcHour.size > 100_000) this.offsetByUtcHour.clear();
      this.offsetByUtcHour.set(hour, offset);
    }
    return offset;
  }

  /**
   * Epoch ms of a naive stamp. With gmt=false it is local PBX time; in the
   * repeated hour after a DST change the earlier instant is taken (Asterisk
   * does not record which was meant). Returns NaN when the stamp is malformed.
   */
  parseNaive(stamp: string, gmt: boolean): number {
    const m = NAIVE.exec(stamp);
    if (!m) return NaN;
    const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as [number, number, number, number, number, number];
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return NaN;
    const asUtc = Date.UTC(y, mo - 1, d, h, mi, s);
    const check = new Date(asUtc);
    if (check.getUTCDate() !== d) return NaN; // 2026-02-30 and the like
    if (gmt) return asUtc;
    const hourKey = stamp.slice(0, 13);
    let offset = this.offsetByLocalHour.get(hourKey);
    if (offset === undefined) {
      const local = DateTime.fromObject({ year: y, month: mo, day: d, hour: h }, { zone: this.zone });
      offset = local.offset * 60_000;
      // In the repeated hour luxon picks the later instant; the offset in force an hour
      // before gives the earlier one when it names the same local hour.
      const hourUtc = Date.UTC(y, mo - 1, d, h);
      const before = this.offsetAt(hourUtc - offset - 3_600_000);
      if (before > offset && wallClock(hourUtc - before, this.offsetAt(hourUtc - before)).getUTCHours() === h) offset = before;
      this.offsetByLocalHour.set(hourKey, offset);
    }
    return asUtc - offset;
  }

  /**
   * The second instant that reads as the same wall-clock time as `epochMs` (its
   * repeat in the hour after DST ends), or null when that time does not repeat.
   * parseNaive takes the first; a call's duration can say the second was meant.
   */
  laterReading(epochMs: number): number | null {
    const offset = this.offsetAt(epochMs);
    // Zones move back by at most a few hours, and never twice within them.
    const after = this.offsetAt(epochMs + 4 * 3_600_000);
    if (after >= offset) return null;
    const later = epochMs + (offset - after);
    return this.offsetAt(later) === after ? later : null;
  }

  /** Local day, time of day and weekday of an instant. */
  local(epochMs: number): LocalTime {
    const t = { secondOfDay: 0, weekday: 0 };
    const day = this.localInto(epochMs, t);
    return { day, secondOfDay: t.secondOfDay, weekday: t.weekday };
  }

  /**
   * local() without allocating, for the CDR hot path: returns the day and
   * writes the time of day and weekday into `out` (reused by the caller).
   */
  localInto(epochMs: number, out: { secondOfDay: number; weekday: number }): string {
    const quarter = Math.floor(epochMs / 900_000);
    let q = this.lastQuarter === quarter ? this.lastLocal : undefined;
    if (q === undefined) {
      q = this.localByQuarter.get(quarter);
      if (q === undefined) {
        const start = quarter * 900_000;
        const wall = wallClock(start, this.offsetAt(start));
        const year = wall.getUTCFullYear();
        q = {
          // luxon's toISODate, which writes years outside 0-9999 with six digits.
          day: year >= 0 && year <= 9999 ? wall.toISOString().slice(0, 10) : DateTime.fromMillis(start, { zone: this.zone }).toISODate()!,
          quarterStartSecond: wall.getUTCHours() * 3600 + wall.getUTCMinutes() * 60,
          weekday: wall.getUTCDay() || 7,
        };
        if (this.localByQuarter.size > 100_000) this.localByQuarter.clear();
        this.localByQuarter.set(quarter, q);
      }
      // Rows come roughly in time order: the same quarter hour, row after row.
      this.lastQuarter = quarter;
      this.lastLocal = q;
    }
    out.secondOfDay = q.quarterStartSecond + Math.floor((epochMs - quarter * 900_000) / 1000);
    out.weekday = q.weekday;
    return q.day;
  }

  /** Epoch ms of local midnight starting `day`. */
  startOfDay(day: string): number {
    return DateTime.fromISO(day, { zone: this.zone }).startOf('day').toMillis();
  }

  /** The local day `now` falls on. */
  today(now: Date = new Date()): string {
    return this.local(now.getTime()).day;
  }

  /** ISO string with the PBX offset, e.g. 2026-10-30T01:20:00-04:00. */
  iso(epochMs: number): string {
    return DateTime.fromMillis(epochMs, { zone: this.zone }).toISO({ suppressMilliseconds: true })!;
  }
}

/** The local wall-clock time of an instant, read with the Date's UTC getters (as luxon does). */
function wallClock(epochMs: number, offsetMs: number): Date {
  return new Date(epochMs + offsetMs);
}

/** Calendar arithmetic on YYYY-MM-DD strings (no zone involved). */
export function addDays(day: string, n: number): string {
  const t = Date.parse(`${day}T00:00:00Z`) + n * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function* eachDay(from: string, to: string): Generator<string> {
  for (let d = from; d <= to; d = addDays(d, 1)) yield d;
}

export function isoWeekday(day: string): number {
  const w = new Date(`${day}T00:00:00Z`).getUTCDay();
  return w === 0 ? 7 : w;
}

export const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

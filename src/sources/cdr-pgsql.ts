// CDR source for the table Asterisk's cdr_pgsql writes. Streams through a
// server-side cursor; the day window is a parameterised predicate on the start
// (or calldate) column, so an index on it serves the query:
//   CREATE INDEX cdr_start_idx ON cdr (start);      -- modern layout
//   CREATE INDEX cdr_calldate_idx ON cdr (calldate); -- older layout
// Incremental reads keep a high-water mark on the END time (rows are written
// when calls end, so a long call that began before the mark still arrives
// after it), re-read an overlap window for rows written late, and skip the
// rows of that window already read, by key (uniqueid + sequence, or a hash).
import { createHash } from 'node:crypto';
import pg from 'pg';
import type { CdrColumnField } from '../config/cdr-pgsql.js';
import { redactUrl } from '../config/load.js';
import { addDays, type PbxClock } from '../time/pbx-clock.js';
import { type Cdr, type CdrSource, type DayRange, InputError, type ReadOptions, type SourceStats, timingProblem } from './cdr.js';
import { parseSeconds, toDisposition } from './cdr-csv-row.js';
import { StampParser } from './cdr-csv-stamp.js';
import { describePgError } from './pg-errors.js';
import { type CdrLayout, detectLayout, tableRef, type TableRef } from './pg-columns.js';

export interface PgSourceOptions {
  url: string;
  /** table or schema.table; default cdr. */
  table?: string;
  /** Cdr field -> column, for columns not named as Asterisk names them. */
  columns?: Partial<Record<CdrColumnField, string>>;
  clock: PbxClock;
  /** cdr.conf usegmtime=yes: naive timestamp columns hold UTC. */
  gmt?: boolean;
  /** The position() of an earlier read: only rows not read then are read now. */
  since?: string | null;
  /** Minutes before the mark that are read again for rows written late (default 120). */
  overlapMinutes?: number;
  batchSize?: number;
}

export interface PgSource extends CdrSource {
  /** schema.table as configured: the ingest position's `source`. */
  readonly table: string;
  /** Rows skipped because an earlier read (`since`) already had them. */
  readonly rowsAlreadySeen: number;
  /** After read(): where the next incremental read starts (IngestPosition.position), or null if nothing was read. */
  position(): string | null;
}

const FIELDS = ['accountcode', 'src', 'dst', 'dcontext', 'clid', 'channel', 'dstchannel', 'lastapp', 'lastdata', 'start', 'answer', 'end', 'duration', 'billsec', 'disposition', 'amaflags', 'uniqueid', 'userfield', 'linkedid', 'sequence'] as const;
const AMAFLAGS: Record<string, string> = { '1': 'OMIT', '2': 'BILLING', '3': 'DOCUMENTATION' };
/** Every value arrives as PostgreSQL's text form; we parse what we need. */
const RAW_TYPES = { getTypeParser: () => (v: string) => v };

interface Position {
  v: 1;
  mark: string;
  keys: string[];
}

export function createPgSource(options: PgSourceOptions): PgSource {
  return new PgSourceImpl(options);
}

class PgSourceImpl implements PgSource {
  readonly description: string;
  readonly table: string;
  readonly stats: SourceStats = { rowsRead: 0, rowsQuarantined: 0, rowsOutsideWindow: 0 };
  rowsAlreadySeen = 0;
  private readonly ref: TableRef;
  private readonly since: Position | null;
  private next: string | null = null;

  constructor(private readonly options: PgSourceOptions) {
    if (!options.url) throw new InputError('CDR source postgres: no database URL (set CDR_DATABASE_URL)');
    this.table = options.table ?? 'cdr';
    this.ref = tableRef(this.table);
    this.description = `cdr_pgsql ${this.table} at ${redactUrl(options.url)}`;
    this.since = options.since ? parsePosition(options.since, this.description) : null;
  }

  position(): string | null {
    return this.next;
  }

  async *read({ days, onBadRow }: ReadOptions): AsyncGenerator<Cdr[]> {
    const o = this.options;
    this.stats.rowsRead = this.stats.rowsQuarantined = this.stats.rowsOutsideWindow = 0;
    this.rowsAlreadySeen = 0;
    this.next = null;
    const client = new pg.Client({ connectionString: o.url, connectionTimeoutMillis: 10_000, application_name: 'tollguard' });
    client.on('error', () => undefined); // surfaces through the pending query
    try {
      await client.connect();
    } catch (e) {
      await client.end().catch(() => undefined);
      throw new InputError(`${this.description}: cannot connect: ${describePgError(e)}`);
    }
    try {
      const layout = await this.guard(detectLayout(client, this.ref, o.columns ?? {}));
      const { sql, params, fields } = this.query(layout, days);
      await this.guard(client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY'));
      await this.guard(client.query(`DECLARE tollguard_cdr NO SCROLL CURSOR FOR ${sql}`, params));
      const convert = new RowConverter(o.clock, o.gmt ?? false, layout, fields, this.ref.name, days, onBadRow, this.stats);
      const marks = new MarkTracker(o.clock, this.since, (o.overlapMinutes ?? 120) * 60_000);
      const fetch = `FETCH FORWARD ${Math.max(1, Math.floor(o.batchSize ?? 2000))} FROM tollguard_cdr`;
      const hw = fields.length; // the high-water column comes after the fields
      for (;;) {
        const res = await this.guard(client.query<string[]>({ text: fetch, rowMode: 'array', types: RAW_TYPES }));
        if (res.rows.length === 0) break;
        const batch: Cdr[] = [];
        for (const row of res.rows) {
          const key = convert.key(row);
          if (marks.seen(key, row[hw] ?? null)) {
            this.rowsAlreadySeen++;
            continue;
          }
          const cdr = convert.toCdr(row, key);
          if (cdr) batch.push(cdr);
        }
        if (batch.length) yield batch;
      }
      await this.guard(client.query('COMMIT'));
      this.next = marks.position();
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  /** PostgreSQL failures become InputError naming the table; errors from onBadRow pass through. */
  private async guard<T>(p: Promise<T>): Promise<T> {
    try {
      return await p;
    } catch (e) {
      if (e instanceof InputError) throw e;
      throw new InputError(`${this.description}: ${describePgError(e)}`);
    }
  }

  private query(layout: CdrLayout, days: DayRange): { sql: string; params: unknown[]; fields: CdrColumnField[] } {
    const c = layout.columns;
    const utc = (col: string) => (layout.withZone ? `(${col} AT TIME ZONE 'UTC')` : col);
    const fields = FIELDS.filter((f) => c[f]);
    const select = fields.map((f) => (f === 'start' || f === 'answer' || f === 'end' ? utc(c[f]!) : c[f]!));
    const endSql = c.end ?? `(${c.start} + make_interval(secs => ${c.duration}::double precision))`;
    const hwSql = `COALESCE(${endSql}, ${c.start})`;
    select.push(utc(hwSql));
    const cast = layout.withZone ? 'timestamptz' : 'timestamp';
    const params: unknown[] = [this.bound(days.from, layout), this.bound(addDays(days.to, 1), layout)];
    let sql = `SELECT ${select.join(', ')} FROM ${this.ref.sql} WHERE ${c.start} >= $1::${cast} AND ${c.start} < $2::${cast}`;
    if (this.since) {
      const mark = layout.withZone ? `($3::timestamp AT TIME ZONE 'UTC')` : '$3::timestamp';
      sql += ` AND ${hwSql} >= ${mark} - make_interval(mins => $4)`;
      params.push(this.since.mark, Math.ceil((this.options.overlapMinutes ?? 120) + 1));
    }
    return { sql, params, fields };
  }

  /** Local midnight of `day` as the column compares it: a naive local (or GMT) stamp, or an instant. */
  private bound(day: string, layout: CdrLayout): string {
    const o = this.options;
    if (!layout.withZone && !o.gmt) return `${day} 00:00:00`;
    const iso = new Date(o.clock.startOfDay(day)).toISOString();
    return layout.withZone ? iso : iso.slice(0, 19).replace('T', ' ');
  }
}

/** Turns fetched rows into Cdrs exactly as the CSV source would, or reports why not. */
class RowConverter {
  private readonly at: Partial<Record<CdrColumnField, number>> = {};
  private readonly stamps: StampParser;
  private readonly from: number;
  private readonly to: number;
  private rowNumber = 0;

  constructor(
    clock: PbxClock,
    gmt: boolean,
    private readonly layout: CdrLayout,
    private readonly fields: CdrColumnField[],
    private readonly where: string,
    days: DayRange,
    private readonly onBadRow: ReadOptions['onBadRow'],
    private readonly stats: SourceStats,
  ) {
    fields.forEach((f, i) => (this.at[f] = i));
    // timestamptz columns are selected AT TIME ZONE 'UTC', so they parse as GMT stamps.
    this.stamps = new StampParser(clock, layout.withZone || gmt);
    this.from = clock.startOfDay(days.from);
    this.to = clock.startOfDay(addDays(days.to, 1));
  }

  private get(row: string[], f: CdrColumnField): string {
    const i = this.at[f];
    return i === undefined ? '' : (row[i] ?? '');
  }

  /** uniqueid + sequence identify a CDR; without a sequence column, a hash of the whole row does. */
  key(row: string[]): string {
    const uniqueid = this.get(row, 'uniqueid');
    if (uniqueid !== '' && this.at.sequence !== undefined) return `${uniqueid}|${this.get(row, 'sequence')}`;
    return createHash('sha1').update(row.map((v) => (v === null ? '\\N' : v)).join('\t')).digest('base64url').slice(0, 22);
  }

  toCdr(row: string[], key: string): Cdr | null {
    this.stats.rowsRead++;
    this.rowNumber++;
    const uniqueid = this.get(row, 'uniqueid');
    const sequence = this.get(row, 'sequence');
    const origin = uniqueid === '' ? `cdr#row${this.rowNumber}` : sequence === '' ? `cdr#${uniqueid}` : `cdr#${uniqueid}/${sequence}`;
    const result = this.convert(row, origin);
    if (typeof result !== 'string') {
      if (result.start < this.from || result.start >= this.to) {
        this.stats.rowsOutsideWindow++;
        return null;
      }
      return result;
    }
    this.stats.rowsQuarantined++;
    const raw: Record<string, string | null> = {};
    this.fields.forEach((f, i) => (raw[f] = row[i] ?? null));
    this.onBadRow({ where: this.where, line: uniqueid === '' ? `row ${this.rowNumber} (key ${key})` : origin.slice(4), reason: result, raw: JSON.stringify(raw) });
    return null;
  }

  private convert(row: string[], origin: string): Cdr | string {
    const startText = this.get(row, 'start');
    if (startText === '') return `${this.layout.timeColumn} is empty`;
    const start = this.stamps.parse(startText.slice(0, 19));
    if (start !== start) return `bad start time ${JSON.stringify(startText)}`;
    const duration = parseSeconds(this.get(row, 'duration'));
    if (duration < 0) return `duration ${JSON.stringify(this.get(row, 'duration'))} is not a whole number of seconds`;
    const billsec = parseSeconds(this.get(row, 'billsec'));
    if (billsec < 0) return `billsec ${JSON.stringify(this.get(row, 'billsec'))} is not a whole number of seconds`;
    let end: number;
    if (this.at.end !== undefined) {
      const endText = this.get(row, 'end');
      end = endText === '' ? NaN : this.stamps.parse(endText.slice(0, 19));
      if (end !== end) return `bad end time ${JSON.stringify(endText)}`;
    } else {
      end = start + duration * 1000; // older layout: calldate and duration only
    }
    let answer: number | null;
    if (this.at.answer !== undefined) {
      const answerText = this.get(row, 'answer');
      answer = answerText === '' ? null : this.stamps.parse(answerText.slice(0, 19));
      if (answer !== null && answer !== answer) return `bad answer time ${JSON.stringify(answerText)}`;
    } else {
      answer = billsec > 0 ? end - billsec * 1000 : null;
    }
    const dispositionText = this.get(row, 'disposition');
    const disposition = toDisposition(dispositionText);
    if (disposition === undefined) return `unknown disposition ${JSON.stringify(dispositionText)}`;
    const timing = timingProblem(start, answer, end, duration, billsec);
    if (timing !== null) return timing;
    const amaflags = this.get(row, 'amaflags');
    return {
      accountcode: this.get(row, 'accountcode'),
      src: this.get(row, 'src'),
      dst: this.get(row, 'dst'),
      dcontext: this.get(row, 'dcontext'),
      clid: this.get(row, 'clid'),
      channel: this.get(row, 'channel'),
      dstchannel: this.get(row, 'dstchannel'),
      lastapp: this.get(row, 'lastapp'),
      lastdata: this.get(row, 'lastdata'),
      start,
      answer,
      end,
      duration,
      billsec,
      disposition,
      amaflags: AMAFLAGS[amaflags] ?? amaflags,
      uniqueid: this.get(row, 'uniqueid'),
      userfield: this.get(row, 'userfield'),
      linkedid: this.get(row, 'linkedid'),
      origin,
    };
  }
}

/**
 * The high-water mark: the latest end time read, and the keys of the rows
 * within the overlap window before it (those are read again next time).
 * Naive stamps are compared as if UTC, as PostgreSQL's timestamp arithmetic does.
 */
class MarkTracker {
  private mark: string | null;
  private markMs: number;
  private readonly old: Set<string>;
  private recent: { ms: number; key: string }[] = [];
  private pruneAt = 1024;

  constructor(private readonly clock: PbxClock, since: Position | null, private readonly overlapMs: number) {
    this.mark = since?.mark ?? null;
    this.markMs = this.mark === null ? -Infinity : this.ms(this.mark);
    this.old = new Set(since?.keys ?? []);
  }

  private ms(stamp: string): number {
    return this.clock.parseNaive(stamp.slice(0, 19), true);
  }

  /** Notes the row; true when an earlier read already had it. */
  seen(key: string, hw: string | null): boolean {
    if (hw !== null) {
      const ms = this.ms(hw);
      if (ms === ms) {
        if (this.mark === null || ms > this.markMs || (ms === this.markMs && hw > this.mark)) {
          this.mark = hw;
          this.markMs = ms;
        }
        this.recent.push({ ms, key });
        if (this.recent.length >= this.pruneAt) {
          this.prune();
          this.pruneAt = Math.max(1024, this.recent.length * 2);
        }
      }
    }
    return this.old.has(key);
  }

  private prune(): void {
    const floor = this.markMs - this.overlapMs - 60_000; // a minute spare for fractions and rounding
    this.recent = this.recent.filter((r) => r.ms >= floor);
  }

  position(): string | null {
    if (this.mark === null) return null;
    this.prune();
    const keys = [...new Set(this.recent.map((r) => r.key))];
    return JSON.stringify({ v: 1, mark: this.mark, keys } satisfies Position);
  }
}

function parsePosition(text: string, where: string): Position {
  try {
    const p = JSON.parse(text) as Position;
    if (p.v === 1 && typeof p.mark === 'string' && Array.isArray(p.keys) && p.keys.every((k) => typeof k === 'string')) return p;
  } catch {
    // fall through
  }
  throw new InputError(`${where}: stored ingest position is not one this source wrote: ${JSON.stringify(text.slice(0, 60))}`);
}

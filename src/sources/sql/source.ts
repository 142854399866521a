// A CDR source reading a database table, whatever the backend: connect, find
// the layout, stream the window's rows (with backpressure: the backend yields a
// batch only when the last one was taken), convert them, keep the incremental
// high-water mark. Each backend (cdr-pgsql.ts, cdr-mysql.ts) supplies only the
// connection, its catalogue, its SQL dialect and its words for errors, as
// Asterisk keeps cdr_pgsql.c beside cdr_adaptive_odbc.c.
import type { CdrColumnField } from '../../config/cdr-database.js';
import { redactUrl } from '../../config/load.js';
import { addDays, type PbxClock } from '../../time/pbx-clock.js';
import { type Cdr, type CdrSource, type DayRange, InputError, type ReadOptions, type SourceStats } from '../cdr.js';
import { type CdrLayout } from './layout.js';
import { MarkTracker, parsePosition, type Position } from './marks.js';
import { type TableRef } from './names.js';
import { RowConverter, selectedFields, type SqlRow } from './rows.js';
import { SameCallRows } from '../same-call.js';

/**
 * Rows that started this long before the window are read too, for the second
 * records (same-call.ts) of calls that began before it: the second record of an
 * unanswered call starts when Dial gives up, a ring time after the first.
 */
const SAME_CALL_MARGIN_MS = 60 * 60_000;

export interface SqlSourceOptions {
  url: string;
  /** table or schema.table (database.table for MySQL); default cdr. */
  table?: string;
  /** Cdr field -> column, for columns not named as Asterisk names them. */
  columns?: Partial<Record<CdrColumnField, string>>;
  clock: PbxClock;
  /** cdr.conf usegmtime=yes: naive time columns hold UTC. */
  gmt?: boolean;
  /** The position() of an earlier read: only rows not read then are read now. */
  since?: string | null;
  /** Minutes before the mark that are read again for rows written late (default 120). */
  overlapMinutes?: number;
  batchSize?: number;
}

export interface SqlSource extends CdrSource {
  /** The table as configured: the ingest position's `source`. */
  readonly table: string;
  /** Rows skipped because an earlier read (`since`) already had them. */
  readonly rowsAlreadySeen: number;
  /** After read(): where the next incremental read starts (IngestPosition.position), or null if nothing was read. */
  position(): string | null;
}

/** What the query selects and from when: the window's bounds and the incremental mark. */
export interface SqlQueryPlan {
  layout: CdrLayout;
  fields: CdrColumnField[];
  /** An hour before the window's first local midnight (SAME_CALL_MARGIN_MS) and the midnight after its last day, as the start column compares them (windowBound). */
  bounds: { from: string; to: string };
  since: { mark: string; overlapMinutes: number } | null;
  batchSize: number;
}

/** One connection's worth of a backend. */
export interface SqlSession {
  /** The table's layout; throws InputError naming what is missing. */
  layout(table: TableRef, map: Partial<Record<CdrColumnField, string>>): Promise<CdrLayout>;
  /** Streams the plan's rows: fields in order, the high-water stamp, the row id where there is one; values as text. */
  rows(table: TableRef, plan: SqlQueryPlan): AsyncIterable<SqlRow[]>;
  close(): Promise<void>;
}

export interface SqlBackend {
  /** "cdr_pgsql", "MySQL": how the description names the table. */
  readonly label: string;
  /** CDR_SOURCE value, for messages. */
  readonly source: string;
  table(name: string): TableRef;
  connect(): Promise<SqlSession>;
  /** Plain words for a driver or server error (never holding the password). */
  describeError(e: unknown): string;
}

export class SqlCdrSource implements SqlSource {
  readonly description: string;
  readonly table: string;
  readonly stats: SourceStats = { rowsRead: 0, rowsQuarantined: 0, rowsOutsideWindow: 0, rowsMerged: 0 };
  rowsAlreadySeen = 0;
  private readonly ref: TableRef;
  private readonly since: Position | null;
  private next: string | null = null;

  constructor(private readonly backend: SqlBackend, private readonly options: SqlSourceOptions) {
    if (!options.url) throw new InputError(`CDR source ${backend.source}: no database URL (set CDR_DATABASE_URL)`);
    this.table = options.table ?? 'cdr';
    this.ref = backend.table(this.table);
    this.description = `${backend.label} ${this.table} at ${redactUrl(options.url)}`;
    this.since = options.since ? parsePosition(options.since, this.description) : null;
  }

  position(): string | null {
    return this.next;
  }

  async *read({ days, onBadRow }: ReadOptions): AsyncGenerator<Cdr[]> {
    const o = this.options;
    this.stats.rowsRead = this.stats.rowsQuarantined = this.stats.rowsOutsideWindow = this.stats.rowsMerged = 0;
    this.rowsAlreadySeen = 0;
    this.next = null;
    let session: SqlSession;
    try {
      session = await this.backend.connect();
    } catch (e) {
      throw new InputError(`${this.description}: cannot connect: ${this.backend.describeError(e)}`);
    }
    try {
      const layout = await this.guard(() => session.layout(this.ref, o.columns ?? {}));
      const overlapMinutes = o.overlapMinutes ?? 120;
      const plan: SqlQueryPlan = {
        layout,
        fields: selectedFields(layout),
        bounds: { from: windowBound(days.from, layout, o.clock, o.gmt ?? false, SAME_CALL_MARGIN_MS), to: windowBound(addDays(days.to, 1), layout, o.clock, o.gmt ?? false) },
        since: this.since ? { mark: this.since.mark, overlapMinutes } : null,
        batchSize: Math.max(1, Math.floor(o.batchSize ?? 2000)),
      };
      const convert = new RowConverter(o.clock, o.gmt ?? false, layout, plan.fields, this.ref.name, onBadRow, this.stats);
      const window = { from: o.clock.startOfDay(days.from), to: o.clock.startOfDay(addDays(days.to, 1)) };
      let batch: Cdr[] = [];
      const calls = new SameCallRows<null>(
        (cdr) => {
          if (cdr.start < window.from || cdr.start >= window.to) this.stats.rowsOutsideWindow++;
          else batch.push(cdr);
        },
        () => this.stats.rowsMerged++,
      );
      const marks = new MarkTracker(o.clock, this.since, overlapMinutes * 60_000);
      const hw = plan.fields.length; // the high-water stamp comes after the fields
      const rows = session.rows(this.ref, plan)[Symbol.asyncIterator]();
      for (;;) {
        const next = await this.guard(() => rows.next());
        if (next.done) break;
        for (const row of next.value) {
          const key = convert.key(row);
          if (marks.seen(key, row[hw] ?? null)) {
            this.rowsAlreadySeen++;
            continue;
          }
          const cdr = convert.toCdr(row, key);
          if (cdr) calls.push(cdr, null);
          // A push lets out at most one row: batches stay within the batch size.
          if (batch.length >= plan.batchSize) {
            yield batch;
            batch = [];
          }
        }
      }
      calls.flush();
      for (let i = 0; i < batch.length; i += plan.batchSize) yield batch.slice(i, i + plan.batchSize);
      this.next = marks.position();
    } finally {
      await session.close().catch(() => undefined);
    }
  }

  /** Backend failures become InputError naming the table; errors from onBadRow (strict mode) pass through. */
  private async guard<T>(f: () => Promise<T>): Promise<T> {
    try {
      return await f();
    } catch (e) {
      if (e instanceof InputError) throw e;
      throw new InputError(`${this.description}: ${this.backend.describeError(e)}`);
    }
  }
}

/**
 * Local midnight of `day` as the column compares it: naive local stamps take the
 * day as written; GMT and instant columns take the instant, as UTC wall-clock text.
 */
export function windowBound(day: string, layout: CdrLayout, clock: PbxClock, gmt: boolean, beforeMs = 0): string {
  const at = clock.startOfDay(day) - beforeMs;
  if (!layout.withZone && !gmt) return beforeMs === 0 ? `${day} 00:00:00` : clock.iso(at).slice(0, 19).replace('T', ' ');
  return new Date(at).toISOString().slice(0, 19).replace('T', ' ');
}

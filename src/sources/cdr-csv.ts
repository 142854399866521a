// CDR source for Asterisk cdr_csv files (Master.csv, rotated and .gz copies,
// per-accountcode files). Streams each file; bad rows are reported and counted.
import { basename } from 'node:path';
import { addDays, type PbxClock } from '../time/pbx-clock.js';
import { type BadRow, type Cdr, type CdrSource, type DayRange, InputError, type ReadOptions, type SourceStats } from './cdr.js';
import { findCopies } from './cdr-csv-copies.js';
import { expandCsvPaths, orderOldestFirst } from './cdr-csv-files.js';
import type { RawRecord, RecordSink } from './cdr-csv-reader.js';
import { readCsvRange, type RangeEnd } from './cdr-csv-range.js';
import { decideResume, fileIdentity, type FilePosition, type ResumeReason, type StoredPosition } from './cdr-csv-resume.js';
import { toCdr } from './cdr-csv-row.js';
import { RecordSplitter } from './cdr-csv-split.js';
import { StampParser } from './cdr-csv-stamp.js';
import { type CsvLayout, type CsvLayoutOption, LAYOUTS, layoutForColumns } from './csv-layout.js';
import { SameCallRows } from './same-call.js';

export type CsvParser = 'fast' | 'bytes' | 'csv-parse';

export interface CsvSourceOptions {
  /** Files or globs (Master.csv, Master.csv.1, Master.csv.2.gz, sales.csv ...). */
  paths: string[];
  /** 'auto' (default) detects 16, 18 and 21 columns per file from its first good record. */
  layout?: CsvLayoutOption;
  /** cdr.conf usegmtime=yes: stamps are UTC, not PBX local time. */
  gmt?: boolean;
  clock: PbxClock;
  /** Throw at the first bad row instead of setting it aside. */
  strict?: boolean;
  /** Records per yielded batch (approximate: a batch is yielded once it has at least this many). */
  batchSize?: number;
  /** Incremental reads: where each file was left last time (looked up by path, or by identity after a rename). */
  resume?: (path: string, identity: string) => StoredPosition | undefined;
  /** Read a last line without a newline. Default: yes, unless `resume` is set (Asterisk may be mid-write). */
  readUnterminatedLine?: boolean;
  /**
   * 'fast' (default): the string splitter; 'bytes': the byte-level reader
   * (cdr-csv-bytes.ts; exact, not yet faster: docs/benchmarks.md); 'csv-parse'
   * sends every record through csv-parse: the reference for tests and benchmarks.
   */
  parser?: CsvParser;
}

export interface CsvFilePosition extends FilePosition {
  /** How this read started on the file. */
  resumed: ResumeReason;
}

export interface CsvSource extends CdrSource {
  /** Things the admin should know that are not bad rows (skipped copies of another input's rows, unfinished last line). */
  readonly warnings: string[];
  /** Where each file read by the last read() ended; store these for the next incremental read. */
  positions(): CsvFilePosition[];
  /** The files read() would read, in order (warnings about skipped files go to `warnings`). */
  files(): Promise<CsvFile[]>;
  /** Zeroes the stats and warnings, as read() does: for a reader that reads the files itself. */
  startRead(): void;
  readonly options: Readonly<CsvSourceOptions>;
}

/** Strict mode: the first bad row stops the run. */
export class BadRowError extends InputError {
  constructor(readonly row: BadRow) {
    super(`${row.where} line ${row.line}: ${row.reason}`);
  }
}

export function createCsvSource(options: CsvSourceOptions): CsvSource {
  return new CsvSourceImpl(options);
}

class CsvSourceImpl implements CsvSource {
  readonly description: string;
  readonly stats: SourceStats = { rowsRead: 0, rowsQuarantined: 0, rowsOutsideWindow: 0, rowsMerged: 0 };
  readonly warnings: string[] = [];
  private ended: CsvFilePosition[] = [];

  constructor(readonly options: CsvSourceOptions) {
    if (options.paths.length === 0) throw new InputError('no CDR files given');
    this.description = `cdr_csv ${options.paths.join(', ')}`;
  }

  positions(): CsvFilePosition[] {
    return this.ended.slice();
  }

  startRead(): void {
    this.stats.rowsRead = this.stats.rowsQuarantined = this.stats.rowsOutsideWindow = this.stats.rowsMerged = 0;
    this.warnings.length = 0;
    this.ended = [];
  }

  async *read({ days, onBadRow }: ReadOptions): AsyncGenerator<Cdr[]> {
    const o = this.options;
    this.startRead();
    const batchSize = o.batchSize ?? 2000;
    const readTail = o.readUnterminatedLine ?? !o.resume;
    const window = readWindow(o.clock, days);
    const stamps = new StampParser(o.clock, o.gmt ?? false);
    const splitter = new RecordSplitter(o.parser !== 'csv-parse', o.parser === 'bytes');
    const out: Batch = { cdrs: [] };
    // One merger for all the files: a rotation may fall between two records of a call.
    const rows = new CallRows<null>(window, () => this.stats, (cdr) => out.cdrs.push(cdr));

    for (const { path, identity, size } of await this.files()) {
      // A .gz is read whole and its offsets count decompressed bytes, so its size says nothing.
      const start = decideResume(o.resume?.(path, identity), { identity, size: path.endsWith('.gz') ? Infinity : size });
      const layout = !o.layout || o.layout === 'auto' ? null : LAYOUTS[o.layout];
      const sink = new FileSink(path, layout, stamps, rows, null, this.stats, onBadRow, o.strict ?? false);
      const end: RangeEnd = { offset: start.offset, line: start.line, unterminatedBytes: 0 };
      yield* readCsvRange({ path, from: start.offset, line: start.line, to: Infinity }, sink, splitter, out, { batchSize, readTail, end });
      if (end.unterminatedBytes > 0) {
        this.warnings.push(unterminatedWarning(path, end.unterminatedBytes));
      }
      const mostlyBad = sink.mostlyBad();
      if (mostlyBad) this.warnings.push(mostlyBad);
      this.ended.push({ source: path, identity, offset: end.offset, line: end.line, resumed: start.reason });
    }
    rows.flush();
    if (out.cdrs.length > 0) {
      const batch = out.cdrs;
      out.cdrs = [];
      yield batch;
    }
  }

  /**
   * The files a read covers, oldest first, each once: per-accountcode files
   * whose rows are copies of a Master.csv read beside them (cdr-csv-copies.ts)
   * and second names of a file already listed are skipped with a warning.
   */
  async files(): Promise<CsvFile[]> {
    let files = orderOldestFirst(await expandCsvPaths(this.options.paths));
    for (const [path, v] of await findCopies(files)) {
      if (v.kind === 'copy') {
        this.warnings.push(`skipped ${path}: its rows are copies of ${v.of.map((m) => basename(m)).join(' and ')}'s beside it (a per-accountcode file, cdr.conf accountlogs=yes)`);
        files = files.filter((f) => f !== path);
      } else if (v.kind === 'overlap') {
        this.warnings.push(`${path}: some of its rows are also in ${v.with.map((m) => basename(m)).join(' and ')} beside it, and those calls may count twice; read either the per-accountcode files or Master.csv (CDR_CSV)`);
      }
    }
    // The same file named twice (overlapping globs, a copy beside the original) would count every call twice.
    const seen = new Map<string, string>();
    const out: CsvFile[] = [];
    for (const path of files) {
      let id;
      try {
        id = await fileIdentity(path);
      } catch (err) {
        throw new InputError(`cannot read CDR file ${path} (rotated away while reading?): ${(err as Error).message}`);
      }
      const { identity, size } = id;
      const [dev, ino, head] = identity.split(':');
      const twin = seen.get(`${dev}:${ino}`) ?? seen.get(`${head}:${size}`);
      if (twin !== undefined) {
        this.warnings.push(`skipped ${path}: same ${twin === path ? 'file' : 'content'} as ${twin}, already read`);
        continue;
      }
      seen.set(`${dev}:${ino}`, path).set(`${head}:${size}`, path);
      out.push({ path, identity, size });
    }
    return out;
  }
}

/** The epoch-ms span of local days a read keeps rows of: from the first day's midnight to the one after the last day. */
export function readWindow(clock: PbxClock, days: DayRange): { from: number; to: number } {
  return { from: clock.startOfDay(days.from), to: clock.startOfDay(addDays(days.to, 1)) };
}

export function unterminatedWarning(path: string, bytes: number): string {
  return `${path}: the last line (${bytes} bytes) has no newline yet; it is left for the next read`;
}

export interface CsvFile {
  path: string;
  identity: string;
  /** Bytes on disk (compressed for .gz). */
  size: number;
}

export interface Batch {
  cdrs: Cdr[];
}

/**
 * A read's valid rows on their way out: the records of one call merged
 * (same-call.ts), then the window applied (a call belongs to the day its first
 * record started on). `T` tags each row with whose it is (a parallel read's
 * piece); merged rows and rows outside the window are counted in its stats.
 */
export class CallRows<T> {
  private readonly calls: SameCallRows<T>;

  constructor(window: { from: number; to: number }, statsOf: (tag: T) => SourceStats, take: (cdr: Cdr, tag: T) => void) {
    this.calls = new SameCallRows<T>(
      (cdr, tag) => {
        if (cdr.start < window.from || cdr.start >= window.to) statsOf(tag).rowsOutsideWindow++;
        else take(cdr, tag);
      },
      (tag) => statsOf(tag).rowsMerged++,
    );
  }

  push(cdr: Cdr, tag: T): void {
    this.calls.push(cdr, tag);
  }

  /** End of the read: the rows still held go out. */
  flush(): void {
    this.calls.flush();
  }
}

/** Validates and counts the records of one file, and passes the good ones on. */
export class FileSink<T = null> implements RecordSink {
  private readonly name: string;
  /** '+' while line numbers count from an unknown line (a parallel read's share that starts mid-file): "Master.csv:+17". */
  linePrefix = '';
  private rows = 0;
  private badRows = 0;
  private firstBad: { line: number; reason: string } | null = null;

  constructor(
    private readonly where: string,
    private readonly layout: CsvLayout | null,
    private readonly stamps: StampParser,
    private readonly calls: CallRows<T>,
    private readonly tag: T,
    private readonly stats: SourceStats,
    private readonly onBadRow: (row: BadRow) => void,
    private readonly strict: boolean,
  ) {
    this.name = basename(where);
  }

  record(fields: string[], count: number, line: number, raw: RawRecord): void {
    // Without a configured layout each row's column count decides (a file may hold rows
    // from before and after a cdr.conf change): one odd row never decides for the rest.
    const layout = this.layout ?? layoutForColumns(count);
    if (layout === 'ambiguous') {
      this.bad(line, `17 columns: cdr_csv writes 17 with loguniqueid or loguserfield alone; set CDR_CSV_LAYOUT to uniqueid17 or userfield17`, raw.text());
      return;
    }
    if (layout === undefined) {
      this.bad(line, `${count} columns; cdr_csv writes 16, 17, 18 or 21`, raw.text());
      return;
    }
    const cdr = toCdr(fields, count, layout, this.stamps, `${this.name}:${this.linePrefix}${line}`);
    if (typeof cdr === 'string') {
      this.bad(line, cdr, raw.text());
      return;
    }
    this.rows++;
    this.stats.rowsRead++;
    this.calls.push(cdr, this.tag);
  }

  /** A warning when most of the file's rows were bad: the wrong file, or a layout or dialect tollguard misreads. */
  mostlyBad(): string | null {
    if (this.firstBad === null || this.badRows * 2 <= this.rows + this.badRows) return null;
    const { line, reason } = this.firstBad;
    return `${this.where}: ${this.badRows} of ${this.rows + this.badRows} rows were set aside as bad (the first, line ${line}: ${reason}); findings miss their calls. Check the file and CDR_CSV_LAYOUT`;
  }

  bad(line: number, reason: string, raw: string): void {
    const row: BadRow = { where: this.where, line, reason, raw };
    if (this.strict) throw new BadRowError(row);
    this.badRows++;
    this.firstBad ??= { line, reason };
    this.stats.rowsRead++;
    this.stats.rowsQuarantined++;
    this.onBadRow(row);
  }
}

// Where the sweep reads each cdr_csv file. Today's profiles cannot be grown
// from yesterday's partial profile plus new calls (distinct numbers, bursts and
// concurrency need every call), so each sweep rebuilds them exactly by reading
// from the line where the current day's rows begin: at most a day of rows. The
// mark per file is (identity, day start, end of the last read); rows past the
// end are the new ones, counted and quarantined once.
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Config } from '../config/load.js';
import type { BadRow, Cdr, CdrSource, DayRange, ReadOptions, SourceStats } from '../sources/cdr.js';
import { createCsvSource, type CsvSource } from '../sources/cdr-csv.js';
import { expandCsvPaths, openCsvStream } from '../sources/cdr-csv-files.js';
import type { PbxClock } from '../time/pbx-clock.js';

export interface LinePosition {
  offset: number;
  line: number;
}

export interface SweepFileMark {
  identity: string;
  /** The first line that may hold a row of `SweepState.day`. */
  start: LinePosition;
  /** Where the last sweep stopped reading. */
  end: LinePosition;
}

/** What the sweep remembers between runs (one ingest position, JSON). */
export interface SweepState {
  v: 1;
  /** The PBX-local day the last sweep judged. */
  day: string;
  files: Record<string, SweepFileMark>;
}

/** The ingest position `source` the sweep keeps its state under. */
export const SWEEP_POSITION = 'sweep';

export function parseSweepState(text: string | null | undefined): SweepState | null {
  if (!text) return null;
  try {
    const s = JSON.parse(text) as SweepState;
    return s && s.v === 1 && typeof s.day === 'string' && typeof s.files === 'object' ? s : null;
  } catch {
    return null;
  }
}

export interface SweepCsvRead {
  source: CdrSource;
  /** After the read: the marks for the next sweep, with `day` as the day whose start they record. */
  finish(): Promise<Record<string, SweepFileMark>>;
  /** Rows past the last sweep's end (the new CDRs), in the window. */
  readonly rowsNew: number;
  readonly warnings: string[];
}

/**
 * The configured files, each started at its mark's day start, yielding the
 * window's CDRs written by `writtenBy` (a CDR is written at hangup; later ones
 * are left for the next sweep, which rereads the day anyway). Files not
 * modified since the window began hold no row of it and are not opened.
 * Returns null when no file was.
 */
export async function sweepCsvRead(config: Config, clock: PbxClock, state: SweepState | null, window: DayRange, today: string, writtenBy: number): Promise<SweepCsvRead | null> {
  const since = clock.startOfDay(window.from);
  const paths: string[] = [];
  for (const p of await expandCsvPaths(config.cdr.csv)) {
    if ((await stat(p)).mtimeMs >= since) paths.push(p);
  }
  if (paths.length === 0) return null;

  const marks = state?.files ?? {};
  const used = new Map<string, SweepFileMark>();
  const resume = (path: string, identity: string) => {
    // A renamed file (logrotate) is found by its identity.
    const m = marks[path]?.identity === identity ? marks[path] : Object.values(marks).find((x) => x.identity === identity);
    if (!m) return undefined;
    used.set(path, m);
    return { identity, offset: m.start.offset, line: m.start.line };
  };
  const inner: CsvSource = createCsvSource({ paths, layout: config.cdr.csvLayout, gmt: config.cdr.gmt, clock, strict: config.cdr.strict, resume });

  const byName = new Map<string, string | null>();
  for (const p of paths) byName.set(basename(p), byName.has(basename(p)) ? null : p);
  const firstToday = new Map<string, number>();
  const todayStart = clock.startOfDay(today);
  const endLine = (path: string): number => used.get(path)?.end.line ?? 0;
  let rowsNew = 0;

  const source: CdrSource = {
    description: inner.description,
    get stats(): SourceStats {
      return inner.stats;
    },
    async *read({ onBadRow }: ReadOptions): AsyncGenerator<Cdr[]> {
      // Bad rows already set aside by an earlier sweep are not written again.
      const onBad = (row: BadRow): void => {
        if (typeof row.line !== 'number' || row.line >= endLine(row.where)) onBadRow(row);
      };
      for await (const batch of inner.read({ days: window, onBadRow: onBad })) {
        for (const cdr of batch) {
          const colon = cdr.origin.lastIndexOf(':');
          const path = byName.get(cdr.origin.slice(0, colon));
          const line = Number(cdr.origin.slice(colon + 1));
          // The lowest line, not the first seen: a call merged from two records (same-call.ts) comes out
          // at its first record's place with its Dial record's line, which may be the later one.
          if (path && cdr.start >= todayStart && line < (firstToday.get(path) ?? Infinity)) firstToday.set(path, line);
          // Two files of the same name: cannot tell, count it.
          if (cdr.end <= writtenBy && (!path || line >= endLine(path))) rowsNew++;
        }
        yield batch.filter((c) => c.end <= writtenBy);
      }
    },
  };

  return {
    source,
    get rowsNew() {
      return rowsNew;
    },
    get warnings() {
      return inner.warnings;
    },
    async finish() {
      const out: Record<string, SweepFileMark> = {};
      for (const p of inner.positions()) {
        const m = used.get(p.source);
        const from: LinePosition = p.resumed === 'continue' && m ? m.start : { offset: 0, line: 1 };
        const end: LinePosition = { offset: p.offset, line: p.line };
        const ambiguous = byName.get(basename(p.source)) === null;
        const first = firstToday.get(p.source);
        // No row of today so far: today's rows can only come after the end.
        const start = ambiguous ? from : first === undefined ? end : { offset: await offsetOfLine(p.source, from, first), line: first };
        out[p.source] = { identity: p.identity, start, end };
      }
      // Files skipped as unmodified keep their marks (their rows are all older); deleted files drop theirs.
      for (const [path, m] of Object.entries(marks)) if (!out[path] && !paths.includes(path) && existsSync(path)) out[path] = { ...m, start: m.end };
      return out;
    },
  };
}

/** Byte offset where physical line `target` starts, counting newlines from a known position. */
export async function offsetOfLine(path: string, from: LinePosition, target: number): Promise<number> {
  if (target <= from.line) return from.offset;
  let line = from.line;
  let offset = from.offset;
  for await (const chunk of openCsvStream(path, from.offset)) {
    const buf = chunk as Buffer;
    for (let i = buf.indexOf(10); i >= 0; i = buf.indexOf(10, i + 1)) {
      if (++line === target) return offset + i + 1;
    }
    offset += buf.length;
  }
  throw new Error(`${path}: line ${target} not found after line ${from.line}; the file changed during the sweep`);
}

// One thread's share of a parallel read: its pieces of the cdr_csv files,
// its own rows folded as a whole read would fold them, its neighbours' rows
// (overlap pieces) seen only for the calls they overlap.
import { closeSync, openSync, readSync } from 'node:fs';
import type { BadRow, DayRange, SourceStats } from '../../sources/cdr.js';
import { type Batch, FileSink, unterminatedWarning } from '../../sources/cdr-csv.js';
import { type RangeEnd, readCsvRange } from '../../sources/cdr-csv-range.js';
import { RecordSplitter } from '../../sources/cdr-csv-split.js';
import { StampParser } from '../../sources/cdr-csv-stamp.js';
import { LAYOUTS } from '../../sources/csv-layout.js';
import { addDays, type PbxClock } from '../../time/pbx-clock.js';
import type { ReportFold } from '../fold.js';
import type { Cut, Piece } from './plan.js';
import { type PieceResult, PieceSpans } from './verify.js';

export interface ShareJob {
  readDays: DayRange;
  pieces: Piece[];
  csv: { gmt: boolean; parser: 'fast' | 'csv-parse' };
  /** Every thread's main pieces and the cuts, to check the spans against as it reads. */
  mainPieces: Piece[];
  cuts: Cut[];
  /** PieceSpans.data, shared by all threads. */
  spans: Float64Array;
}

export interface ShareResult {
  stats: SourceStats;
  pieces: PieceResult[];
  warnings: string[];
}

/** Rows between two looks at the other threads' spans. */
const CHECK_EVERY = 20_000;

export async function foldShare(
  job: ShareJob,
  clock: PbxClock,
  fold: ReportFold,
  onBadRow: (row: BadRow) => void,
  onProgress: (rowsRead: number) => void,
): Promise<ShareResult> {
  const stamps = new StampParser(clock, job.csv.gmt);
  const splitter = new RecordSplitter(job.csv.parser !== 'csv-parse');
  const window = { from: clock.startOfDay(job.readDays.from), to: clock.startOfDay(addDays(job.readDays.to, 1)) };
  const stats: SourceStats = { rowsRead: 0, rowsQuarantined: 0, rowsOutsideWindow: 0 };
  const ignored: SourceStats = { rowsRead: 0, rowsQuarantined: 0, rowsOutsideWindow: 0 };
  const out: Batch = { cdrs: [] };
  const results: PieceResult[] = [];
  const warnings: string[] = [];
  let last: RangeEnd & { path: string } = { path: '', offset: -1, line: 0, unterminatedBytes: 0 };
  let reported = 0;
  let checked = 0;
  const spans = new PieceSpans(job.spans);

  for (const piece of job.pieces) {
    const main = piece.role === 'main';
    const line = piece.line || (last.path === piece.path && last.offset === piece.from ? last.line : main ? countLines(piece.path, piece.from) : 1);
    const sink = new FileSink(piece.path, piece.layout ? LAYOUTS[piece.layout] : null, stamps, window, main ? stats : ignored, out, main ? onBadRow : () => {}, false);
    const end: RangeEnd = { offset: piece.from, line, unterminatedBytes: 0 };
    const span = { minStart: Infinity, maxStart: -Infinity, maxEnd: -Infinity };
    for await (const batch of readCsvRange({ path: piece.path, from: piece.from, line, to: piece.to }, sink, splitter, out, { batchSize: 2000, readTail: true, end })) {
      if (!main) {
        for (const cdr of batch) fold.addOverlap(cdr);
        continue;
      }
      for (const cdr of batch) {
        const e = fold.add(cdr);
        if (e.direction !== 'outbound') continue;
        const { start, end: stop } = e.call;
        if (start < span.minStart) span.minStart = start;
        if (start > span.maxStart) span.maxStart = start;
        // As the concurrency tracker counts a call: at least a second long.
        span.maxEnd = Math.max(span.maxEnd, stop, start + 1000);
      }
      spans.publish(piece.index, span); // once a batch: the shared memory is not written per call
      if (stats.rowsRead - reported >= 100_000) onProgress((reported = stats.rowsRead));
      if (stats.rowsRead - checked >= CHECK_EVERY) {
        checked = stats.rowsRead;
        if (!spans.abandoned && spans.conflict(job.mainPieces, job.cuts) !== null) spans.abandon();
        if (spans.abandoned) return { stats, pieces: results, warnings };
      }
    }
    if (!main) continue;
    results.push({ index: piece.index, clean: piece.to === Infinity || end.offset === piece.to });
    last = { ...end, path: piece.path };
    if (end.unterminatedBytes > 0) warnings.push(unterminatedWarning(piece.path, end.unterminatedBytes));
  }
  return { stats, pieces: results, warnings };
}

/** Line number at `offset`: one more than the newlines before it. */
function countLines(path: string, offset: number): number {
  const fd = openSync(path, 'r');
  const buf = Buffer.alloc(1024 * 1024);
  let lines = 1;
  try {
    for (let pos = 0; pos < offset; ) {
      const n = readSync(fd, buf, 0, Math.min(buf.length, offset - pos), pos);
      if (n === 0) break;
      for (let i = buf.indexOf(10); i >= 0 && i < n; i = buf.indexOf(10, i + 1)) lines++;
      pos += n;
    }
  } finally {
    closeSync(fd);
  }
  return lines;
}

// One thread's share of a parallel read: its pieces of the cdr_csv files,
// its own rows folded as a whole read would fold them, its neighbours' rows
// (overlap pieces) seen only for the calls they overlap. Bad rows are kept
// to be reported, in row order, once the read is known to be exact.
import type { BadRow, DayRange, SourceStats } from '../../sources/cdr.js';
import { type Batch, CallRows, type CsvParser, FileSink, readWindow, unterminatedWarning } from '../../sources/cdr-csv.js';
import { type RangeEnd, readCsvRange } from '../../sources/cdr-csv-range.js';
import { RecordSplitter } from '../../sources/cdr-csv-split.js';
import { StampParser } from '../../sources/cdr-csv-stamp.js';
import { LAYOUTS } from '../../sources/csv-layout.js';
import type { PbxClock } from '../../time/pbx-clock.js';
import type { ReportFold } from '../fold.js';
import type { Cut, Piece } from './plan.js';
import { emptySpan, type PieceResult, SharedSpans, type Span, widen } from './verify.js';

export interface ShareJob {
  readDays: DayRange;
  pieces: Piece[];
  csv: { gmt: boolean; parser: CsvParser; readTail: boolean };
  cuts: Cut[];
  /** SharedSpans.data, shared by all threads. */
  spans: Float64Array;
}

export interface ShareResult {
  stats: SourceStats;
  pieces: PieceResult[];
  warnings: string[];
  /** Bad rows of `relativeLines` have line numbers counted from 1 at this share's start. */
  badRows: BadRow[];
  /** The file this share starts in the middle of: its lines were counted from there (rebased once known). */
  relativeLines: string | null;
  /** This share, or another, gave up: the read cannot be exact (or kept too many bad rows). */
  abandoned: boolean;
}

/** Bad rows a share keeps until the read is known exact; past this, one thread reads and reports them as it goes. */
const MAX_KEPT_BAD_ROWS = 10_000;

export async function foldShare(job: ShareJob, clock: PbxClock, fold: ReportFold, onProgress: (rowsRead: number) => void): Promise<ShareResult> {
  const stamps = new StampParser(clock, job.csv.gmt);
  const splitter = new RecordSplitter(job.csv.parser !== 'csv-parse', job.csv.parser === 'bytes');
  const window = readWindow(clock, job.readDays);
  const shared = new SharedSpans(job.spans);
  const result: ShareResult = { stats: { rowsRead: 0, rowsQuarantined: 0, rowsOutsideWindow: 0, rowsMerged: 0 }, pieces: [], warnings: [], badRows: [], relativeLines: null, abandoned: false };
  const { stats, badRows } = result;
  const ignored: SourceStats = { rowsRead: 0, rowsQuarantined: 0, rowsOutsideWindow: 0, rowsMerged: 0 };
  const keep = (row: BadRow) => {
    if (badRows.push(row) > MAX_KEPT_BAD_ROWS) shared.abandon('bad rows');
  };
  const out: Batch = { cdrs: [] };
  let last: RangeEnd & { path: string } = { path: '', offset: -1, line: 0, unterminatedBytes: 0 };
  let reported = 0;
  // Outbound calls by main piece (all extensions, and each), for verifyRead.
  const spans = new Map<number, { all: Span; byExtension: Map<string, Span> }>();
  const spansOf = (index: number) => {
    let s = spans.get(index);
    if (s === undefined) spans.set(index, (s = { all: emptySpan(), byExtension: new Map() }));
    return s;
  };
  // Rows go through one merger of the records of a call across all pieces, each tagged with its
  // main piece (-1: overlap). A call is the thread's own when its first record is, as for one
  // reader; a record merged into a call another thread owns is counted here as merged, once.
  const rows = new CallRows<number>(window, (piece) => (piece >= 0 ? stats : ignored), (cdr, piece) => {
    out.cdrs.push(cdr); // only so the read pauses every batch (below); the rows are folded here
    if (piece < 0) return fold.addOverlap(cdr);
    const e = fold.add(cdr);
    // A Local channel's call waits to be paired; its concurrency is counted with all its calls at the end.
    if (e.direction !== 'outbound' || e.call.local) return;
    const { extension, start, end: stop } = e.call;
    const s = spansOf(piece);
    let span = s.byExtension.get(extension);
    if (span === undefined) s.byExtension.set(extension, (span = emptySpan()));
    widen(span, start, stop);
    widen(s.all, start, stop);
  });
  // Once a batch, not per call: shared memory, and a look at the other threads' spans.
  const publish = () => {
    for (const [index, s] of spans) shared.publish(index, s.all);
    return shared.check(job.cuts);
  };

  for (const piece of job.pieces) {
    const main = piece.role === 'main';
    const continues = last.path === piece.path && last.offset === piece.from;
    // A share starting mid-file counts its lines from 1 (counting the newlines before would mean reading them).
    if (main && piece.from > 0 && !continues) result.relativeLines = piece.path;
    const line = continues ? last.line : 1;
    const sink = new FileSink(piece.path, piece.layout ? LAYOUTS[piece.layout] : null, stamps, rows, main ? piece.index : -1, main ? stats : ignored, main ? keep : () => {}, false);
    if (piece.path === result.relativeLines) sink.linePrefix = '+';
    const end: RangeEnd = { offset: piece.from, line, unterminatedBytes: 0 };
    const range = { path: piece.path, from: piece.from, line, to: piece.to };
    for await (const _ of readCsvRange(range, sink, splitter, out, { batchSize: 2000, readTail: job.csv.readTail, end })) {
      if (publish()) return { ...result, abandoned: true };
      if (stats.rowsRead - reported >= 100_000) onProgress((reported = stats.rowsRead));
    }
    if (!main) continue;
    result.pieces.push({ index: piece.index, clean: piece.to === Infinity || end.offset === piece.to, endLine: end.line, spans: spansOf(piece.index).byExtension });
    last = { ...end, path: piece.path };
    if (end.unterminatedBytes > 0) result.warnings.push(unterminatedWarning(piece.path, end.unterminatedBytes));
  }
  rows.flush();
  out.cdrs = [];
  if (publish()) return { ...result, abandoned: true };
  return { ...result, abandoned: shared.abandoned };
}

// How a report splits its cdr_csv files between worker threads. Each worker
// reads a contiguous share of the rows (its "main" pieces, cut only between
// records); around each cut it also reads a few megabytes of its neighbour's
// rows (its "overlap" pieces), used only to see calls that overlap its own
// in time, so peak concurrency is exact across the cut. Whether the cuts and
// overlaps were good enough is checked afterwards (verify.ts).
import { closeSync, openSync, readSync } from 'node:fs';
import type { CsvFile } from '../../sources/cdr-csv.js';
import type { CsvLayoutName, CsvLayoutOption } from '../../sources/csv-layout.js';

/** Rows each side of a cut read by both workers: at 250 bytes a row, ~16,000 calls, hours to weeks of a PBX. */
export const OVERLAP_BYTES = 4 * 1024 * 1024;
/**
 * Below this, one thread is as fast (measured on 2 cores: 237 MB 8% slower on
 * two threads, 2.4 GB 14-44% faster): the judging and writing at the end do
 * not split, and V8's GC helper threads compete with the readers.
 */
export const MIN_PARALLEL_BYTES = 1024 * 1024 * 1024;

export interface Piece {
  path: string;
  from: number;
  /** Infinity: to the end of the file, finishing its last line as a whole read does. */
  to: number;
  /** null: each row's column count decides, as a whole read does (CDR_CSV_LAYOUT=auto). */
  layout: CsvLayoutName | null;
  /** 'main' rows are the worker's own; 'overlap' rows only show which calls overlap its own. */
  role: 'main' | 'overlap';
  /** Main pieces: their place in the order of all rows (verify.ts refers to pieces by it). */
  index: number;
}

/** A cut between two threads: w < b < l, all at line starts in one file. */
export interface Cut {
  path: string;
  /** Where the later thread's overlap starts, where its own rows start, where the earlier thread's overlap ends. */
  w: number;
  b: number;
  l: number;
  /** The main pieces that start at w, b and l. */
  pieces: { w: number; b: number; l: number };
}

export interface ReadPlan {
  workers: Piece[][];
  cuts: Cut[];
}

/**
 * Splits the files into `workers` shares of about equal size, or returns null
 * when that is not worth it or not possible (small input, compressed files
 * only).
 */
export function planRead(files: readonly CsvFile[], workers: number, layout: CsvLayoutOption, overlap = OVERLAP_BYTES, minBytes = MIN_PARALLEL_BYTES): ReadPlan | null {
  const total = files.reduce((n, f) => n + contentBytes(f), 0);
  if (workers < 2 || total < minBytes) return null;
  const cuts: Cut[] = [];
  let fileStart = 0;
  let k = 1;
  for (const f of files) {
    for (; k < workers && (k * total) / workers < fileStart + contentBytes(f); k++) {
      if (f.path.endsWith('.gz') || f.size < 4 * overlap) continue;
      // The cut nearest the share's end that leaves room for both overlaps.
      const at = Math.min(Math.max((k * total) / workers - fileStart, 2 * overlap), f.size - 2 * overlap);
      const b = lineStartAfter(f.path, Math.floor(at));
      const w = lineStartAfter(f.path, b - overlap);
      const l = lineStartAfter(f.path, b + overlap);
      if (b < 0 || w < 0 || l < 0 || (cuts.length > 0 && cuts[cuts.length - 1]!.path === f.path && cuts[cuts.length - 1]!.l > w)) continue;
      cuts.push({ path: f.path, w, b, l, pieces: { w: -1, b: -1, l: -1 } });
    }
    fileStart += contentBytes(f);
  }
  if (cuts.length === 0) return null;
  return { workers: pieces(files, cuts, layout), cuts };
}

/** A .gz holds several times its size in CSV (cdr_csv text compresses about 6:1); shares are sized by content. */
function contentBytes(f: CsvFile): number {
  return f.path.endsWith('.gz') ? 6 * f.size : f.size;
}

/** Each worker's pieces, in reading order. */
function pieces(files: readonly CsvFile[], cuts: Cut[], layout: CsvLayoutOption): Piece[][] {
  const fixed = layout === 'auto' ? null : layout;
  const out: Piece[][] = cuts.map(() => []);
  out.push([]);
  let index = 0;
  let worker = 0;
  for (const f of files) {
    // Points where this file's main pieces are cut: worker changes at b, verification needs w and l too.
    const points = cuts.filter((c) => c.path === f.path).flatMap((c) => [c.w, c.b, c.l]);
    let from = 0;
    for (const to of [...points, Infinity]) {
      if (to > from) {
        for (const c of cuts) if (c.path === f.path) for (const k of ['w', 'b', 'l'] as const) if (c[k] === from) c.pieces[k] = index;
        out[worker]!.push({ path: f.path, from, to, layout: fixed, role: 'main', index: index++ });
      }
      const cut = cuts.findIndex((c) => c.path === f.path && c.b === to);
      if (cut >= 0) {
        const c = cuts[cut]!;
        out[worker]!.push({ path: f.path, from: c.b, to: c.l, layout: fixed, role: 'overlap', index: -1 });
        worker++;
        out[worker]!.push({ path: f.path, from: c.w, to: c.b, layout: fixed, role: 'overlap', index: -1 });
      }
      from = to;
    }
  }
  return out;
}

/** The first line start at or after `offset`, or -1 when none comes within 64 KiB. */
function lineStartAfter(path: string, offset: number): number {
  if (offset <= 0) return 0;
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(64 * 1024);
    const n = readSync(fd, buf, 0, buf.length, offset - 1);
    const nl = buf.subarray(0, n).indexOf(10);
    return nl < 0 ? -1 : offset + nl;
  } finally {
    closeSync(fd);
  }
}

// Whether a parallel read gives exactly what one reader would have. Every cut
// must fall between records, and no call one thread never saw may overlap a
// call of another's: the overlap each side of a cut must reach past the
// longest call in progress there. The threads share the calls' time spans
// per piece as they read, so a read that cannot be exact (rows far out of
// time order, a rotated file listed out of order) is given up early.
import type { Cut, Piece } from './plan.js';

/** What a thread found in one of its main pieces. */
export interface PieceResult {
  index: number;
  /** It ended exactly at its end offset, on a record's end (always true for a piece read to the end of its file). */
  clean: boolean;
}

/**
 * Per main piece, the earliest and latest start and the latest end (as
 * concurrency counts it) of its outbound calls, epoch ms, in memory all
 * threads share; slot 0 says a thread gave up. Values only ever widen, so a
 * conflict seen halfway stays a conflict.
 */
export class PieceSpans {
  constructor(readonly data: Float64Array) {}

  static create(pieces: number): PieceSpans {
    const data = new Float64Array(new SharedArrayBuffer(8 * (1 + 3 * pieces)));
    for (let i = 0; i < pieces; i++) data.set([Infinity, -Infinity, -Infinity], 1 + 3 * i);
    return new PieceSpans(data);
  }

  publish(index: number, span: { minStart: number; maxStart: number; maxEnd: number }): void {
    this.data.set([span.minStart, span.maxStart, span.maxEnd], 1 + 3 * index);
  }

  get abandoned(): boolean {
    return this.data[0] !== 0;
  }

  abandon(): void {
    this.data[0] = 1;
  }

  /** Why calls unseen by one thread may overlap another's, or null. */
  conflict(mainPieces: readonly Piece[], cuts: readonly Cut[]): string | null {
    const d = this.data;
    const at = (path: string, from: number) => mainPieces.find((p) => p.path === path && p.from === from)!.index;
    const maxOf = (lo: number, hi: number, field: number) => {
      let m = -Infinity;
      for (let i = lo; i < hi; i++) m = Math.max(m, d[1 + 3 * i + field]!);
      return m;
    };
    const minStartFrom = (lo: number) => {
      let m = Infinity;
      for (let i = lo; i < mainPieces.length; i++) m = Math.min(m, d[1 + 3 * i]!);
      return m;
    };
    for (const c of cuts) {
      const w = at(c.path, c.w), b = at(c.path, c.b), l = at(c.path, c.l);
      // The later thread saw rows from w on: everything before must have ended before its first call started.
      if (maxOf(0, w, 2) > minStartFrom(b)) return `a call before ${c.path} byte ${c.w} overlaps calls after byte ${c.b}`;
      // The earlier thread saw rows up to l: nothing after may have started before its last call did.
      if (minStartFrom(l) < maxOf(0, b, 1)) return `a call after ${c.path} byte ${c.l} started before calls before byte ${c.b}`;
    }
    return null;
  }
}

/** null when the read was exact, else why not. */
export function verifyRead(mainPieces: readonly Piece[], cuts: readonly Cut[], results: readonly PieceResult[], spans: PieceSpans): string | null {
  if (spans.abandoned) return 'given up while reading';
  const byIndex = [...results].sort((a, b) => a.index - b.index);
  if (byIndex.length !== mainPieces.length || byIndex.some((r, i) => r.index !== i)) return 'a thread did not report every piece';
  const dirty = byIndex.find((r) => !r.clean);
  if (dirty) return `piece ${dirty.index} did not end between two records (a quoted line break at a cut?)`;
  return spans.conflict(mainPieces, cuts);
}

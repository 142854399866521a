// Whether a parallel read gave exactly what one reader would have. Every cut
// must fall between records, and no call one worker never saw may overlap a
// call of another's: the overlap each side of a cut must reach past the
// longest call in progress there.
import type { Cut, Piece } from './plan.js';

/** What a worker found in one of its main pieces. */
export interface PieceResult {
  index: number;
  /** It ended exactly at its end offset, on a record's end (always true for a piece read to the end of its file). */
  clean: boolean;
  /** Outbound calls: earliest and latest start, latest end (as concurrency counts it), epoch ms. */
  minStart: number;
  maxStart: number;
  maxEnd: number;
}

export function emptyPieceResult(index: number): PieceResult {
  return { index, clean: false, minStart: Infinity, maxStart: -Infinity, maxEnd: -Infinity };
}

/** null when the read was exact, else why not. */
export function verifyRead(mainPieces: readonly Piece[], cuts: readonly Cut[], results: readonly PieceResult[]): string | null {
  const byIndex = [...results].sort((a, b) => a.index - b.index);
  if (byIndex.length !== mainPieces.length || byIndex.some((r, i) => r.index !== i)) return 'a worker did not report every piece';
  const dirty = byIndex.find((r) => !r.clean);
  if (dirty) return `piece ${dirty.index} did not end between two records (a quoted line break at a cut?)`;
  const at = (path: string, from: number) => mainPieces.find((p) => p.path === path && p.from === from)!.index;
  const maxOf = (lo: number, hi: number, f: (r: PieceResult) => number) => byIndex.slice(lo, hi).reduce((m, r) => Math.max(m, f(r)), -Infinity);
  const minOf = (lo: number, f: (r: PieceResult) => number) => byIndex.slice(lo).reduce((m, r) => Math.min(m, f(r)), Infinity);
  for (const c of cuts) {
    const w = at(c.path, c.w), b = at(c.path, c.b), l = at(c.path, c.l);
    // The later worker saw rows from w on: everything before must have ended before its first call started.
    if (maxOf(0, w, (r) => r.maxEnd) > minOf(b, (r) => r.minStart)) return `a call before ${c.path} byte ${c.w} overlaps calls after byte ${c.b}`;
    // The earlier worker saw rows up to l: nothing after may have started before its last call did.
    if (minOf(l, (r) => r.minStart) < maxOf(0, b, (r) => r.maxStart)) return `a call after ${c.path} byte ${c.l} started before calls before byte ${c.b}`;
  }
  return null;
}

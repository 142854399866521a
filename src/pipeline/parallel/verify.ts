// Whether a parallel read gives exactly what one reader would have. Every cut
// must fall between records, and no call a thread never saw may overlap one
// of its calls from the same extension (concurrency is counted per
// extension): the overlap each side of a cut must reach past the longest
// call in progress there.
//
// Not covered, as a single reader differs there too only on input no
// Asterisk writes or no PBX makes: a quote left open for more than 16 KiB
// across a cut, and over 256 simultaneous calls of one extension (the
// concurrency tracker's cap on remembered calls).
import type { Cut, Piece } from './plan.js';

/** Earliest and latest start and latest end (as concurrency counts it: at least a second) of calls, epoch ms. */
export type Span = [minStart: number, maxStart: number, maxEnd: number];

export function emptySpan(): Span {
  return [Infinity, -Infinity, -Infinity];
}

export function widen(span: Span, start: number, end: number): void {
  if (start < span[0]) span[0] = start;
  if (start > span[1]) span[1] = start;
  const e = Math.max(end, start + 1000);
  if (e > span[2]) span[2] = e;
}

/** What a thread found in one of its main pieces. */
export interface PieceResult {
  index: number;
  /** It ended exactly at its end offset, on a record's end (always true for a piece read to the end of its file). */
  clean: boolean;
  /** Line number where it ended (relative in a share's relativeLines file). */
  endLine: number;
  /** Outbound calls by extension. */
  spans: Map<string, Span>;
}

/** null when the read was exact, else why not. */
export function verifyRead(mainPieces: readonly Piece[], cuts: readonly Cut[], results: readonly PieceResult[]): string | null {
  const byIndex = [...results].sort((a, b) => a.index - b.index);
  if (byIndex.length !== mainPieces.length || byIndex.some((r, i) => r.index !== i)) return 'a thread did not report every piece';
  const dirty = byIndex.find((r) => !r.clean);
  if (dirty) return `piece ${dirty.index} did not end between two records (a quoted line break at a cut?)`;
  return conflict(cuts, byIndex.map((r) => r.spans));
}

/** Why calls a thread never saw may overlap its own, or null. `spans[i]` is main piece i's, by extension. */
export function conflict(cuts: readonly Cut[], spans: readonly ReadonlyMap<string, Span>[]): string | null {
  const extensions = new Set(spans.flatMap((m) => [...m.keys()]));
  const over = (lo: number, hi: number, ext: string, field: 0 | 1 | 2, pick: (a: number, b: number) => number, start: number) => {
    let v = start;
    for (let i = lo; i < hi; i++) {
      const s = spans[i]!.get(ext);
      if (s) v = pick(v, s[field]);
    }
    return v;
  };
  for (const c of cuts) {
    for (const ext of extensions) {
      // The later thread saw rows from w on: every earlier call must have ended before its first call started.
      if (over(0, c.pieces.w, ext, 2, Math.max, -Infinity) > over(c.pieces.b, spans.length, ext, 0, Math.min, Infinity)) {
        return `a call of ${ext} before ${c.path} byte ${c.w} overlaps its calls after byte ${c.b}`;
      }
      // The earlier thread saw rows up to l: no later call may have started before its last call did.
      if (over(c.pieces.l, spans.length, ext, 0, Math.min, Infinity) < over(0, c.pieces.b, ext, 1, Math.max, -Infinity)) {
        return `a call of ${ext} after ${c.path} byte ${c.l} started before its calls before byte ${c.b}`;
      }
    }
  }
  return null;
}

const ABANDON_REASONS = ['rows more than a day out of time order across a cut', 'over 10,000 bad rows (reported as they are read)'];

/**
 * The same check over all extensions at once, in memory every thread shares
 * and updates once a batch: a read that will not pass (rows a day or more
 * out of time order, say a rotated file listed out of order) is given up
 * early instead of read to the end and then again. Values only widen, so a
 * conflict seen halfway stays one; slot 0 says a thread gave up.
 */
export class SharedSpans {
  /** Out of order by less than this may still pass per extension: read on. */
  static readonly SLACK_MS = 86_400_000;

  constructor(readonly data: Float64Array) {}

  static create(pieces: number): SharedSpans {
    const data = new Float64Array(new SharedArrayBuffer(8 * (1 + 3 * pieces)));
    for (let i = 0; i < pieces; i++) data.set(emptySpan(), 1 + 3 * i);
    return new SharedSpans(data);
  }

  publish(index: number, span: Span): void {
    this.data.set(span, 1 + 3 * index);
  }

  get abandoned(): boolean {
    return this.data[0] !== 0;
  }

  /** Why a thread gave up, once one has. */
  get reason(): string | null {
    return this.abandoned ? ABANDON_REASONS[this.data[0]! - 1]! : null;
  }

  abandon(why: 'out of order' | 'bad rows'): void {
    if (!this.abandoned) this.data[0] = why === 'out of order' ? 1 : 2;
  }

  /** Gives up when some cut is already out of order by more than the slack. */
  check(cuts: readonly Cut[]): boolean {
    if (this.abandoned) return true;
    const d = this.data;
    const n = (d.length - 1) / 3;
    const late = (s: Span): Span => [s[0] + SharedSpans.SLACK_MS, s[1], s[2]]; // starts a day later still count as in order
    const spans = Array.from({ length: n }, (_, i) => new Map([['*', late([d[1 + 3 * i]!, d[2 + 3 * i]!, d[3 + 3 * i]!])]]));
    if (conflict(cuts, spans) !== null) this.abandon('out of order');
    return this.abandoned;
  }
}

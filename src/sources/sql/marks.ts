// The incremental reading's high-water mark: the latest END time read (rows are
// written when calls end, so a long call that began before the mark still
// arrives after it), and the keys of the rows within the overlap window before
// it; the next read re-reads that window for rows written late and skips the
// keys it already had. Stamps are compared as naive wall-clock times, as the
// databases' own datetime arithmetic does.
import type { PbxClock } from '../../time/pbx-clock.js';
import { InputError } from '../cdr.js';

export interface Position {
  v: 1;
  mark: string;
  keys: string[];
}

export class MarkTracker {
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

export function parsePosition(text: string, where: string): Position {
  try {
    const p = JSON.parse(text) as Position;
    if (p.v === 1 && typeof p.mark === 'string' && Array.isArray(p.keys) && p.keys.every((k) => typeof k === 'string')) return p;
  } catch {
    // fall through
  }
  throw new InputError(`${where}: stored ingest position is not one this source wrote: ${JSON.stringify(text.slice(0, 60))}`);
}

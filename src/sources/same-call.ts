// One call, one record. With cdr.conf `unanswered=yes` and a priority after
// Dial (a `Hangup()`, a Playback of "number unavailable"), Asterisk writes two
// records for a busy or unanswered call: the Dial one (dstchannel, lastdata
// with the dial string), then one for what the channel did after Dial returned
// (lastapp Hangup, no dstchannel). Both carry the caller's uniqueid and
// linkedid; only `sequence` differs (cdr.c numbers every record of a channel's
// chain, so it tells the rows apart and never joins them). Counted as they
// are, every such call is two attempts and every failed count doubles.
//
// Asterisk posts a channel's records together when it hangs up, so they are
// adjacent in Master.csv, or a few rows apart when other calls end at the same
// moment; a table is written in the same order. Rows are therefore held in a
// window of the last SAME_CALL_WINDOW rows, looked up by uniqueid (no key is
// built from the fields: a Map of uniqueid to the slot holding its row, the
// channel and linkedid compared as they are). Memory stays bounded whatever the
// size of the input; two records of one call more than the window apart are
// counted as two, as before. Cost: about 0.2 us a row (1M rows in 0.2-0.25 s on
// the 2-core test machine, against 10-12 s of CPU for the whole report).
import type { Cdr, Disposition } from './cdr.js';

/** Rows held back to find the other records of their calls: far more than Asterisk ever puts between them. */
export const SAME_CALL_WINDOW = 256;

/**
 * Merges the records of one call, in row order. Each row comes in with a tag
 * (whose stats count it, whether it is the reader's own); a merged call goes
 * out once, with its first row's tag, when it leaves the window or at flush().
 * The window is a ring of slots (no object per row: a row held for a few
 * hundred rows would otherwise outlive the young generation), and a Map from
 * uniqueid to the number of the last slot that held it.
 */
export class SameCallRows<T> {
  private readonly cdrs: (Cdr | undefined)[];
  private readonly tags: (T | undefined)[];
  /** Rows taken so far (the next slot's number) and rows let out (the oldest held row's number). */
  private taken = 0;
  private released = 0;
  private readonly lastSlot = new Map<string, number>();

  constructor(
    /** A call, merged or not, leaving the window. */
    private readonly emit: (cdr: Cdr, tag: T) => void,
    /** A row folded into an earlier row of its call (tag: the folded row's). */
    private readonly merged: (tag: T) => void,
    private readonly capacity = SAME_CALL_WINDOW,
  ) {
    this.cdrs = new Array<Cdr | undefined>(capacity);
    this.tags = new Array<T | undefined>(capacity);
  }

  push(cdr: Cdr, tag: T): void {
    const id = cdr.uniqueid;
    if (id !== '') {
      const n = this.lastSlot.get(id);
      if (n !== undefined && n >= this.released) {
        const slot = n % this.capacity;
        const held = this.cdrs[slot]!;
        const one = sameChannel(held, cdr) ? mergeRecords(held, cdr) : null;
        if (one) {
          this.cdrs[slot] = one;
          this.merged(tag);
          return;
        }
      }
    }
    if (this.taken - this.released === this.capacity) this.release();
    const slot = this.taken % this.capacity;
    this.cdrs[slot] = cdr;
    this.tags[slot] = tag;
    if (id !== '') this.lastSlot.set(id, this.taken);
    this.taken++;
  }

  /** Lets every held row out (end of the read). */
  flush(): void {
    while (this.released < this.taken) this.release();
  }

  private forgetReleased(): void {
    for (const [id, n] of this.lastSlot) if (n < this.released) this.lastSlot.delete(id);
  }

  private release(): void {
    const n = this.released++;
    const slot = n % this.capacity;
    const cdr = this.cdrs[slot]!;
    const tag = this.tags[slot] as T;
    this.cdrs[slot] = this.tags[slot] = undefined;
    // Entries of rows let out are left (n < released says so) and dropped in bulk: one Map operation less per row.
    if (this.lastSlot.size > 4 * this.capacity) this.forgetReleased();
    this.emit(cdr, tag);
  }
}

function sameChannel(a: Cdr, b: Cdr): boolean {
  return a.channel === b.channel && a.linkedid === b.linkedid;
}

/** Dispositions that say why a call failed; NO ANSWER is what Asterisk writes when it knows no more. */
const SPECIFIC_FAILURE: ReadonlySet<Disposition> = new Set(['BUSY', 'CONGESTION', 'FAILED']);

/**
 * The one record for two records of a channel, or null when they are two calls:
 * each reached a far end (a dstchannel each: a second trunk tried after the
 * first failed, a transfer, a forked Dial), and each may have cost money.
 *
 * The record kept is the one that says most about the call: the one with a
 * dstchannel (what was dialled, which trunk; the other only holds what ran
 * after Dial returned), else the one with a lastdata (a dial string), else the
 * first. Its disposition is the far end's and stands, except that a NO ANSWER
 * gives way to the other record's BUSY, CONGESTION or FAILED, which says more.
 * The other record's ANSWERED is never taken: a PBX answering its own channel
 * to play a message after a failed Dial is not the call being answered, and
 * its billsec costs nothing, so the kept record's times and billsec stand too.
 */
export function mergeRecords(a: Cdr, b: Cdr): Cdr | null {
  if (a.dstchannel !== '' && b.dstchannel !== '') return null;
  const bFirst = rank(b) > rank(a);
  const kept = bFirst ? b : a;
  const other = bFirst ? a : b;
  if (kept.disposition === 'NO ANSWER' && SPECIFIC_FAILURE.has(other.disposition)) return { ...kept, disposition: other.disposition };
  return kept;
}

function rank(c: Cdr): number {
  return (c.dstchannel !== '' ? 2 : 0) + (c.lastdata !== '' ? 1 : 0);
}

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
// built from the fields: a Map of uniqueid to the rows holding it, the channel
// and linkedid compared as they are). Memory stays bounded whatever the size
// of the input; two records of one call more than the window apart are counted
// as two, as before.
import type { Cdr, Disposition } from './cdr.js';

/** Rows held back to find the other records of their calls: far more than Asterisk ever puts between them. */
export const SAME_CALL_WINDOW = 256;

interface Held<T> {
  cdr: Cdr;
  tag: T;
  released: boolean;
}

/**
 * Merges the records of one call, in row order. Each row comes in with a tag
 * (whose stats count it, whether it is the reader's own); a merged call goes
 * out once, with its first row's tag, when it leaves the window or at flush().
 */
export class SameCallRows<T> {
  private queue: (Held<T> | undefined)[] = [];
  private head = 0;
  private readonly byUniqueid = new Map<string, Held<T>[]>();

  constructor(
    /** A call, merged or not, leaving the window. */
    private readonly emit: (cdr: Cdr, tag: T) => void,
    /** A row folded into an earlier row of its call (tag: the folded row's). */
    private readonly merged: (tag: T) => void,
    private readonly capacity = SAME_CALL_WINDOW,
  ) {}

  push(cdr: Cdr, tag: T): void {
    const held: Held<T> = { cdr, tag, released: false };
    if (cdr.uniqueid !== '') {
      const list = this.byUniqueid.get(cdr.uniqueid);
      const last = list?.[list.length - 1];
      const one = last && sameChannel(last.cdr, cdr) ? mergeRecords(last.cdr, cdr) : null;
      if (one) {
        last!.cdr = one;
        this.merged(tag);
        return;
      }
      if (list) list.push(held);
      else this.byUniqueid.set(cdr.uniqueid, [held]);
    }
    this.queue.push(held);
    if (this.queue.length - this.head > this.capacity) this.release();
  }

  /** Lets every held row out (end of the read). */
  flush(): void {
    while (this.head < this.queue.length) this.release();
    this.queue = [];
    this.head = 0;
  }

  private release(): void {
    const held = this.queue[this.head]!;
    this.queue[this.head++] = undefined;
    if (this.head > 4096 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    const id = held.cdr.uniqueid;
    if (id !== '') {
      // Rows of a uniqueid leave in the order they came: this one is first in its list.
      const list = this.byUniqueid.get(id)!;
      if (list.length === 1) this.byUniqueid.delete(id);
      else list.shift();
    }
    this.emit(held.cdr, held.tag);
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

// Turns rows of a CDR table (every value as text, NULL as null) into Cdrs
// exactly as the CSV source would, or reports why not. Whatever the backend:
// the query selects the layout's fields in order, then the high-water stamp,
// then the auto-increment id where the table has one.
import { createHash } from 'node:crypto';
import type { CdrColumnField } from '../../config/cdr-database.js';
import { addDays, type PbxClock } from '../../time/pbx-clock.js';
import { type Cdr, type DayRange, type ReadOptions, type SourceStats, timingProblem } from '../cdr.js';
import { parseSeconds, toDisposition } from '../cdr-csv-row.js';
import { type CallTimes, StampParser, settleRepeatedHour } from '../cdr-csv-stamp.js';
import type { CdrLayout } from './layout.js';

export type SqlRow = (string | null)[];

/** Fields in the order they are selected. */
export const SELECT_ORDER: readonly CdrColumnField[] = [
  'accountcode', 'src', 'dst', 'dcontext', 'clid', 'channel', 'dstchannel', 'lastapp', 'lastdata', 'start', 'answer', 'end',
  'duration', 'billsec', 'disposition', 'amaflags', 'uniqueid', 'userfield', 'linkedid', 'sequence', 'did', 'cnum',
];
const AMAFLAGS: Record<string, string> = { '1': 'OMIT', '2': 'BILLING', '3': 'DOCUMENTATION' };

export function selectedFields(layout: CdrLayout): CdrColumnField[] {
  return SELECT_ORDER.filter((f) => layout.columns[f]);
}

/** A datetime column's "no value": empty, or MySQL's zero date (FreePBX's columns are NOT NULL DEFAULT ''). */
const absent = (text: string) => text === '' || text.startsWith('0000-00-00');

export class RowConverter {
  private readonly at: Partial<Record<CdrColumnField, number>> = {};
  private readonly stamps: StampParser;
  private readonly idAt: number | undefined;
  private rowNumber = 0;

  constructor(
    clock: PbxClock,
    gmt: boolean,
    private readonly layout: CdrLayout,
    private readonly fields: CdrColumnField[],
    private readonly where: string,
    private readonly onBadRow: ReadOptions['onBadRow'],
    private readonly stats: SourceStats,
  ) {
    fields.forEach((f, i) => (this.at[f] = i));
    this.idAt = layout.rowId ? fields.length + 1 : undefined;
    // Instant columns are selected as UTC, so they parse as GMT stamps.
    this.stamps = new StampParser(clock, layout.withZone || gmt);
  }

  private get(row: SqlRow, f: CdrColumnField): string {
    const i = this.at[f];
    return i === undefined ? '' : (row[i] ?? '');
  }

  /** The row's auto-increment id; else uniqueid + sequence; else a hash of the whole row. */
  key(row: SqlRow): string {
    if (this.idAt !== undefined && row[this.idAt] != null) return `#${row[this.idAt]}`;
    const uniqueid = this.get(row, 'uniqueid');
    if (uniqueid !== '' && this.at.sequence !== undefined) return JSON.stringify([uniqueid, this.get(row, 'sequence')]);
    return createHash('sha1').update(row.map((v) => (v === null ? '\\N' : v)).join('\t')).digest('base64url').slice(0, 22);
  }

  toCdr(row: SqlRow, key: string): Cdr | null {
    this.stats.rowsRead++;
    this.rowNumber++;
    const uniqueid = this.get(row, 'uniqueid');
    const sequence = this.get(row, 'sequence');
    const origin = uniqueid === '' ? `cdr#row${this.rowNumber}` : sequence === '' ? `cdr#${uniqueid}` : `cdr#${uniqueid}/${sequence}`;
    const result = this.convert(row, origin);
    // The window is applied by the source, after the records of a call are merged (same-call.ts).
    if (typeof result !== 'string') return result;
    this.stats.rowsQuarantined++;
    const raw: Record<string, string | null> = {};
    this.fields.forEach((f, i) => (raw[f] = row[i] ?? null));
    this.onBadRow({ where: this.where, line: uniqueid === '' ? `row ${this.rowNumber} (key ${key})` : origin.slice(4), reason: result, raw: JSON.stringify(raw) });
    return null;
  }

  private convert(row: SqlRow, origin: string): Cdr | string {
    const startText = this.get(row, 'start');
    if (absent(startText)) return `${this.layout.timeColumn} is empty`;
    let start = this.stamps.parse(startText.slice(0, 19));
    if (start !== start) return `bad start time ${JSON.stringify(startText)}`;
    const duration = parseSeconds(this.get(row, 'duration'));
    if (duration < 0) return `duration ${JSON.stringify(this.get(row, 'duration'))} is not a whole number of seconds`;
    const billsec = parseSeconds(this.get(row, 'billsec'));
    if (billsec < 0) return `billsec ${JSON.stringify(this.get(row, 'billsec'))} is not a whole number of seconds`;
    let end: number;
    if (this.at.end !== undefined) {
      const endText = this.get(row, 'end');
      end = absent(endText) ? NaN : this.stamps.parse(endText.slice(0, 19));
      if (end !== end) return `bad end time ${JSON.stringify(endText)}`;
    } else {
      end = start + duration * 1000; // calldate and duration only (the older layout, FreePBX)
    }
    let answer: number | null;
    if (this.at.answer !== undefined) {
      const answerText = this.get(row, 'answer');
      answer = absent(answerText) ? null : this.stamps.parse(answerText.slice(0, 19));
      if (answer !== null && answer !== answer) return `bad answer time ${JSON.stringify(answerText)}`;
    } else {
      answer = billsec > 0 ? end - billsec * 1000 : null;
    }
    const dispositionText = this.get(row, 'disposition');
    const disposition = toDisposition(dispositionText);
    if (disposition === undefined) return `unknown disposition ${JSON.stringify(dispositionText)}`;
    const t: CallTimes = { start, answer, end };
    settleRepeatedHour(this.stamps, t, duration, billsec);
    ({ start, answer, end } = t);
    const timing = timingProblem(start, answer, end, duration, billsec);
    if (timing !== null) return timing;
    const amaflags = this.get(row, 'amaflags');
    const cdr: Cdr = {
      accountcode: this.get(row, 'accountcode'),
      src: this.get(row, 'src'),
      dst: this.get(row, 'dst'),
      dcontext: this.get(row, 'dcontext'),
      clid: this.get(row, 'clid'),
      channel: this.get(row, 'channel'),
      dstchannel: this.get(row, 'dstchannel'),
      lastapp: this.get(row, 'lastapp'),
      lastdata: this.get(row, 'lastdata'),
      start,
      answer,
      end,
      duration,
      billsec,
      disposition,
      amaflags: AMAFLAGS[amaflags] ?? amaflags,
      uniqueid: this.get(row, 'uniqueid'),
      userfield: this.get(row, 'userfield'),
      linkedid: this.get(row, 'linkedid'),
      origin,
    };
    // FreePBX's columns, only where the table has them (an empty one is absent).
    if (this.at.did !== undefined) cdr.did = this.get(row, 'did');
    if (this.at.cnum !== undefined) cdr.cnum = this.get(row, 'cnum');
    return cdr;
  }
}

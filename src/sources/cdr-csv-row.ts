// Checks one cdr_csv record and turns it into a Cdr, or says what is wrong.
import { timingProblem, type Cdr, type Disposition } from './cdr.js';
import { type CsvLayout, columnNames } from './csv-layout.js';
import { type CallTimes, type StampParser, settleRepeatedHour } from './cdr-csv-stamp.js';

/** Asterisk drops whole records over 1024 bytes, so a longer field was not written by it. */
export const MAX_FIELD_BYTES = 1024;

/** A Cdr, or the reason the record is bad. Fields past `count` are ignored. */
export function toCdr(f: string[], count: number, layout: CsvLayout, stamps: StampParser, origin: string): Cdr | string {
  if (count !== layout.columns) return `${count} columns, layout ${layout.name} has ${layout.columns}`;
  for (let k = 0; k < count; k++) {
    const v = f[k]!;
    if (v.length > MAX_FIELD_BYTES / 4 && Buffer.byteLength(v) > MAX_FIELD_BYTES) {
      return `field ${columnNames(layout)[k]} is ${Buffer.byteLength(v)} bytes (Asterisk writes at most ${MAX_FIELD_BYTES})`;
    }
  }
  const start = stamps.parse(f[9]!);
  if (start !== start) return `bad start time ${quote(f[9]!)}`;
  const answerText = f[10]!;
  const answer = answerText === '' ? null : stamps.parse(answerText);
  if (answer !== null && answer !== answer) return `bad answer time ${quote(answerText)}`;
  const end = stamps.parse(f[11]!);
  if (end !== end) return `bad end time ${quote(f[11]!)}`;
  const duration = parseSeconds(f[12]!);
  if (duration < 0) return badSeconds('duration', f[12]!);
  const billsec = parseSeconds(f[13]!);
  if (billsec < 0) return badSeconds('billsec', f[13]!);
  const disposition = toDisposition(f[14]!);
  if (disposition === undefined) return `unknown disposition ${quote(f[14]!)}`;
  const t: CallTimes = { start, answer, end };
  settleRepeatedHour(stamps, t, duration, billsec);
  const timing = timingProblem(t.start, t.answer, t.end, duration, billsec);
  if (timing !== null) return timing;
  return {
    accountcode: f[0]!,
    src: f[1]!,
    dst: f[2]!,
    dcontext: f[3]!,
    clid: f[4]!,
    channel: f[5]!,
    dstchannel: f[6]!,
    lastapp: f[7]!,
    lastdata: f[8]!,
    start: t.start,
    answer: t.answer,
    end: t.end,
    duration,
    billsec,
    disposition,
    amaflags: f[15]!,
    uniqueid: layout.uniqueid >= 0 ? f[layout.uniqueid]! : '',
    userfield: layout.userfield >= 0 ? f[layout.userfield]! : '',
    linkedid: layout.linkedid >= 0 ? f[layout.linkedid]! : '',
    origin,
  };
}

/** Non-negative integer seconds, -1 otherwise. Hand-parsed: Number() accepts "", " 1", "1e3", "0x10". */
export function parseSeconds(v: string): number {
  const n = v.length;
  if (n === 0 || n > 12) return -1;
  let x = 0;
  for (let i = 0; i < n; i++) {
    const d = v.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    x = x * 10 + d;
  }
  return x;
}

function badSeconds(name: string, v: string): string {
  return v.charCodeAt(0) === 45 && parseSeconds(v.slice(1)) >= 0 ? `negative ${name} ${v}` : `${name} ${quote(v)} is not a whole number of seconds`;
}

/** Names as cdr_csv writes them, and the numeric codes some backends store. */
export function toDisposition(v: string): Disposition | undefined {
  switch (v) {
    case 'ANSWERED': case '8': return 'ANSWERED';
    case 'NO ANSWER': case '0': case '1': return 'NO ANSWER';
    case 'BUSY': case '4': return 'BUSY';
    case 'FAILED': case '2': return 'FAILED';
    case 'CONGESTION': case '16': return 'CONGESTION';
    case 'CANCEL': case '32': return 'CANCEL';
    default: return undefined;
  }
}

/** A value for an error message: JSON-quoted (control characters escaped) and cut short. */
function quote(v: string): string {
  return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v);
}

// Writes records exactly as Asterisk's cdr_csv does (18 columns: loguniqueid
// and loguserfield on): strings double-quoted with " doubled, durations bare,
// an unanswered call's answer field empty and unquoted.
import type { Cdr } from '../sources/cdr.js';

/** A record as cdr_csv writes it: the times still naive local strings. */
export type CsvCdr = Pick<Cdr, 'src' | 'dst' | 'dcontext' | 'clid' | 'channel' | 'dstchannel' | 'lastapp' | 'lastdata' | 'duration' | 'billsec' | 'disposition' | 'uniqueid'> &
  Partial<Pick<Cdr, 'accountcode' | 'amaflags' | 'userfield'>> & {
    start: string;
    answer: string | null;
    end: string;
  };

const q = (s: string) => `"${s.replace(/"/g, '""')}"`;

export function masterCsvLine(r: CsvCdr): string {
  return [
    q(r.accountcode ?? ''),
    q(r.src),
    q(r.dst),
    q(r.dcontext),
    q(r.clid),
    q(r.channel),
    q(r.dstchannel),
    q(r.lastapp),
    q(r.lastdata),
    q(r.start),
    r.answer === null ? '' : q(r.answer),
    q(r.end),
    String(r.duration),
    String(r.billsec),
    q(r.disposition),
    q(r.amaflags ?? 'DOCUMENTATION'),
    q(r.uniqueid),
    q(r.userfield ?? ''),
  ].join(',');
}

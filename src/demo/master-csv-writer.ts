// Writes records exactly as Asterisk's cdr_csv does (18 columns: loguniqueid
// and loguserfield on): strings double-quoted with " doubled, durations bare,
// an unanswered call's answer field empty and unquoted.

export interface CsvCdr {
  accountcode?: string;
  src: string;
  dst: string;
  dcontext: string;
  clid: string;
  channel: string;
  dstchannel: string;
  lastapp: string;
  lastdata: string;
  start: string;
  answer: string | null;
  end: string;
  duration: number;
  billsec: number;
  disposition: string;
  amaflags?: string;
  uniqueid: string;
  userfield?: string;
}

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

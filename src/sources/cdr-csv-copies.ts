// Which cdr_csv inputs are copies of another input's rows. With cdr.conf
// accountlogs=yes, cdr_csv writes each record of an account to Master.csv and,
// byte for byte, to <accountcode>.csv beside it: a glob like *.csv takes both,
// and every call of the account would count twice. A file is taken for such a
// copy only when it looks like one (rows sampled from its start and end all
// carry the accountcode it is named after, and a Master.csv is in its folder)
// and those rows are all, byte for byte, lines of the Master.csv files read
// beside it. Anything else is read, whatever its name: a history.csv named by
// hand is history, never a reason to start cold.
import { open } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { isMasterFamily, liveName, openCsvStream } from './cdr-csv-files.js';

/** Lines sampled from each end of a file. */
const SAMPLE_LINES = 8;
/** Bytes read at each end for them (Asterisk's records are at most 1 KiB). */
const SAMPLE_BYTES = 32 * 1024;

export type CopyVerdict =
  /** Every sampled row is a row of these files: skip it. */
  | { kind: 'copy'; of: string[] }
  /** Some are, some are not: read it, and say its shared rows count twice. */
  | { kind: 'overlap'; with: string[] }
  | { kind: 'own' };

/** The verdict for each input that is not a Master.csv (by path). */
export async function findCopies(paths: readonly string[]): Promise<Map<string, CopyVerdict>> {
  const out = new Map<string, CopyVerdict>();
  const masters = paths.filter(isMasterFamily);
  for (const path of paths.filter((p) => !isMasterFamily(p))) {
    const beside = masters.filter((m) => dirname(m) === dirname(path));
    out.set(path, beside.length === 0 ? { kind: 'own' } : await verdict(path, beside));
  }
  return out;
}

async function verdict(path: string, masters: string[]): Promise<CopyVerdict> {
  const account = liveName(path).slice(0, -'.csv'.length);
  const lines = await sampleLines(path);
  const prefix = `"${account.replace(/"/g, '""')}",`;
  if (lines.length === 0 || !lines.every((l) => l.startsWith(prefix))) return { kind: 'own' };
  // logrotate rotates sales.csv and Master.csv together: sales.csv.1's rows are in Master.csv.1.
  const suffix = (p: string) => basename(p).slice(liveName(p).length);
  const order = [...masters].sort((a, b) => Number(suffix(b) === suffix(path)) - Number(suffix(a) === suffix(path)));
  const left = new Set(lines);
  const holders: string[] = [];
  for (const master of order) {
    const found = await linesIn(master, left);
    if (found.length === 0) continue;
    holders.push(master);
    for (const l of found) left.delete(l);
    if (left.size === 0) return { kind: 'copy', of: holders };
  }
  return holders.length > 0 ? { kind: 'overlap', with: holders } : { kind: 'own' };
}

/** Up to SAMPLE_LINES whole lines from the file's start and from its end (the start only for .gz). */
async function sampleLines(path: string): Promise<string[]> {
  const head: Buffer[] = [];
  let got = 0;
  for await (const chunk of openCsvStream(path, 0)) {
    head.push(chunk as Buffer);
    if ((got += (chunk as Buffer).length) >= SAMPLE_BYTES) break;
  }
  const start = wholeLines(Buffer.concat(head), got < SAMPLE_BYTES).slice(0, SAMPLE_LINES);
  if (path.endsWith('.gz') || got < SAMPLE_BYTES) return [...new Set(start)];
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const from = Math.max(0, size - SAMPLE_BYTES);
    const buf = Buffer.alloc(size - from);
    await file.read(buf, 0, buf.length, from);
    const lines = wholeLines(buf, true);
    const end = (from > 0 ? lines.slice(1) : lines).slice(-SAMPLE_LINES);
    return [...new Set([...start, ...end])];
  } finally {
    await file.close();
  }
}

/** Non-empty lines of `buf`; the last one only when `toEnd` (it may be cut short otherwise). */
function wholeLines(buf: Buffer, toEnd: boolean): string[] {
  const lines = buf.toString('utf8').split('\n');
  if (!toEnd) lines.pop();
  return lines.map((l) => l.replace(/\r$/, '')).filter((l) => l !== '');
}

/** Which of `wanted` are whole lines of the file (streamed once; stops when all are found). */
async function linesIn(path: string, wanted: ReadonlySet<string>): Promise<string[]> {
  // A line is whole between two newlines (LF or CRLF, for a file that went through an editor).
  const needles = [...wanted].map((line) => ({ line, lf: Buffer.from(`\n${line}\n`), crlf: Buffer.from(`\n${line}\r\n`) }));
  const longest = Math.max(...needles.map((n) => n.crlf.length));
  const found: string[] = [];
  const look = (buf: Buffer) => {
    for (let i = needles.length - 1; i >= 0; i--) {
      const n = needles[i]!;
      if (buf.indexOf(n.lf) < 0 && buf.indexOf(n.crlf) < 0) continue;
      found.push(n.line);
      needles.splice(i, 1);
    }
  };
  let carry = Buffer.from('\n'); // the first line has no newline before it
  for await (const chunk of openCsvStream(path, 0)) {
    const buf = Buffer.concat([carry, chunk as Buffer]);
    look(buf);
    if (needles.length === 0) return found;
    carry = buf.subarray(Math.max(0, buf.length - longest + 1));
  }
  look(Buffer.concat([carry, Buffer.from('\n')])); // a last line without a newline
  return found;
}

// One Call Detail Record as Asterisk wrote it, whatever backend it came from
// (cdr_csv, cdr_pgsql). Times are epoch milliseconds; the source has already
// applied the PBX timezone (or GMT) to the naive timestamps Asterisk writes.

export const DISPOSITIONS = ['ANSWERED', 'NO ANSWER', 'BUSY', 'FAILED', 'CONGESTION', 'CANCEL'] as const;
export type Disposition = (typeof DISPOSITIONS)[number];

export interface Cdr {
  accountcode: string;
  src: string;
  dst: string;
  dcontext: string;
  clid: string;
  channel: string;
  dstchannel: string;
  lastapp: string;
  lastdata: string;
  start: number;
  /** null when the call was never answered (Asterisk writes an empty field). */
  answer: number | null;
  end: number;
  duration: number;
  billsec: number;
  disposition: Disposition;
  amaflags: string;
  uniqueid: string;
  userfield: string;
  linkedid: string;
  /** FreePBX's did and cnum columns (the DID an inbound call came in on, the caller's number), where the source has them. */
  did?: string;
  cnum?: string;
  /** Where the record came from, for explanations and the quarantine: "Master.csv:17" or "cdr#1234". */
  origin: string;
}

/** A record the source could not turn into a Cdr. It is counted and set aside, never dropped. */
export interface BadRow {
  /** File path or table name. */
  where: string;
  /** 1-based line (file) or row number/key (database). */
  line: number | string;
  reason: string;
  raw: string;
}

/** Local-day window in the PBX timezone, both ends inclusive (YYYY-MM-DD). */
export interface DayRange {
  from: string;
  to: string;
}

/** Counters every source keeps; rowsRead = rowsUsed + rowsQuarantined + rowsOutsideWindow + rowsMerged. */
export interface SourceStats {
  rowsRead: number;
  rowsQuarantined: number;
  rowsOutsideWindow: number;
  /** Second records of a call folded into its first (cdr.conf unanswered=yes: see same-call.ts). */
  rowsMerged: number;
}

export interface ReadOptions {
  /** Only records whose start falls on these local days are yielded. */
  days: DayRange;
  /** Called for every bad row; the source carries on unless it throws (strict mode). */
  onBadRow: (row: BadRow) => void;
}

/** A CDR backend: Master.csv files, a PostgreSQL table. Yields batches to keep per-row overhead low. */
export interface CdrSource {
  /** Human description for reports and errors, without secrets. */
  readonly description: string;
  read(options: ReadOptions): AsyncIterable<Cdr[]>;
  readonly stats: SourceStats;
}

/** What is wrong with a record's timing, whichever backend it came from; null when it holds together. */
export function timingProblem(start: number, answer: number | null, end: number, duration: number, billsec: number): string | null {
  if (end < start) return 'end before start';
  if (answer !== null && answer < start) return 'answer before start';
  if (billsec > duration) return `billsec ${billsec} greater than duration ${duration}`;
  return null;
}

/** Thrown when input cannot be read at all (exit status 3). */
export class InputError extends Error {
  override readonly name = 'InputError';
}

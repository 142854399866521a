// Which endpoints are trunks: TRUNKS when set, else the ones the CDRs name
// (the peers of Dial strings to outside numbers, the channels that came in
// on a trunk context). Recognition is over every row a run reads, so it is
// applied after the read, to whole profiles: an endpoint recognised as a
// trunk keeps its key (its baseline stays), but is never judged or locked as
// an extension (locking a trunk would hang up every call on it).
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Config } from '../config/load.js';
import { isCallerKey, recogniseTrunks } from '../enrichment/caller.js';
import type { DailyProfile } from '../profiles/daily-profile.js';
import type { CdrSource, DayRange } from '../sources/cdr.js';
import { createCsvSource } from '../sources/cdr-csv.js';
import { expandCsvPaths } from '../sources/cdr-csv-files.js';
import type { PbxClock } from '../time/pbx-clock.js';
import { ReportFold } from './fold.js';
import { createEnrichment, createSource } from './setup.js';

/**
 * Profiles whose "extension" is a trunk (its own channel dialled out from a
 * context that is not a trunk context, so the row alone could not tell)
 * become trunk callers. Returns the profiles, changed in place.
 */
export function markTrunkProfiles(profiles: DailyProfile[], trunks: ReadonlySet<string>): DailyProfile[] {
  if (trunks.size === 0) return profiles;
  for (const p of profiles) {
    if (p.caller || isCallerKey(p.extension) || !trunks.has(p.extension)) continue;
    p.caller = {
      kind: 'trunk',
      label: `trunk ${p.extension}, dialling out on its own channel`,
      trunk: p.extension,
      context: null,
      forwardOf: null,
      localContext: null,
      extension: null,
      // The calls were not counted one by one here: at least this many went abroad or to premium numbers.
      riskyCalls: Math.max(p.internationalCalls, p.premiumCalls, p.highRiskCalls),
      allowedCalls: 0,
    };
  }
  return profiles;
}

/** Bytes read from the end of each Master.csv by `config check`: days of a large PBX (some 60,000 rows), not the whole file. */
export const TAIL_BYTES = 16 * 1024 * 1024;

/**
 * The trunks a run over `days` would recognise (for `config check`). Reads the
 * configured CDR source; of Master.csv files only those written to in those
 * days, and only their last TAIL_BYTES, so it stays quick on a large file.
 */
export async function trunksInCdrs(config: Config, clock: PbxClock, days: DayRange, tailBytes = TAIL_BYTES): Promise<string[]> {
  return (await recentCdrFacts(config, clock, days, tailBytes)).trunks;
}

/** What `config check` learns from recent CDRs: the trunks a run would recognise, and the dcontexts seen (at most 10,000). */
export async function recentCdrFacts(config: Config, clock: PbxClock, days: DayRange, tailBytes = TAIL_BYTES): Promise<{ trunks: string[]; contexts: Set<string> }> {
  const fold = new ReportFold(clock, createEnrichment(config, clock), days, days, config.pbx);
  const contexts = new Set<string>();
  const source = config.cdr.source === 'csv' ? await csvTail(config, clock, days, tailBytes) : createSource(config, clock);
  for await (const batch of source?.read({ days, onBadRow: () => {} }) ?? []) {
    for (const cdr of batch) {
      fold.add(cdr);
      if (contexts.size < 10_000) contexts.add(cdr.dcontext);
    }
  }
  return { trunks: recogniseTrunks({ trunks: [] }, fold.trunksSeen()), contexts };
}

async function csvTail(config: Config, clock: PbxClock, days: DayRange, tailBytes: number): Promise<CdrSource | null> {
  const since = clock.startOfDay(days.from);
  const paths: string[] = [];
  for (const p of await expandCsvPaths(config.cdr.csv)) if ((await stat(p)).mtimeMs >= since) paths.push(p);
  if (paths.length === 0) return null;
  const resume = (path: string, identity: string) => {
    const start = path.endsWith('.gz') ? 0 : lineStartFrom(path, statSync(path).size - tailBytes);
    return start > 0 ? { identity, offset: start, line: 1 } : undefined;
  };
  return createCsvSource({ paths, layout: config.cdr.csvLayout, gmt: config.cdr.gmt, clock, resume });
}

/** The first line start at or after `offset` (0 for an offset before the file). */
function lineStartFrom(path: string, offset: number): number {
  if (offset <= 0) return 0;
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(64 * 1024);
    for (let at = offset - 1; ; at += buf.length) {
      const n = readSync(fd, buf, 0, buf.length, at);
      if (n === 0) return 0;
      const nl = buf.subarray(0, n).indexOf(10);
      if (nl >= 0) return at + nl + 1;
    }
  } finally {
    closeSync(fd);
  }
}

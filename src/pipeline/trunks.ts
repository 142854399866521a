// Which endpoints are trunks: TRUNKS when set, else the ones the CDRs name
// (the peers of Dial strings to outside numbers, the channels that came in
// on a trunk context). Recognition is over every row a run reads, so it is
// applied after the read, to whole profiles: an endpoint recognised as a
// trunk keeps its key (its baseline stays), but is never judged or locked as
// an extension (locking a trunk would hang up every call on it).
import type { Config } from '../config/load.js';
import { isCallerKey, recogniseTrunks } from '../enrichment/caller.js';
import type { DailyProfile } from '../profiles/daily-profile.js';
import type { DayRange } from '../sources/cdr.js';
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

/** The trunks a run over `days` would recognise (for `config check`): reads the configured CDR source. */
export async function trunksInCdrs(config: Config, clock: PbxClock, days: DayRange): Promise<string[]> {
  const fold = new ReportFold(clock, createEnrichment(config, clock), days, days, config.pbx);
  const source = createSource(config, clock);
  for await (const batch of source.read({ days, onBadRow: () => {} })) for (const cdr of batch) fold.add(cdr);
  return recogniseTrunks({ trunks: [] }, fold.trunksSeen());
}

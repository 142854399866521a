// What `config check` says about trunks: the configured ones, or the ones a
// run would recognise in recent CDRs (pipeline/trunks.ts).
import type { Config } from '../config/load.js';
import { oneLine } from '../actions/report/escape.js';
import { createClock } from '../pipeline/setup.js';
import { freepbxContexts } from '../config/dialplan-presets.js';
import { recentCdrFacts, TAIL_BYTES } from '../pipeline/trunks.js';
import { addDays } from '../time/pbx-clock.js';

/** Days of CDRs read to recognise trunks. */
export const TRUNK_DAYS = 7;

/** The notes on trunks and on the dialplan family (PBX_DIALPLAN) that the last TRUNK_DAYS of CDRs support. */
export async function describeTrunks(config: Config, now = new Date()): Promise<string[]> {
  const clock = createClock(config);
  const today = clock.today(now);
  const days = { from: addDays(today, -(TRUNK_DAYS - 1)), to: today };
  let facts: Awaited<ReturnType<typeof recentCdrFacts>>;
  try {
    facts = await recentCdrFacts(config, clock, days);
  } catch (e) {
    const why = oneLine((e as Error).message, 200);
    return config.pbx.trunks.length > 0
      ? [`trunks (TRUNKS): ${config.pbx.trunks.join(', ')}`, `PBX_DIALPLAN=${config.pbx.dialplan}; the CDRs could not be read to check it (${why})`]
      : [`TRUNKS is not set and no trunks could be recognised: the CDRs could not be read (${why})`];
  }
  const read = config.cdr.source === 'csv' ? `, the last ${TAIL_BYTES / 1024 / 1024} MB of each file` : '';
  const trunks = config.pbx.trunks.length > 0
    ? `trunks (TRUNKS): ${config.pbx.trunks.join(', ')}`
    : `TRUNKS is not set; trunks recognised in the CDRs of ${days.from} to ${days.to}${read} (peers of Dial strings to outside numbers, channels arriving in ${config.pbx.trunkContexts.join(', ')}): ${facts.trunks.length > 0 ? facts.trunks.map((t) => oneLine(t, 80)).join(', ') : 'none'}. Set TRUNKS to name them yourself.`;
  return [trunks, describeDialplan(config.pbx.dialplan, freepbxContexts(facts.contexts), `${days.from} to ${days.to}`)];
}

/** Whether the contexts seen say FreePBX, against PBX_DIALPLAN. */
export function describeDialplan(dialplan: string, seen: string[], when: string): string {
  const list = seen.slice(0, 8).map((c) => oneLine(c, 80)).join(', ') + (seen.length > 8 ? ` and ${seen.length - 8} more` : '');
  if (dialplan === 'freepbx') {
    return seen.length > 0
      ? `PBX_DIALPLAN=freepbx; FreePBX's contexts are in the CDRs of ${when} (${list})`
      : `PBX_DIALPLAN=freepbx, but none of FreePBX's own contexts (ext-local, outrt-N, ext-did, ext-group ...) is in the CDRs of ${when}: is this a FreePBX box?`;
  }
  return seen.length > 0
    ? `the CDRs of ${when} show FreePBX's contexts (${list}): set PBX_DIALPLAN=freepbx so its internal, inbound and ring group contexts are known`
    : `PBX_DIALPLAN=${dialplan}; no FreePBX contexts in the CDRs of ${when}`;
}

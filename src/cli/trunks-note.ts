// What `config check` says about trunks: the configured ones, or the ones a
// run would recognise in recent CDRs (pipeline/trunks.ts).
import type { Config } from '../config/load.js';
import { oneLine } from '../actions/report/escape.js';
import { createClock } from '../pipeline/setup.js';
import { TAIL_BYTES, trunksInCdrs } from '../pipeline/trunks.js';
import { addDays } from '../time/pbx-clock.js';

/** Days of CDRs read to recognise trunks. */
export const TRUNK_DAYS = 7;

export async function describeTrunks(config: Config, now = new Date()): Promise<string> {
  if (config.pbx.trunks.length > 0) return `trunks (TRUNKS): ${config.pbx.trunks.join(', ')}`;
  const clock = createClock(config);
  const today = clock.today(now);
  const days = { from: addDays(today, -(TRUNK_DAYS - 1)), to: today };
  let found: string[];
  try {
    found = await trunksInCdrs(config, clock, days);
  } catch (e) {
    return `TRUNKS is not set and no trunks could be recognised: the CDRs could not be read (${oneLine((e as Error).message, 200)})`;
  }
  const list = found.length > 0 ? found.map((t) => oneLine(t, 80)).join(', ') : 'none';
  const read = config.cdr.source === 'csv' ? `, the last ${TAIL_BYTES / 1024 / 1024} MB of each file` : '';
  return `TRUNKS is not set; trunks recognised in the CDRs of ${days.from} to ${days.to}${read} (peers of Dial strings to outside numbers, channels arriving in ${config.pbx.trunkContexts.join(', ')}): ${list}. Set TRUNKS to name them yourself.`;
}

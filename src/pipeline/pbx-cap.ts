// The PBX-wide cost cap in force today, as the next run would derive it from
// the state store's last LOOKBACK_DAYS (for `config check`): the cap depends
// on the PBX's history, so the configuration alone cannot say it.
import { existsSync } from 'node:fs';
import { redactUrl, type Config } from '../config/load.js';
import { prepareRules } from '../detection/detect.js';
import { pbxDayCost } from '../detection/judge.js';
import type { PbxDayCost } from '../detection/rule.js';
import { describePbxCap, pbxDailyCap, type PbxCostCapOptions } from '../detection/rules/pbx-cost-cap.js';
import { money } from '../detection/explain.js';
import type { DailyProfile } from '../profiles/daily-profile.js';
import { defaultStatePath, openStore } from '../store/open.js';
import { addDays } from '../time/pbx-clock.js';
import { extensionDayKey } from '../profiles/extension-day.js';

/** One line saying the cap in force and how it is derived; reads the store when there is one, changes nothing. */
export async function describePbxCapInForce(config: Config, today: string): Promise<string> {
  const rule = prepareRules(config.detection.rules).find((r) => r.rule.meta.id === 'pbx-cost-cap');
  if (!rule) return 'PBX-wide cost cap (pbx-cost-cap): disabled';
  const options = rule.options as PbxCostCapOptions;
  const currency = config.pricing.currency;
  const lookback = config.detection.lookbackDays;
  let history: PbxDayCost[] | null = null;
  let why = '';
  try {
    history = await storeHistory(config, { from: addDays(today, -lookback), to: addDays(today, -1) });
    if (!history) why = ' (no state store yet: each run derives it from the days it reads)';
  } catch (e) {
    why = ` (the state store could not be read: ${redactUrl((e as Error).message)})`;
  }
  if (!history) return `PBX-wide cost cap (pbx-cost-cap): derived at each run${why}: ${describePbxCap({ cap: 0, basis: 'history', busiest: null, historyDays: 0 }, options, currency, lookback)}`;
  const cap = pbxDailyCap(history, options);
  return `PBX-wide cost cap (pbx-cost-cap) in force today: ${money(cap.cap, currency)}; ${describePbxCap(cap, options, currency, lookback)}`;
}

/** The PBX's daily cost over `days` from the state store, fraudulent extension-days left out; null when there is no store. */
async function storeHistory(config: Config, days: { from: string; to: string }): Promise<PbxDayCost[] | null> {
  if (!config.store.databaseUrl && !existsSync(config.store.statePath ?? defaultStatePath())) return null;
  const store = await openStore(config.store, { migrate: false });
  try {
    const [profiles, findings] = await Promise.all([store.loadProfiles(days), store.findings(days)]);
    const fraud = new Set(findings.filter((f) => f.severity === 'critical' && f.extension !== '*').map((f) => extensionDayKey(f.extension, f.day)));
    const byDay = new Map<string, DailyProfile[]>();
    for (const p of profiles) {
      const list = byDay.get(p.day);
      if (list) list.push(p);
      else byDay.set(p.day, [p]);
    }
    return [...byDay.keys()].sort().map((day) => pbxDayCost(day, byDay.get(day)!, (ext) => fraud.has(extensionDayKey(ext, day))));
  } finally {
    await store.close();
  }
}

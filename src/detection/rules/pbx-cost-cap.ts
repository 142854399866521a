// A daily spend cap over the whole PBX: catches fraud spread thinly over many
// extensions. The cap comes from the PBX's own history (a multiple of its
// costliest recent day, never below a floor), so a 3,000-extension PBX is not
// critical every weekday; PBX_DAILY_COST_CAP, when set, is a ceiling it never
// goes above. Counts every extension, exempt ones too, because the bill does.
import { z } from 'zod';
import { costShare } from '../concerns.js';
import { money, round, sentences, statistics } from '../explain.js';
import { definePbxRule, type PbxDayCost } from '../rule.js';

const options = z.object({
  /** Ceiling (PBX_DAILY_COST_CAP): the cap is never above it, whatever the history says. */
  perDay: z.number().positive().optional(),
  /** The cap is this many times the costliest day of the lookback. */
  overBusiestDay: z.number().min(1).default(2),
  /** Never below this: a quiet PBX is not alerted for a handful of calls abroad. */
  minimum: z.number().min(0).default(50),
  /** Days with calls needed before the history sets the cap. */
  minHistoryDays: z.number().int().min(1).default(7),
  /** The cap until then (or perDay when lower). */
  fallback: z.number().positive().default(200),
});
export type PbxCostCapOptions = z.infer<typeof options>;

export interface PbxCap {
  cap: number;
  /** "history": from the costliest day; "fallback": too little history; "ceiling": perDay was lower. */
  basis: 'history' | 'fallback' | 'ceiling';
  busiest: PbxDayCost | null;
  historyDays: number;
}

/** The cap in force for a day, given the PBX's history before it. */
export function pbxDailyCap(history: readonly PbxDayCost[], o: PbxCostCapOptions): PbxCap {
  let busiest: PbxDayCost | null = null;
  // The latest of equally costly days: the one an admin remembers.
  for (const d of history) if (!busiest || d.cost >= busiest.cost) busiest = d;
  const fromHistory = history.length >= o.minHistoryDays && busiest !== null;
  let cap = fromHistory ? Math.max(o.minimum, round(o.overBusiestDay * busiest!.cost)) : o.fallback;
  let basis: PbxCap['basis'] = fromHistory ? 'history' : 'fallback';
  if (o.perDay !== undefined && o.perDay < cap) {
    cap = o.perDay;
    basis = 'ceiling';
  }
  return { cap, basis, busiest, historyDays: history.length };
}

/** How the cap was set, in words: for the details line and `config check`. */
export function describePbxCap(c: PbxCap, o: PbxCostCapOptions, currency: string, lookbackDays: number): string {
  const ceiling = o.perDay === undefined ? 'no ceiling set (PBX_DAILY_COST_CAP)' : `at most PBX_DAILY_COST_CAP ${money(o.perDay, currency)}`;
  const rule = `${o.overBusiestDay} x the costliest of the last ${lookbackDays} days, at least ${money(o.minimum, currency)}, ${ceiling}`;
  if (c.basis === 'fallback') return statistics(`cap = ${money(o.fallback, currency)} until the PBX has ${o.minHistoryDays} days of history (it has ${c.historyDays})`, `then ${rule}`);
  const busiest = c.busiest ? `costliest day ${c.busiest.day}, ${money(c.busiest.cost, currency)}, in ${c.historyDays} days of history` : null;
  return statistics(`cap = ${rule}`, busiest, 'extension-days judged fraudulent do not count');
}

export const pbxCostCap = definePbxRule({
  meta: {
    id: 'pbx-cost-cap',
    description: "The PBX's total estimated cost for the day passed its cap: a multiple of its costliest recent day (overBusiestDay, at least minimum), never above PBX_DAILY_COST_CAP when set.",
    defaultSeverity: 'critical',
    intraday: true,
    scope: 'pbx',
    calls: 'costly',
  },
  options,
  check({ day, profiles, history, lookbackDays, options: o, currency }) {
    let total = 0;
    for (const p of profiles) total += p.estimatedCost;
    total = round(total);
    const c = pbxDailyCap(history, o);
    if (!(total > c.cap)) return null;
    const top = [...profiles].sort((a, b) => b.estimatedCost - a.estimatedCost).slice(0, 5).filter((p) => p.estimatedCost > 0);
    const usual = c.busiest ? `; its costliest day in the last ${lookbackDays} was ${money(c.busiest.cost, currency)}` : '';
    return {
      title: `PBX daily cost cap passed: ${money(total, currency)} (cap ${money(c.cap, currency)})`,
      explanation: sentences(
        `The whole PBX spent ${money(total, currency)} on ${day} over ${profiles.length} extension(s), over its daily cap of ${money(c.cap, currency)}${usual}`,
        `Biggest spenders: ${top.map((p) => `extension ${p.extension} ${money(p.estimatedCost, currency)} (${p.internationalCalls} international)`).join('; ')}`,
      ),
      details: describePbxCap(c, o, currency, lookbackDays),
      estimatedCost: total,
      evidence: {
        observed: total, cap: c.cap, capBasis: c.basis, ceiling: o.perDay ?? null, busiestDay: c.busiest, historyDays: c.historyDays,
        extensions: profiles.length, topExtensions: top.map((p) => ({ extension: p.extension, estimatedCost: p.estimatedCost, internationalCalls: p.internationalCalls })),
      },
    };
  },
  /** The calls that made the money: at least 1% of the cost each. */
  concerns: costShare,
});

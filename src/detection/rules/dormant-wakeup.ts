// An extension silent for weeks suddenly making international or many calls:
// an unused account whose password was guessed.
import { z } from 'zod';
import { maxSeverity, profileEvidence, sentences } from '../explain.js';
import { daysBetween } from '../../time/pbx-clock.js';
import { defineExtensionRule } from '../rule.js';

export const dormantWakeup = defineExtensionRule({
  meta: {
    id: 'dormant-wakeup',
    description: 'An extension idle for dormantDays or more (with enough history to know) now makes international or many calls; critical with many international, high-risk or premium calls.',
    defaultSeverity: 'warning',
    intraday: true,
    scope: 'extension',
    calls: 'any',
  },
  options: z.object({
    /** Days without an outbound call that make an extension dormant. */
    dormantDays: z.number().int().min(1).default(14),
    /** History days needed before "no calls" means dormant rather than new. */
    minHistoryDays: z.number().int().min(1).default(14),
    /** Outbound calls that count as waking up even without international ones. */
    minCalls: z.number().int().min(1).default(10),
    criticalInternational: z.number().int().min(1).default(10),
  }),
  check({ profile: p, baseline, options, severity }) {
    if (baseline.historyDays < options.minHistoryDays) return null;
    const idle = baseline.lastActiveDay === null ? null : daysBetween(baseline.lastActiveDay, p.day) - 1;
    if (idle !== null && idle < options.dormantDays) return null;
    if (p.internationalCalls === 0 && p.outboundCalls < options.minCalls) return null;
    const critical = p.internationalCalls >= options.criticalInternational || p.highRiskCalls > 0 || p.premiumCalls > 0;
    const since = baseline.lastActiveDay === null ? `no outbound call in the ${baseline.historyDays} days remembered` : `no outbound call for ${idle} days (last on ${baseline.lastActiveDay})`;
    return {
      severity: critical ? maxSeverity(severity, 'critical') : severity,
      title: `Dormant extension woke up: ${p.outboundCalls} calls, ${p.internationalCalls} international`,
      explanation: sentences(`After ${since}, the extension made ${p.outboundCalls} outbound calls on ${p.day}, ${p.internationalCalls} international, ${p.highRiskCalls} high-risk, ${p.premiumCalls} premium-rate`),
      estimatedCost: p.estimatedCost,
      evidence: { observed: p.outboundCalls, internationalCalls: p.internationalCalls, lastActiveDay: baseline.lastActiveDay, idleDays: idle, historyDays: baseline.historyDays, ...profileEvidence(p) },
    };
  },
});

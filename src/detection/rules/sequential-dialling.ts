// Numbers dialled in sequence (…001, …002, …003): an attacker probing a
// number range for one that answers, or testing a stolen account.
import { z } from 'zod';
import { maxSeverity, profileEvidence, sentences } from '../explain.js';
import { defineExtensionRule } from '../rule.js';

export const sequentialDialling = defineExtensionRule({
  meta: {
    id: 'sequential-dialling',
    description: 'A run of consecutive numbers dialled (range probing); critical at criticalRun.',
    defaultSeverity: 'warning',
    intraday: true,
    scope: 'extension',
    calls: 'any',
  },
  options: z.object({
    minRun: z.number().int().min(2).default(5),
    criticalRun: z.number().int().min(2).default(10),
  }),
  check({ profile: p, options, severity }) {
    const run = p.longestSequentialRun;
    if (run < options.minRun) return null;
    return {
      severity: run >= options.criticalRun ? maxSeverity(severity, 'critical') : severity,
      title: `Sequential dialling: ${run} consecutive numbers`,
      explanation: sentences(`${run} consecutive numbers dialled one after another on ${p.day}, the pattern of range probing`),
      estimatedCost: p.estimatedCost,
      evidence: { observed: run, ...profileEvidence(p) },
    };
  },
});

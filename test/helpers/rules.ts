// Runs one rule's check the way detectDay does: options parsed by its schema, configured severity.
import type { Baseline } from '../../src/profiles/baseline.types.js';
import type { DailyProfile } from '../../src/profiles/daily-profile.js';
import type { ExtensionRule, PbxDayCost, PbxRule, RuleHit, Severity } from '../../src/detection/rule.js';

export function runRule(rule: ExtensionRule, profile: DailyProfile, baseline: Baseline, options: Record<string, unknown> = {}, severity?: Severity): RuleHit | null {
  return rule.check({ profile, baseline, options: rule.options.parse(options), severity: severity ?? rule.meta.defaultSeverity, currency: 'USD' });
}

export function runPbxRule(rule: PbxRule, day: string, profiles: DailyProfile[], options: Record<string, unknown> = {}, history: PbxDayCost[] = []): RuleHit | null {
  return rule.check({ day, profiles, history, lookbackDays: 28, options: rule.options.parse(options), severity: rule.meta.defaultSeverity, currency: 'USD' });
}

/** The severity a hit ends up with (its own, or the configured one). */
export function severityOf(hit: RuleHit | null, configured: Severity): Severity | null {
  return hit ? (hit.severity ?? configured) : null;
}

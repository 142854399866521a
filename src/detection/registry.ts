// Every detection rule tollguard ships, and the check of configured rule settings
// against each rule's own options schema.
import type { RuleSetting } from '../config/detection.js';
import { validateOptionSettings } from '../config/option-settings.js';
import type { OutboundCall } from '../enrichment/call.js';
import { inScope } from '../profiles/call-scope.js';
import type { Finding, Rule } from './rule.js';
import { RULES } from './rules/index.js';

export { RULES };

export function findRule(id: string): Rule | undefined {
  return RULES.find((r) => r.meta.id === id);
}

/** Whether a call is one of those a finding is about (the CSV of flagged calls marks them). */
export function findingConcerns(call: OutboundCall, finding: Finding): boolean {
  if (call.day !== finding.day || (finding.extension !== '*' && call.extension !== finding.extension)) return false;
  const rule = findRule(finding.rule);
  if (!rule) return true;
  return rule.concerns ? rule.concerns(call, finding) : inScope(call, rule.meta.calls);
}

/** Problems with the configured settings: unknown rule ids, options that fail a rule's schema. */
export function validateRuleSettings(settings: Record<string, RuleSetting>): { path: string[]; message: string }[] {
  return validateOptionSettings(settings, findRule, RULES.map((r) => r.meta.id), 'rule');
}

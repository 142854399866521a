// Every detection rule tollguard ships, and the check of configured rule settings
// against each rule's own options schema.
import type { RuleSetting } from '../config/detection.js';
import { validateOptionSettings } from '../config/option-settings.js';
import type { Rule } from './rule.js';
import { RULES } from './rules/index.js';

export { RULES };

export function findRule(id: string): Rule | undefined {
  return RULES.find((r) => r.meta.id === id);
}

/** Problems with the configured settings: unknown rule ids, options that fail a rule's schema. */
export function validateRuleSettings(settings: Record<string, RuleSetting>): { path: string[]; message: string }[] {
  return validateOptionSettings(settings, findRule, RULES.map((r) => r.meta.id), 'rule');
}

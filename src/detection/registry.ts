// Every detection rule tollguard ships, and the check of configured rule settings
// against each rule's own options schema.
import type { RuleSetting } from '../config/detection.js';
import type { Rule } from './rule.js';
import { RULES } from './rules/index.js';

export { RULES };

export function findRule(id: string): Rule | undefined {
  return RULES.find((r) => r.meta.id === id);
}

/** Problems with the configured settings: unknown rule ids, options that fail a rule's schema. */
export function validateRuleSettings(settings: Record<string, RuleSetting>): { path: string[]; message: string }[] {
  const problems: { path: string[]; message: string }[] = [];
  for (const [id, setting] of Object.entries(settings)) {
    const rule = findRule(id);
    if (!rule) {
      problems.push({ path: [id], message: `no such rule (known: ${RULES.map((r) => r.meta.id).join(', ')})` });
      continue;
    }
    // A misspelt option would otherwise be ignored and its default used without a word.
    const shape = (rule.options as { shape?: Record<string, unknown> }).shape;
    for (const key of Object.keys(setting.options)) {
      if (shape && !(key in shape)) problems.push({ path: [id, 'options', key], message: `no such option (known: ${Object.keys(shape).join(', ')})` });
    }
    const parsed = rule.options.safeParse(setting.options);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push({ path: [id, 'options', ...issue.path.map(String)], message: issue.message });
    }
  }
  return problems;
}

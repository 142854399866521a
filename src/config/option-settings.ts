// Per-module settings ({enabled, severity, options}) checked against each
// module's own options schema: detection rules and audit checks alike.
import type { z } from 'zod';

export interface SettingProblem {
  path: string[];
  message: string;
}

export function validateOptionSettings(
  settings: Record<string, { options: Record<string, unknown> }>,
  find: (id: string) => { options: z.ZodType } | undefined,
  known: readonly string[],
  what: string,
): SettingProblem[] {
  const problems: SettingProblem[] = [];
  for (const [id, setting] of Object.entries(settings)) {
    const module = find(id);
    if (!module) {
      problems.push({ path: [id], message: `no such ${what} (known: ${known.join(', ')})` });
      continue;
    }
    // A misspelt option would otherwise be ignored and its default used without a word.
    const shape = (module.options as { shape?: Record<string, unknown> }).shape;
    for (const key of Object.keys(setting.options)) {
      if (shape && !(key in shape)) problems.push({ path: [id, 'options', key], message: `no such option (known: ${Object.keys(shape).join(', ') || 'none'})` });
    }
    const parsed = module.options.safeParse(setting.options);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push({ path: [id, 'options', ...issue.path.map(String)], message: issue.message });
    }
  }
  return problems;
}

// How baselines are learned and which rules run with which options.
// Rule options are checked against each rule's own schema when the config loads.
import { z } from 'zod';
import { SEVERITIES } from '../detection/rule.js';

export const ruleSettingSchema = z.strictObject({
  enabled: z.boolean().default(true),
  severity: z.enum(SEVERITIES).optional(),
  options: z.record(z.string(), z.unknown()).default({}),
});

export const detectionSchema = z.strictObject({
  /** Days of history before each judged day that its baseline learns from. */
  lookbackDays: z.number().int().min(1).max(366).default(28),
  /** Fewer active history days than this and the extension is blended with the PBX's typical extension. */
  coldStartDays: z.number().int().min(0).max(60).default(7),
  /** Per rule id: enable/disable, severity override, options. */
  rules: z.record(z.string(), ruleSettingSchema).default({}),
});

export type DetectionConfig = z.infer<typeof detectionSchema>;
export type RuleSetting = z.infer<typeof ruleSettingSchema>;

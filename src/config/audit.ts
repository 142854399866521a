// The configuration audit: where the PBX's configuration files are, and per
// check: on or off, severity, options (checked against each check's schema).
import { z } from 'zod';
import { ruleSettingSchema } from './detection.js';

export const auditSchema = z.strictObject({
  /** Asterisk's configuration folder (AUDIT_ETC). Unset: the nightly report has no configuration section. */
  etc: z.string().min(1).optional(),
  /** Per check id: enabled, severity, options. */
  checks: z.record(z.string(), ruleSettingSchema).default({}),
});

export type AuditConfig = z.infer<typeof auditSchema>;

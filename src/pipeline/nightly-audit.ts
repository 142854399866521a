// The configuration section of the nightly report: the audit of AUDIT_ETC
// (nothing when unset). A folder that cannot be audited never stops the
// nightly report; the section says why instead.
import type { Config } from '../config/load.js';
import { configurationSection, type ConfigurationSection } from '../audit/render/section.js';
import { auditFolder } from '../audit/run.js';

export function nightlyConfiguration(config: Config, now: Date): ConfigurationSection | undefined {
  const etc = config.audit.etc;
  if (!etc) return undefined;
  try {
    return configurationSection(auditFolder(etc, config, now).result) ?? undefined;
  } catch (e) {
    return { etc, findings: [], error: (e as Error).message };
  }
}

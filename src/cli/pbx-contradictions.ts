// `config check`'s look at the PBX: AUDIT_ETC, or /etc/asterisk when this user
// can read it; nothing when neither is there. Never fails the check itself.
import { accessSync, constants } from 'node:fs';
import { auditFolder } from '../audit/run.js';
import { contradictions } from '../audit/consistency.js';
import type { Config } from '../config/load.js';

export function pbxContradictions(config: Config, fallback = '/etc/asterisk'): string[] {
  const etc = config.audit.etc ?? (readable(fallback) ? fallback : null);
  if (!etc) return [];
  try {
    const { pbx } = auditFolder(etc, config);
    return contradictions(pbx, config.pbx.guestEndpoints).map((w) => `${w} (PBX configuration in ${etc})`);
  } catch (e) {
    return [`could not compare the settings with the PBX's configuration in ${etc}: ${(e as Error).message}`];
  }
}

function readable(dir: string): boolean {
  try {
    accessSync(dir, constants.R_OK | constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

// tollguard's own configuration as the audit compares it with the PBX's.
import type { Config } from '../config/load.js';
import { resolveDiallingPlan } from '../enrichment/dialling-plan.js';
import type { AuditSettings } from './pbx/model.js';

export function auditSettings(config: Config): AuditSettings {
  const plan = resolveDiallingPlan(config.pbx);
  return {
    internalContexts: config.pbx.internalContexts,
    trunkContexts: config.pbx.trunkContexts,
    trunks: config.pbx.trunks,
    lockFamily: config.lockout.family,
    lockedContexts: config.pbx.lockedContexts,
    lockoutMode: config.lockout.mode,
    amiUsername: config.ami.username ?? null,
    cdrGmt: config.cdr.gmt,
    cdrSource: config.cdr.source,
    internationalPrefixes: [...plan.internationalPrefixes],
    trunkAccessCodes: [...plan.trunkAccessCodes],
    emergencyNumbers: [...plan.emergencyNumbers],
  };
}

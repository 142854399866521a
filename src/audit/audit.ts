// Runs every audit check over a parsed PBX: options parsed by each check's own
// schema, severities as configured, findings most severe first. Pure.
import type { Severity } from '../detection/rule.js';
import { severityRank } from '../detection/rule.js';
import type { AuditCheck, AuditFinding, AuditReference } from './check.js';
import { CHECKS } from './checks/index.js';
import type { Pbx } from './pbx/model.js';

export interface CheckSetting {
  enabled?: boolean;
  severity?: Severity;
  options?: Record<string, unknown>;
}

export function runAudit(pbx: Pbx, reference: AuditReference, settings: Record<string, CheckSetting> = {}, checks: readonly AuditCheck[] = CHECKS): AuditFinding[] {
  const findings: AuditFinding[] = [];
  for (const check of checks) {
    const setting = settings[check.meta.id] ?? {};
    if (setting.enabled === false) continue;
    const severity = setting.severity ?? check.meta.defaultSeverity;
    const options = check.options.parse(setting.options ?? {});
    for (const hit of check.check({ pbx, options, severity, reference })) {
      findings.push({ check: check.meta.id, severity: hit.severity ?? severity, file: hit.file, line: hit.line, title: hit.title, explanation: hit.explanation, fix: hit.fix });
    }
  }
  return findings.sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || a.file.localeCompare(b.file) || a.line - b.line || a.check.localeCompare(b.check));
}

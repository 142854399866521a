// An audit's result, as every output (text, JSON, HTML, the report's
// configuration section) sees it.
import { SEVERITIES, type Severity } from '../../detection/rule.js';
import type { AuditFinding } from '../check.js';

export interface AuditResult {
  /** The configuration folder audited, as given. */
  etc: string;
  generatedAt: string;
  /** Every file read, relative to etc. */
  files: string[];
  findings: AuditFinding[];
}

export function countBySeverity(findings: readonly AuditFinding[]): Record<Severity, number> {
  const out = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of findings) out[f.severity]++;
  return out;
}

export function summaryLine(findings: readonly AuditFinding[]): string {
  const c = countBySeverity(findings);
  return `${c.critical} critical, ${c.warning} warning, ${c.info} info`;
}

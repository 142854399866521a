// The audit as JSON: {"findings": [{check, severity, file, line, title,
// explanation, fix}]}, file relative to the audited folder; a summary beside it.
import { countBySeverity, type AuditResult } from './result.js';

export function renderAuditJson(r: AuditResult): string {
  return `${JSON.stringify(
    {
      etc: r.etc,
      generatedAt: r.generatedAt,
      files: r.files,
      summary: countBySeverity(r.findings),
      findings: r.findings.map((f) => ({ check: f.check, severity: f.severity, file: f.file, line: f.line, title: f.title, explanation: f.explanation, fix: f.fix })),
    },
    null,
    2,
  )}\n`;
}

// Pieces of a job's summary both jobs build the same way: who was flagged (for
// the log line) and what an admin must hear when no mail can carry a finding.
import { oneLine } from '../src/actions/report/escape.js';
import { emailMissing } from '../src/config/email.js';
import type { Config } from '../src/config/load.js';
import { severityRank, type Finding, type Severity } from '../src/detection/rule.js';

/** One flagged extension-day, for a log search by extension or rule. */
export interface Flagged {
  extension: string;
  day: string;
  severity: Severity;
  rules: string[];
}

/** The findings per extension-day, most severe first. */
export function flaggedOf(findings: readonly Finding[]): Flagged[] {
  const byDay = new Map<string, Map<string, Flagged>>();
  for (const f of findings) {
    let days = byDay.get(f.day);
    if (!days) byDay.set(f.day, (days = new Map()));
    let e = days.get(f.extension);
    if (!e) days.set(f.extension, (e = { extension: oneLine(f.extension, 80), day: f.day, severity: f.severity, rules: [] }));
    if (severityRank(f.severity) > severityRank(e.severity)) e.severity = f.severity;
    if (!e.rules.includes(f.rule)) e.rules.push(f.rule);
  }
  const out = [...byDay.values()].flatMap((d) => [...d.values()]);
  return out.sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
}

/**
 * Without mail settings (or a webhook) a critical finding reaches nobody but this
 * log: say so on every run (the daemon's log line, `run`'s stderr), and count what
 * went undelivered. The webhook carries critical incidents, so with one set they
 * are delivered even without mail.
 */
export function mailReach(config: Config, critical: number): { undelivered: number; warnings: string[] } {
  const missing = emailMissing(config.email);
  if (!missing.length || config.webhook.url) return { undelivered: 0, warnings: [] };
  const what = critical ? `${critical} critical finding${critical === 1 ? '' : 's'} mailed to nobody` : 'findings are mailed to nobody';
  return { undelivered: critical, warnings: [`email is not configured: ${what} (set ${missing.join(', ')})`] };
}

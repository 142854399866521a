// An alerted incident as the JSON a webhook receives (pure). `text` is what
// Slack and Teams incoming webhooks show; `tollguard` carries the incident for
// a ticket system or a script. Nothing secret goes in: no URL, no source
// description, no credentials; CDR strings are escaped for Slack's markup
// (a caller ID of "<!channel>" must not page everyone).
import type { AlertIncident } from '../email/compose.js';
import { grewNote } from '../email/compose.js';
import { oneLine } from '../report/escape.js';
import { incidentFacts } from '../report/incidents.js';
import { stepsFor } from '../report/next-steps.js';
import type { Report } from '../report/report.js';
import { formatCount, formatMoney, incidentLabel, incidentWhen, reportClock, whereLine } from '../report/view.js';

/** Bumped when a key is renamed or removed; added keys do not bump it. */
export const WEBHOOK_VERSION = 1;

export interface WebhookPayload {
  text: string;
  tollguard: Record<string, unknown> & { version: number; event: 'incident' | 'incident-grew' };
}

/** How a payload waits in the outbox: no URL (the configuration supplies it when sent). */
export interface QueuedWebhook {
  kind: 'webhook';
  payload: WebhookPayload;
}

export function isQueuedWebhook(value: unknown): value is QueuedWebhook {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return v.kind === 'webhook' && typeof v.payload === 'object' && v.payload !== null && typeof (v.payload as Record<string, unknown>).text === 'string';
}

/** Slack's mrkdwn treats &, < and > as control characters. */
function slack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function incidentPayload(alert: AlertIncident, report: Report): WebhookPayload {
  const n = alert.incident;
  const clock = reportClock(report);
  const facts = incidentFacts(n);
  const steps = stepsFor(n, report, facts);
  const grew = grewNote(alert, report);
  const local = (ms: number | null): string | null => (ms === null ? null : clock.iso(ms));
  const name = n.name ? ` ("${oneLine(n.name, 40)}")` : '';
  const lines = [
    `*${n.severity.toUpperCase()}: ${oneLine(incidentLabel(n.extension, n.caller), 60)}${name}* ${incidentWhen(n, clock)} (${oneLine(report.window.timezone, 60)})`,
    `${formatCount(n.calls)} calls, ${formatMoney(n.estimatedCost, n.currency)}${n.costEstimated ? ' est.' : ''}; ${oneLine(whereLine(facts), 300)}`,
    ...(grew ? [grew] : []),
    `Rules: ${n.rules.join(', ')}`,
    'What to do now:',
    ...steps.map((s, i) => `${i + 1}. ${s.text}${s.commands.map((c) => (c.includes('`') ? ` ${c}` : ` \`${c}\``)).join('')}`),
  ];
  return {
    text: slack(lines.join('\n')),
    tollguard: {
      version: WEBHOOK_VERSION,
      event: grew ? 'incident-grew' : 'incident',
      severity: n.severity,
      extension: n.extension,
      ...(n.caller ? { caller: n.caller } : {}),
      name: n.name,
      firstDay: n.firstDay,
      lastDay: n.lastDay,
      firstCall: local(n.firstCall),
      lastCall: local(n.lastCall),
      timezone: report.window.timezone,
      calls: n.calls,
      estimatedCost: Math.round(n.estimatedCost * 100) / 100,
      currency: n.currency,
      costEstimated: n.costEstimated,
      rules: n.rules,
      countries: facts.countries.map((c) => ({ key: c.key, label: c.label, calls: c.calls, cost: Math.round(c.cost * 100) / 100, highRisk: c.highRisk })),
      findings: n.findings.map((i) => {
        const f = report.findings[i]!;
        return { extension: f.extension, day: f.day, severity: f.severity, rule: f.rule, title: f.title, explanation: f.explanation, details: f.details ?? null, fingerprint: f.fingerprint };
      }),
      actions: steps,
      grew: alert.previous ? { since: alert.previous.at, calls: { from: alert.previous.calls, to: alert.figures.calls }, cost: { from: alert.previous.cost, to: alert.figures.cost } } : null,
    },
  };
}

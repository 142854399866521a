// Critical incidents from scheduled runs are alerted at once, once: by mail
// (one message, worst incident first) and to the webhook (one post per
// incident). An incident is alerted again only when one of its critical
// findings (by fingerprint) grew, or as a reminder after repeatHours.
// Deduplication compares two figures per finding: the outbound calls of its
// extension-day (the whole PBX's for a PBX-wide finding) and the finding's
// estimated cost. A message queued for the next run counts as alerted.
import { callsOnDay } from '../../profiles/daily-profile.js';
import type { EmailConfig } from '../../config/email.js';
import type { Finding } from '../../detection/rule.js';
import type { StateStore, StoredFinding, StoreTx } from '../../store/store.js';
import { groupIncidents } from '../report/incidents.js';
import type { Report } from '../report/report.js';
import { incidentPayload } from '../webhook/payload.js';
import { postOrQueue, type WebhookError, type WebhookPoster } from '../webhook/post.js';
import { composeAlert, type AlertFigures, type AlertIncident, type SenderConfig } from './compose.js';
import { sendOrQueue } from './deliver.js';
import type { MailError, Mailer } from './mailer.js';
import type { Outbox } from './outbox.js';

export type AlertDecision = 'send' | 'grew' | 'suppress';

/** Below this a cost difference is rounding, not growth. */
const COST_EPSILON = 0.005;

/** Whether to alert a finding, given what the last alert for its fingerprint reported. */
export function alertDecision(
  current: AlertFigures,
  stored: Pick<StoredFinding, 'alertedAt' | 'alertedCalls' | 'alertedCost'> | null,
  now: Date,
  repeatHours: number,
): AlertDecision {
  if (!stored || !stored.alertedAt) return 'send';
  const last = Date.parse(stored.alertedAt);
  if (Number.isNaN(last)) return 'send';
  if (current.calls > (stored.alertedCalls ?? 0) || current.cost > (stored.alertedCost ?? 0) + COST_EPSILON) return 'grew';
  if (repeatHours > 0 && now.getTime() - last >= repeatHours * 3_600_000) return 'send';
  return 'suppress';
}

/** The figures an alert reports for a finding (see the file comment). */
export function alertFigures(finding: Finding, report: Report): AlertFigures {
  return { calls: callsOnDay(report.profiles, finding.extension, finding.day), cost: finding.estimatedCost };
}

export interface AlertRun {
  report: Report;
  /** Reads the last alert of each fingerprint (committed by earlier runs). */
  store: Pick<StateStore, 'findingByFingerprint'>;
  /** The run's transaction: call tx.replaceFindings with the report's findings BEFORE this, so markAlerted has rows to update. */
  tx: Pick<StoreTx, 'markAlerted'>;
  now: Date;
  repeatHours: number;
  /** The mail channel, when mail is configured. */
  mail?: { mailer: Mailer; outbox: Outbox; email: SenderConfig & Pick<EmailConfig, 'repeatHours'> };
  /** The webhook channel, when ALERT_WEBHOOK_URL is set. */
  webhook?: { poster: WebhookPoster; outbox: Outbox };
}

export interface AlertResult {
  /** Incidents alerted (sent or queued on a channel). */
  incidents: number;
  /** Critical incidents whose findings were all alerted before and did not grow. */
  suppressed: number;
  /** Of the incidents alerted, those re-sent because they grew. */
  grew: number;
  /** Alert mails delivered, queued for the next run, failed (queued ones included). */
  sent: number;
  queued: number;
  failed: number;
  errors: MailError[];
  /** Webhook posts delivered, queued, failed (queued included). */
  webhook: { sent: number; queued: number; failed: number; errors: WebhookError[] };
}

export async function sendAlerts(run: AlertRun): Promise<AlertResult> {
  const result: AlertResult = { incidents: 0, suppressed: 0, grew: 0, sent: 0, queued: 0, failed: 0, errors: [], webhook: { sent: 0, queued: 0, failed: 0, errors: [] } };
  const due: { alert: AlertIncident; judged: { finding: Finding; figures: AlertFigures }[] }[] = [];
  for (const incident of groupIncidents(run.report)) {
    if (incident.severity !== 'critical') continue;
    const critical = incident.findings.map((i) => run.report.findings[i]!).filter((f) => f.severity === 'critical');
    const judged = [];
    for (const finding of critical) {
      const figures = alertFigures(finding, run.report);
      const stored = await run.store.findingByFingerprint(finding.fingerprint);
      judged.push({ finding, figures, stored, decision: alertDecision(figures, stored, run.now, run.repeatHours) });
    }
    if (judged.every((j) => j.decision === 'suppress')) {
      result.suppressed++;
      continue;
    }
    // "Grew" compares the incident's own findings first: a PBX-wide total grows with everybody's calls.
    const grown = judged.find((j) => j.decision === 'grew' && j.finding.extension === incident.extension) ?? judged.find((j) => j.decision === 'grew');
    const lead = grown ?? judged[0]!;
    due.push({
      alert: { incident, figures: lead.figures, previous: grown ? { at: grown.stored!.alertedAt!, calls: grown.stored!.alertedCalls ?? 0, cost: grown.stored!.alertedCost ?? 0 } : null },
      judged,
    });
  }
  if (due.length === 0) return result;

  const delivered = new Set<AlertIncident>();
  if (run.mail) {
    const m = run.mail;
    const delivery = await sendOrQueue(m.mailer, composeAlert(due.map((d) => d.alert), run.report, m.email), m.outbox, () => run.now);
    if (delivery.ok) result.sent++;
    else {
      result.failed++;
      result.errors.push(delivery.error);
      if (delivery.queued) result.queued++;
    }
    if (delivery.ok || delivery.queued) for (const d of due) delivered.add(d.alert);
  }
  if (run.webhook) {
    const w = run.webhook;
    for (const d of due) {
      const delivery = await postOrQueue(w.poster, incidentPayload(d.alert, run.report), w.outbox, () => run.now);
      if (delivery.ok) result.webhook.sent++;
      else {
        result.webhook.failed++;
        result.webhook.errors.push(delivery.error);
        if (delivery.queued) result.webhook.queued++;
      }
      if (delivery.ok || delivery.queued) delivered.add(d.alert);
    }
  }

  const at = run.now.toISOString();
  const marked = new Set<string>();
  for (const d of due) {
    if (!delivered.has(d.alert)) continue;
    result.incidents++;
    if (d.alert.previous) result.grew++;
    for (const j of d.judged) {
      // A PBX-wide finding shared by two incidents is marked once.
      if (marked.has(j.finding.fingerprint)) continue;
      marked.add(j.finding.fingerprint);
      await run.tx.markAlerted(j.finding.fingerprint, j.figures.calls, j.figures.cost, at);
    }
  }
  return result;
}

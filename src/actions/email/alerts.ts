// Critical findings from scheduled runs are mailed at once, once: a finding
// (by fingerprint) is mailed again only when it grew, or as a reminder after
// repeatHours. Deduplication compares two figures per finding: the outbound
// calls of its extension-day (the whole PBX's for a PBX-wide finding) and the
// finding's estimated cost.
import type { EmailConfig } from '../../config/email.js';
import type { Finding } from '../../detection/rule.js';
import type { StateStore, StoredFinding, StoreTx } from '../../store/store.js';
import type { Report } from '../report/report.js';
import { composeAlert, type AlertFigures, type AlertInput, type SenderConfig } from './compose.js';
import { sendOrQueue } from './deliver.js';
import type { MailError, Mailer } from './mailer.js';
import type { Outbox } from './outbox.js';

export type AlertDecision = 'send' | 'grew' | 'suppress';

/** Below this a cost difference is rounding, not growth. */
const COST_EPSILON = 0.005;

/** Whether to mail a finding, given what the last alert for its fingerprint reported. */
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
  let calls = 0;
  for (const p of report.profiles) {
    if (p.day === finding.day && (finding.extension === '*' || p.extension === finding.extension)) calls += p.outboundCalls;
  }
  return { calls, cost: finding.estimatedCost };
}

export interface AlertRun {
  /** The run's findings; only critical ones are alerted. */
  findings: readonly Finding[];
  report: Report;
  /** Reads the last alert of each fingerprint (committed by earlier runs). */
  store: Pick<StateStore, 'findingByFingerprint'>;
  /** The run's transaction: call tx.replaceFindings with these findings BEFORE this, so markAlerted has rows to update. */
  tx: Pick<StoreTx, 'markAlerted'>;
  mailer: Mailer;
  outbox: Outbox;
  now: Date;
  email: SenderConfig & Pick<EmailConfig, 'repeatHours'>;
}

export interface AlertResult {
  /** Alert mails delivered. */
  sent: number;
  /** Extension-days whose critical findings were all mailed before and did not grow. */
  suppressed: number;
  /** Of the mails sent or queued, those re-sent because the finding grew. */
  grew: number;
  /** Mails that failed and wait in the outbox for the next run. */
  queued: number;
  /** Mails that failed (queued ones included); the run should exit non-zero when > 0. */
  failed: number;
  errors: MailError[];
}

export async function sendAlerts(run: AlertRun): Promise<AlertResult> {
  const result: AlertResult = { sent: 0, suppressed: 0, grew: 0, queued: 0, failed: 0, errors: [] };
  const groups = new Map<string, Finding[]>();
  for (const f of run.findings) {
    if (f.severity !== 'critical') continue;
    const key = `${f.extension}\u0000${f.day}`;
    const list = groups.get(key);
    if (list) list.push(f);
    else groups.set(key, [f]);
  }

  for (const findings of groups.values()) {
    findings.sort((a, b) => b.estimatedCost - a.estimatedCost);
    const judged = [];
    for (const f of findings) {
      const figures = alertFigures(f, run.report);
      const stored = await run.store.findingByFingerprint(f.fingerprint);
      judged.push({ finding: f, figures, stored, decision: alertDecision(figures, stored, run.now, run.email.repeatHours) });
    }
    if (judged.every((j) => j.decision === 'suppress')) {
      result.suppressed++;
      continue;
    }
    const grown = judged.find((j) => j.decision === 'grew');
    const lead = grown ?? judged[0]!;
    const alert: AlertInput = {
      extension: lead.finding.extension,
      ...(lead.finding.caller ? { caller: lead.finding.caller } : {}),
      day: lead.finding.day,
      findings,
      figures: lead.figures,
      previous: grown ? { at: grown.stored!.alertedAt!, calls: grown.stored!.alertedCalls ?? 0, cost: grown.stored!.alertedCost ?? 0 } : null,
    };
    const delivery = await sendOrQueue(run.mailer, composeAlert(alert, run.report, run.email), run.outbox, () => run.now);
    if (delivery.ok) result.sent++;
    else {
      result.failed++;
      result.errors.push(delivery.error);
      if (delivery.queued) result.queued++;
    }
    if (delivery.ok || delivery.queued) {
      if (grown) result.grew++;
      // A queued alert will go out with the next run: it counts as mailed.
      const at = run.now.toISOString();
      for (const j of judged) await run.tx.markAlerted(j.finding.fingerprint, j.figures.calls, j.figures.cost, at);
    }
  }
  return result;
}

// Mail from the scheduled jobs, inside their run's transaction: the sweep mails
// critical findings at once (deduplicated by fingerprint), the nightly job mails
// the report. Failed mail is queued, never thrown (a throw would roll back the
// queue with the run). Without email settings nothing is mailed and the outcome
// says why.
import { emailMissing } from '../config/email.js';
import type { Config } from '../config/load.js';
import { sendAlerts, type AlertResult } from '../actions/email/alerts.js';
import { flushOutbox, type FlushResult } from '../actions/email/deliver.js';
import { mailReport, type ReportMailResult } from '../actions/email/index.js';
import { createMailer } from '../actions/email/mailer.js';
import { folderOutbox, storeOutbox, type Outbox } from '../actions/email/outbox.js';
import type { Report } from '../actions/report/report.js';
import type { StateStore, StoreTx } from '../store/store.js';

export type AlertOutcome = (AlertResult & { flushed: FlushResult }) | { skipped: string };
export type ReportMailOutcome = ReportMailResult | { skipped: string };

function outboxFor(config: Config, store: StateStore, tx: StoreTx): Outbox {
  return config.email.outboxDir ? folderOutbox(config.email.outboxDir) : storeOutbox(store, tx);
}

function notConfigured(config: Config): { skipped: string } | null {
  const missing = emailMissing(config.email);
  return missing.length ? { skipped: `email not configured (set ${missing.join(', ')})` } : null;
}

/** Sends what earlier runs queued, then alerts for the critical findings. Call after tx.replaceFindings. */
export async function mailAlerts(config: Config, store: StateStore, tx: StoreTx, report: Report, now: Date): Promise<AlertOutcome> {
  const off = notConfigured(config);
  if (off) return off;
  const mailer = createMailer(config.email);
  try {
    const outbox = outboxFor(config, store, tx);
    const flushed = await flushOutbox(mailer, outbox);
    const result = await sendAlerts({ findings: report.findings, report, store, tx, mailer, outbox, now, email: config.email });
    return { ...result, flushed };
  } finally {
    mailer.close();
  }
}

/** The nightly report mail (or the all-clear), after what earlier runs queued. */
export async function mailNightlyReport(config: Config, store: StateStore, tx: StoreTx, report: Report): Promise<ReportMailOutcome> {
  const off = notConfigured(config);
  if (off) return off;
  const mailer = createMailer(config.email);
  try {
    return await mailReport(report, config.email, mailer, outboxFor(config, store, tx));
  } finally {
    mailer.close();
  }
}

/** Mail that failed in this run (queued for the next), for the exit status and the log. */
export function mailFailures(o: AlertOutcome | ReportMailOutcome): number {
  if ('skipped' in o) return 0;
  if ('failed' in o) return o.failed;
  return o.delivery && !o.delivery.ok ? 1 : 0;
}

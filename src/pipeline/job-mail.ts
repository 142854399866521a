// Mail and webhook posts from the scheduled jobs, inside their run's
// transaction: the sweep alerts critical incidents at once (deduplicated by
// fingerprint) by mail and to ALERT_WEBHOOK_URL, the nightly job mails the
// report and posts its critical incidents to the webhook. What fails is
// queued, never thrown (a throw would roll back the queue with the run).
// Without email settings nothing is mailed and the outcome says why.
import { emailMissing } from '../config/email.js';
import type { Config } from '../config/load.js';
import { sendAlerts, type AlertResult, type AlertRun } from '../actions/email/alerts.js';
import { flushOutbox, type FlushResult } from '../actions/email/deliver.js';
import { mailReport, type ReportMailResult } from '../actions/email/index.js';
import { createMailer, type Mailer } from '../actions/email/mailer.js';
import { folderOutbox, storeOutbox, type Outbox } from '../actions/email/outbox.js';
import { createWebhookPoster, flushWebhooks, type WebhookFlush } from '../actions/webhook/post.js';
import type { Report } from '../actions/report/report.js';
import type { StateStore, StoreTx } from '../store/store.js';

export type AlertOutcome = (AlertResult & { flushed: FlushResult; webhookFlushed: WebhookFlush | null }) | { skipped: string };
export type ReportMailOutcome = (ReportMailResult & { webhook: AlertOutcome | null }) | { skipped: string; webhook: AlertOutcome | null };

function outboxFor(config: Config, store: StateStore, tx: StoreTx): Outbox {
  return config.email.outboxDir ? folderOutbox(config.email.outboxDir) : storeOutbox(store, tx);
}

function notConfigured(config: Config): { skipped: string } | null {
  const missing = emailMissing(config.email);
  return missing.length ? { skipped: `email not configured (set ${missing.join(', ')})` } : null;
}

const NO_FLUSH: FlushResult = { sent: 0, remaining: 0, error: null };

/**
 * Sends what earlier runs queued, then alerts the critical incidents by mail
 * (when configured) and to the webhook (when configured). Call after
 * tx.replaceFindings. `mail: false` posts to the webhook only.
 */
export async function mailAlerts(config: Config, store: StateStore, tx: StoreTx, report: Report, now: Date, channels: { mail?: boolean } = {}): Promise<AlertOutcome> {
  const off = channels.mail === false ? { skipped: 'mail not used' } : notConfigured(config);
  const url = config.webhook.url;
  if (off && !url) return off;
  const outbox = outboxFor(config, store, tx);
  const mailer: Mailer | null = off ? null : createMailer(config.email);
  try {
    const flushed = mailer ? await flushOutbox(mailer, outbox) : NO_FLUSH;
    const poster = url ? createWebhookPoster({ ...config.webhook, url }) : null;
    const webhookFlushed = poster ? await flushWebhooks(poster, outbox) : null;
    const run: AlertRun = { report, store, tx, now, repeatHours: config.email.repeatHours };
    if (mailer) run.mail = { mailer, outbox, email: config.email };
    if (poster) run.webhook = { poster, outbox };
    return { ...(await sendAlerts(run)), flushed, webhookFlushed };
  } finally {
    mailer?.close();
  }
}

/** The nightly report mail (or the all-clear), after what earlier runs queued; its critical incidents go to the webhook. */
export async function mailNightlyReport(config: Config, store: StateStore, tx: StoreTx, report: Report, now: Date = new Date()): Promise<ReportMailOutcome> {
  const webhook = config.webhook.url ? await mailAlerts(config, store, tx, report, now, { mail: false }) : null;
  const off = notConfigured(config);
  if (off) return { ...off, webhook };
  const mailer = createMailer(config.email);
  try {
    return { ...(await mailReport(report, config.email, mailer, outboxFor(config, store, tx))), webhook };
  } finally {
    mailer.close();
  }
}

function alertFailures(a: AlertOutcome | null): number {
  return a && 'incidents' in a ? a.failed + a.webhook.failed : 0;
}

/** Mail and webhook posts that failed in this run (queued for the next), for the exit status and the log. */
export function mailFailures(o: AlertOutcome | ReportMailOutcome): number {
  if ('incidents' in o) return alertFailures(o);
  if ('delivery' in o) return (o.delivery && !o.delivery.ok ? 1 : 0) + alertFailures(o.webhook);
  return 'webhook' in o ? alertFailures(o.webhook) : 0;
}

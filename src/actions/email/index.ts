// What the report command and the scheduled jobs call to mail admins.
import { emailMissing, type EmailConfig } from '../../config/email.js';
import { ConfigError, type Config } from '../../config/load.js';
import { openStore } from '../../store/open.js';
import type { StateStore, StoreTx } from '../../store/store.js';
import type { Report } from '../report/report.js';
import { composeReportOrAllClear } from './compose.js';
import { flushOutbox, sendOrQueue, type Delivery, type FlushResult } from './deliver.js';
import { createMailer, type Mailer } from './mailer.js';
import { folderOutbox, storeOutbox, type Outbox } from './outbox.js';

export interface ReportMailResult {
  /** Queued mail from earlier runs sent first. */
  flushed: FlushResult;
  /** null when nothing was to be sent (nothing found and the all-clear mail is off). */
  delivery: Delivery | null;
}

/** Sends what earlier runs queued, then the report (or the all-clear). Failures are reported, not thrown. */
export async function mailReport(report: Report, email: EmailConfig, mailer: Mailer, outbox: Outbox): Promise<ReportMailResult> {
  const flushed = await flushOutbox(mailer, outbox);
  const message = composeReportOrAllClear(report, email);
  const delivery = message ? await sendOrQueue(mailer, message, outbox) : null;
  return { flushed, delivery };
}

/**
 * `report --email` in one call: checks mail is configured (ConfigError naming
 * the variables otherwise), flushes the outbox, sends the report or the
 * all-clear. Fill report.flaggedCalls first (collectFlaggedCalls) for the CSV.
 * `ok` is false when anything failed or stayed queued: exit non-zero.
 */
export async function emailReport(config: Config, report: Report, store?: StateStore): Promise<ReportMailResult & { ok: boolean; server: string }> {
  const missing = emailMissing(config.email);
  if (missing.length) throw new ConfigError([`email: not configured; set ${missing.join(', ')}`]);
  const mailer = createMailer(config.email);
  try {
    const result = await withOutbox(config, 'mail', (outbox) => mailReport(report, config.email, mailer, outbox), store);
    const ok = result.flushed.remaining === 0 && (result.delivery === null || result.delivery.ok);
    return { ...result, ok, server: mailer.description };
  } finally {
    mailer.close();
  }
}

/**
 * Runs `fn` with the configured outbox: the EMAIL_OUTBOX folder when set, else
 * the state store's, inside a run of `job` (opened and closed here when no
 * store is given). Inside a store run, `fn` must not throw after a failed send,
 * or the queued mail is rolled back with the run.
 */
export async function withOutbox<T>(config: Config, job: string, fn: (outbox: Outbox) => Promise<T>, store?: StateStore): Promise<T> {
  if (config.email.outboxDir) return fn(folderOutbox(config.email.outboxDir));
  const s = store ?? (await openStore(config.store));
  try {
    return await s.withRun(job, null, (tx: StoreTx) => fn(storeOutbox(s, tx)));
  } finally {
    if (!store) await s.close();
  }
}

export { composeAlert, composeAllClear, composeReportMail, composeReportOrAllClear, reportSubject } from './compose.js';
export type { AlertFigures, AlertIncident, SenderConfig } from './compose.js';
export { alertDecision, alertFigures, sendAlerts } from './alerts.js';
export type { AlertDecision, AlertResult, AlertRun } from './alerts.js';
export { flushOutbox, sendOrQueue } from './deliver.js';
export type { Delivery, FlushResult } from './deliver.js';
export { createMailer, MailError } from './mailer.js';
export type { Mailer, SentInfo } from './mailer.js';
export { folderOutbox, storeOutbox } from './outbox.js';
export type { Outbox, QueuedMail } from './outbox.js';
export type { MailMessage } from './message.js';
export { emailMissing } from '../../config/email.js';

// Nothing is lost: a message the mailer cannot deliver after its retries goes
// to the outbox, and every run first sends what earlier runs queued.
import { MailError, type Mailer, type SentInfo } from './mailer.js';
import { isMailMessage, type MailMessage } from './message.js';
import { isQueuedWebhook } from '../webhook/payload.js';
import { flushQueued, sendOrEnqueue, type Outbox, type QueueFlush } from './outbox.js';

export type Delivery = { ok: true; info: SentInfo } | { ok: false; error: MailError; queued: boolean };

const mailError = (e: unknown): MailError => (e instanceof MailError ? e : new MailError((e as Error).message, 'other', null, 1));

/** Sends; on failure queues the message and reports the failure (the caller exits non-zero). Never throws for a send failure. */
export async function sendOrQueue(mailer: Mailer, message: MailMessage, outbox: Outbox, now: () => Date = () => new Date()): Promise<Delivery> {
  const r = await sendOrEnqueue(outbox, message, () => mailer.send(message), {
    error: mailError,
    lost: (error, why) => new MailError(`${error.message}; ${why}`, error.kind, error.responseCode, error.attempts),
    now,
  });
  return r.ok ? { ok: true, info: r.result } : r;
}

export type FlushResult = QueueFlush<MailError>;

/**
 * Sends queued mail, oldest first, removing what was delivered. When the
 * server is unreachable or refuses the login the rest are not tried (each
 * still counts an attempt); a message the server rejects stays queued.
 * Webhook posts share the outbox: flushWebhooks sends them.
 */
export function flushOutbox(mailer: Mailer, outbox: Outbox): Promise<FlushResult> {
  return flushQueued<MailMessage, MailError>(outbox, {
    mine: (m) => !isQueuedWebhook(m),
    check: (m, id) => (isMailMessage(m) ? m : new MailError(`queued message ${id} in ${outbox.description} is not a mail tollguard can send; remove it`, 'other', null, 0)),
    send: (m) => mailer.send(m),
    error: mailError,
    down: (e) => e.kind === 'connection' || e.kind === 'auth',
  });
}

// Nothing is lost: a message the mailer cannot deliver after its retries goes
// to the outbox, and every run first sends what earlier runs queued.
import { MailError, type Mailer, type SentInfo } from './mailer.js';
import { isMailMessage, type MailMessage } from './message.js';
import type { Outbox } from './outbox.js';

export type Delivery = { ok: true; info: SentInfo } | { ok: false; error: MailError; queued: boolean };

/** Sends; on failure queues the message and reports the failure (the caller exits non-zero). Never throws for a send failure. */
export async function sendOrQueue(mailer: Mailer, message: MailMessage, outbox: Outbox, now: () => Date = () => new Date()): Promise<Delivery> {
  try {
    return { ok: true, info: await mailer.send(message) };
  } catch (e) {
    const error = e instanceof MailError ? e : new MailError((e as Error).message, 'other', null, 1);
    try {
      await outbox.enqueue(message, error.message, now().toISOString());
      return { ok: false, error, queued: true };
    } catch (q) {
      const lost = new MailError(`${error.message}; and it could not be queued in ${outbox.description}: ${(q as Error).message}`, error.kind, error.responseCode, error.attempts);
      return { ok: false, error: lost, queued: false };
    }
  }
}

export interface FlushResult {
  sent: number;
  /** Still queued after this run. */
  remaining: number;
  /** The last error, when something stayed queued. */
  error: MailError | null;
}

/**
 * Sends queued mail, oldest first, removing what was delivered. When the
 * server is unreachable or refuses the login the rest are not tried (each
 * still counts an attempt); a message the server rejects stays queued.
 */
export async function flushOutbox(mailer: Mailer, outbox: Outbox): Promise<FlushResult> {
  const queued = await outbox.list();
  const result: FlushResult = { sent: 0, remaining: 0, error: null };
  let down: MailError | null = null;
  for (const q of queued) {
    if (down) {
      await outbox.markAttempt(q.id, down.message);
      result.remaining++;
      continue;
    }
    if (!isMailMessage(q.message)) {
      const error = new MailError(`queued message ${q.id} in ${outbox.description} is not a mail tollguard can send; remove it`, 'other', null, 0);
      await outbox.markAttempt(q.id, error.message);
      result.remaining++;
      result.error = error;
      continue;
    }
    try {
      await mailer.send(q.message);
      await outbox.remove(q.id);
      result.sent++;
    } catch (e) {
      const error = e instanceof MailError ? e : new MailError((e as Error).message, 'other', null, 1);
      await outbox.markAttempt(q.id, error.message);
      result.remaining++;
      result.error = error;
      if (error.kind === 'connection' || error.kind === 'auth') down = error;
    }
  }
  return result;
}

// POSTs incidents to ALERT_WEBHOOK_URL with retries and exponential backoff.
// A post that still fails waits in the outbox, as mail does, and every run
// first sends what earlier runs queued. The URL is a secret (its path or query
// is the token): errors, descriptions and the outbox name the host only.
import type { WebhookConfig } from '../../config/webhook.js';
import { flushQueued, sendOrEnqueue, type Outbox, type QueueFlush } from '../email/outbox.js';
import { isQueuedWebhook, type QueuedWebhook, type WebhookPayload } from './payload.js';

export type WebhookErrorKind = 'connection' | 'timeout' | 'temporary' | 'rejected' | 'redirect';

export class WebhookError extends Error {
  override readonly name = 'WebhookError';
  constructor(
    message: string,
    readonly kind: WebhookErrorKind,
    readonly status: number | null,
    readonly attempts: number,
  ) {
    super(message);
  }
}

export interface WebhookPoster {
  /** "webhook https://hooks.slack.com": no path, no token. */
  readonly description: string;
  post(payload: WebhookPayload): Promise<{ status: number; attempts: number }>;
}

export interface PosterOptions {
  /** Waits between attempts; replaced in tests. */
  sleep?: (ms: number) => Promise<void>;
}

export function createWebhookPoster(config: WebhookConfig & { url: string }, options: PosterOptions = {}): WebhookPoster {
  const url = config.url;
  const origin = safeOrigin(url);
  const description = `webhook ${origin}`;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));

  const once = async (body: string): Promise<number> => {
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'tollguard' },
        body,
        // A redirect could carry the incident somewhere else: set the final URL instead.
        redirect: 'manual',
        signal: AbortSignal.timeout(config.timeoutSeconds * 1000),
      });
    } catch (e) {
      const err = e as Error & { cause?: { code?: string } };
      if (err.name === 'TimeoutError' || err.name === 'AbortError') throw new WebhookError(`${description}: no answer within ${config.timeoutSeconds} s`, 'timeout', null, 1);
      throw new WebhookError(`${description}: cannot connect (${err.cause?.code ?? err.message})`, 'connection', null, 1);
    }
    // The body is not read into any message: a server may echo the request, token included.
    await response.body?.cancel().catch(() => undefined);
    const s = response.status;
    if (s >= 200 && s < 300) return s;
    if (s >= 300 && s < 400) throw new WebhookError(`${description}: HTTP ${s} redirect; set ALERT_WEBHOOK_URL to the final address`, 'redirect', s, 1);
    if (s === 408 || s === 429 || s >= 500) throw new WebhookError(`${description}: HTTP ${s}`, 'temporary', s, 1);
    throw new WebhookError(`${description}: HTTP ${s} (the endpoint refused the post; check ALERT_WEBHOOK_URL)`, 'rejected', s, 1);
  };

  return {
    description,
    async post(payload) {
      const body = JSON.stringify(payload);
      for (let attempt = 1; ; attempt++) {
        try {
          return { status: await once(body), attempts: attempt };
        } catch (e) {
          const err = e as WebhookError;
          const again = err.kind === 'connection' || err.kind === 'timeout' || err.kind === 'temporary';
          if (!again || attempt > config.retries) throw new WebhookError(`${err.message}${attempt > 1 ? ` after ${attempt} attempts` : ''}`, err.kind, err.status, attempt);
          await sleep(config.retryBaseMs * 2 ** (attempt - 1));
        }
      }
    },
  };
}

/** scheme://host[:port] of a URL, never its path, query or user info. */
function safeOrigin(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return '(unparsable URL)';
  }
}

export type WebhookDelivery = { ok: true; attempts: number } | { ok: false; error: WebhookError; queued: boolean };

const webhookError = (e: unknown): WebhookError => (e instanceof WebhookError ? e : new WebhookError((e as Error).message, 'connection', null, 1));

/** Posts; on failure queues the payload (never the URL) and reports the failure. Never throws for a failed post. */
export async function postOrQueue(poster: WebhookPoster, payload: WebhookPayload, outbox: Outbox, now: () => Date = () => new Date()): Promise<WebhookDelivery> {
  const r = await sendOrEnqueue(outbox, { kind: 'webhook', payload }, () => poster.post(payload), {
    error: webhookError,
    lost: (error, why) => new WebhookError(`${error.message}; ${why}`, error.kind, error.status, error.attempts),
    now,
  });
  return r.ok ? { ok: true, attempts: r.result.attempts } : r;
}

export type WebhookFlush = QueueFlush<WebhookError>;

/** Posts queued incidents, oldest first; once the endpoint is unreachable the rest wait for the next run. */
export function flushWebhooks(poster: WebhookPoster, outbox: Outbox): Promise<WebhookFlush> {
  return flushQueued<QueuedWebhook, WebhookError>(outbox, {
    mine: isQueuedWebhook,
    check: (m) => m as QueuedWebhook,
    send: (m) => poster.post(m.payload),
    error: webhookError,
    down: (e) => e.kind !== 'rejected',
  });
}

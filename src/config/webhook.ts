// Alerts to a webhook (Slack, Teams, a ticket system): where, and how hard to try.
// The URL usually carries the token that lets anyone post there: it is a secret.
import { z } from 'zod';

export const webhookSchema = z.strictObject({
  /** ALERT_WEBHOOK_URL: http(s) endpoint that receives each alerted incident as JSON. Secret. */
  url: z.string().regex(/^https?:\/\/[^\s]+$/i, 'an http:// or https:// URL').optional(),
  /** Further attempts after a failure that may pass (no answer, 408, 429, 5xx), with exponential backoff from retryBaseMs. */
  retries: z.number().int().min(0).max(10).default(3),
  retryBaseMs: z.number().int().min(0).max(600_000).default(1000),
  timeoutSeconds: z.number().positive().max(600).default(10),
});

export type WebhookConfig = z.infer<typeof webhookSchema>;

/** "https://hooks.slack.com/********": enough to recognise the endpoint, nothing to post with. */
export function redactWebhookUrl(url: string): string {
  const m = /^([a-z][a-z0-9+.-]*:\/\/)(?:[^@/?#]*@)?([^/?#]*)/i.exec(url);
  return m ? `${m[1]}${m[2]}/********` : '********';
}

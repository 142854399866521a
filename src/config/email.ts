// Mail to the admins: the SMTP server, who gets what, and how hard to try.
import { z } from 'zod';

/** A plain address: no display name, no CR/LF or anything that could steer a header. */
const ADDRESS = /^[^\s<>()[\]\\,;:"@]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;

export const emailAddress = z.string().trim().max(254).regex(ADDRESS, 'a plain email address such as pbx-admin@example.com');

export const SMTP_TLS_MODES = ['none', 'starttls', 'tls'] as const;

export const smtpSchema = z.strictObject({
  /** smtp://user:password@host:587 or smtps://...:465; wins over host/port/user/password. Secret-bearing. */
  url: z.string().regex(/^smtps?:\/\/[^\s]+$/i, 'an smtp:// or smtps:// URL').optional(),
  host: z.string().trim().min(1).regex(/^[^\s/@]+$/, 'a host name or address').optional(),
  port: z.number().int().min(1).max(65_535).optional(),
  user: z.string().min(1).optional(),
  password: z.string().optional(),
  /** none: plain; starttls: upgrade required; tls: TLS from the first byte (port 465). Default: tls on 465, else STARTTLS when offered. */
  tls: z.enum(SMTP_TLS_MODES).optional(),
  /** Connection, greeting and socket timeouts. */
  timeoutSeconds: z.number().positive().max(600).default(30),
});

export const emailSchema = z.strictObject({
  smtp: smtpSchema.default(smtpSchema.parse({})),
  from: emailAddress.optional(),
  to: z.array(emailAddress).default([]),
  /** Also receive critical alerts and reports with critical findings. */
  criticalTo: z.array(emailAddress).default([]),
  /** Send a short "all clear" mail when a report found nothing. */
  allClear: z.boolean().default(true),
  /** An unchanged critical finding is mailed again after this many hours; 0 = never again unless it grows. */
  repeatHours: z.number().min(0).max(24 * 365).default(24),
  /** Folder for undelivered mail (JSON files); default: the state store's outbox. */
  outboxDir: z.string().min(1).optional(),
  /** Further attempts after a temporary failure, with exponential backoff from retryBaseMs. */
  retries: z.number().int().min(0).max(10).default(3),
  retryBaseMs: z.number().int().min(0).max(600_000).default(1000),
  /** Mail subjects are cut to this many characters. */
  subjectMax: z.number().int().min(40).max(900).default(160),
});

export type EmailConfig = z.infer<typeof emailSchema>;
export type SmtpConfig = z.infer<typeof smtpSchema>;

/** What is missing before mail can be sent, as the environment variables to set; empty when ready. */
export function emailMissing(email: EmailConfig): string[] {
  const missing: string[] = [];
  if (!email.smtp.url && !email.smtp.host) missing.push('SMTP_URL (or SMTP_HOST)');
  if (!email.from) missing.push('ALERT_EMAIL_FROM');
  if (email.to.length === 0) missing.push('ALERT_EMAIL_TO');
  return missing;
}

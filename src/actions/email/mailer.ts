// Sends mail over SMTP (nodemailer) with retries and exponential backoff, and
// turns nodemailer's errors into ones an admin can act on. The password never
// appears in an error, a description or a log line.
import nodemailer, { type SendMailOptions } from 'nodemailer';
import type { EmailConfig, SmtpConfig } from '../../config/email.js';
import { redactUrl } from '../../config/load.js';
import type { MailMessage } from './message.js';

export type MailErrorKind = 'connection' | 'auth' | 'temporary' | 'rejected' | 'other';

export class MailError extends Error {
  override readonly name = 'MailError';
  constructor(
    message: string,
    readonly kind: MailErrorKind,
    /** The SMTP reply code, when the server answered. */
    readonly responseCode: number | null,
    /** How many attempts were made. */
    readonly attempts: number,
  ) {
    super(message);
  }
  /** Worth trying again later (the server was away or said "try later"). */
  get transient(): boolean {
    return this.kind === 'connection' || this.kind === 'temporary';
  }
}

export interface SentInfo {
  messageId: string;
  accepted: string[];
  /** Recipients the server refused while accepting the others. */
  rejected: string[];
  response: string;
  attempts: number;
}

export interface Mailer {
  /** "smtp://user@host:587 (STARTTLS when offered)": no password. */
  readonly description: string;
  send(message: MailMessage): Promise<SentInfo>;
  close(): void;
}

export interface MailerOptions {
  /** Waits between attempts; replaced in tests. */
  sleep?: (ms: number) => Promise<void>;
}

interface Endpoint {
  host: string;
  port: number;
  secure: boolean;
  tls: 'none' | 'starttls' | 'tls' | 'opportunistic';
  user?: string;
  password?: string;
}

export function createMailer(email: Pick<EmailConfig, 'smtp' | 'retries' | 'retryBaseMs'>, options: MailerOptions = {}): Mailer {
  const ep = endpoint(email.smtp);
  const timeout = email.smtp.timeoutSeconds * 1000;
  const transport = nodemailer.createTransport({
    host: ep.host,
    port: ep.port,
    secure: ep.secure,
    ignoreTLS: ep.tls === 'none',
    requireTLS: ep.tls === 'starttls',
    auth: ep.user ? { user: ep.user, pass: ep.password ?? '' } : undefined,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  const where = `${ep.host}:${ep.port}`;
  const description = `${ep.secure ? 'smtps' : 'smtp'}://${ep.user ? `${ep.user}@` : ''}${where} (${TLS_LABEL[ep.tls]})`;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const secrets = [ep.password, email.smtp.password].filter((s): s is string => !!s && s.length >= 1);

  return {
    description,
    async send(message) {
      for (let attempt = 1; ; attempt++) {
        try {
          const info = await transport.sendMail({ ...message, disableFileAccess: true, disableUrlAccess: true } as SendMailOptions);
          return {
            messageId: String(info.messageId ?? ''),
            accepted: (info.accepted ?? []).map(String),
            rejected: (info.rejected ?? []).map(String),
            response: String(info.response ?? ''),
            attempts: attempt,
          };
        } catch (e) {
          const err = classify(e, where, ep.user, attempt, secrets);
          if (!err.transient || attempt > email.retries) throw err;
          await sleep(Math.min(email.retryBaseMs * 2 ** (attempt - 1), 60_000));
        }
      }
    },
    close: () => transport.close(),
  };
}

const TLS_LABEL: Record<Endpoint['tls'], string> = {
  none: 'no TLS',
  starttls: 'STARTTLS required',
  tls: 'TLS',
  opportunistic: 'STARTTLS when offered',
};

function endpoint(smtp: SmtpConfig): Endpoint {
  let host = smtp.host;
  let port = smtp.port;
  let user = smtp.user;
  let password = smtp.password;
  let secure = smtp.tls === 'tls';
  if (smtp.url) {
    let u: URL;
    try {
      u = new URL(smtp.url);
    } catch {
      throw new MailError(`SMTP_URL is not a valid URL: ${redactUrl(smtp.url)}`, 'other', null, 0);
    }
    host = u.hostname.replace(/^\[|\]$/g, '');
    if (u.port) port = Number(u.port);
    if (u.username) user = decodeURIComponent(u.username);
    if (u.password) password = decodeURIComponent(u.password);
    if (u.protocol === 'smtps:') secure = true;
  }
  if (!host) throw new MailError('no SMTP server configured: set SMTP_URL or SMTP_HOST', 'other', null, 0);
  const resolvedPort = port ?? (secure ? 465 : 587);
  if (smtp.tls === undefined && resolvedPort === 465) secure = true;
  const tls: Endpoint['tls'] = secure ? 'tls' : (smtp.tls ?? 'opportunistic');
  return { host, port: resolvedPort, secure, tls, user, password };
}

interface NodemailerError extends Error {
  code?: string;
  responseCode?: number;
  response?: string;
  command?: string;
}

/** A nodemailer error as a MailError that says what happened and where, without secrets. */
export function classify(e: unknown, where: string, user: string | undefined, attempts: number, secrets: string[] = []): MailError {
  const err = e as NodemailerError;
  const code = typeof err?.responseCode === 'number' ? err.responseCode : null;
  const reply = scrub(oneLineReply(err?.response ?? err?.message ?? String(e)), secrets);
  const tries = attempts > 1 ? ` (after ${attempts} attempts)` : '';
  let kind: MailErrorKind;
  let text: string;
  if (err?.code === 'EAUTH' || err?.code === 'ENOAUTH') {
    kind = 'auth';
    text = `SMTP server ${where} refused the login${user ? ` of user "${user}"` : ''}: ${reply}. Check SMTP_USER and SMTP_PASSWORD (or the credentials in SMTP_URL).`;
  } else if (code !== null && code >= 400 && code < 500) {
    kind = 'temporary';
    text = `SMTP server ${where} deferred the message${err.command ? ` at ${err.command}` : ''}: ${reply}${tries}`;
  } else if (code !== null && code >= 500) {
    kind = 'rejected';
    text = `SMTP server ${where} rejected the message${err.command ? ` at ${err.command}` : ''}: ${reply}`;
  } else if (['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ETLS', 'EPROTOCOL'].includes(err?.code ?? '')) {
    kind = 'connection';
    text = `cannot reach SMTP server ${where}: ${reply}${tries}`;
  } else {
    kind = 'other';
    text = `sending mail through ${where} failed: ${reply}`;
  }
  return new MailError(scrub(text, secrets), kind, code, attempts);
}

function oneLineReply(s: string): string {
  return s.replace(/[\r\n]+/g, ' ').trim().slice(0, 500);
}

function scrub(s: string, secrets: string[]): string {
  let out = s;
  for (const secret of secrets) if (secret.length >= 3) out = out.split(secret).join('********');
  return redactUrl(out);
}

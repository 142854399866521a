import { emailAddress, emailMissing } from '../../config/email.js';
import { createMailer, MailError } from '../../actions/email/mailer.js';
import type { MailMessage } from '../../actions/email/message.js';
import { CONFIG_OPTIONS, configFrom, parseOptions } from '../args.js';
import type { Command } from '../command.js';
import { EXIT, UsageError } from '../exit.js';

export const emailTest: Command = {
  usage: `Usage: tollguard email test [--config FILE] [--to ADDRESS]

Sends a short test message from ALERT_EMAIL_FROM to ALERT_EMAIL_TO (and
ALERT_EMAIL_CRITICAL_TO), or only to --to, through SMTP_URL (or SMTP_HOST,
SMTP_PORT, SMTP_USER, SMTP_PASSWORD, SMTP_TLS), and prints what the server said.
Exit status 0 when the server accepted it, 2 when mail is not configured, 4 when
sending failed.`,
  async run(argv) {
    const { values } = parseOptions(argv, { ...CONFIG_OPTIONS, to: { type: 'string' } });
    let to: string[] | undefined;
    if (values.to !== undefined) {
      const parsed = emailAddress.safeParse(values.to);
      if (!parsed.success) throw new UsageError(`--to takes a plain email address such as admin@example.com, not "${values.to.replace(/[\r\n]/g, ' ')}"`);
      to = [parsed.data];
    }
    const config = configFrom(values);
    const email = config.email;
    const missing = emailMissing(to ? { ...email, to } : email);
    if (missing.length) {
      process.stderr.write(`tollguard: email is not configured: set ${missing.join(', ')} (environment or config file key "email")\n`);
      return EXIT.usage;
    }
    const recipients = to ?? [...new Set([...email.to, ...email.criticalTo])];
    let mailer;
    try {
      mailer = createMailer(email);
    } catch (e) {
      if (!(e instanceof MailError)) throw e;
      process.stderr.write(`tollguard: ${e.message}\n`);
      return EXIT.usage;
    }
    const now = new Date().toISOString();
    const message: MailMessage = {
      from: email.from!,
      to: recipients,
      subject: `[tollguard] Test message — ${now.slice(0, 10)}`,
      text: `This is a test message from tollguard, sent at ${now} through ${mailer.description}.\nIf you can read it, alerts and reports will reach this address.\n`,
      html:
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>tollguard test message</title></head>' +
        '<body style="margin:0;padding:16px;font-family:Arial,sans-serif;font-size:14px;color:#1f2328;">' +
        `<p style="margin:0 0 8px 0;">This is a test message from tollguard, sent at ${now}.</p>` +
        '<p style="margin:0;">If you can read it, alerts and reports will reach this address.</p></body></html>',
      headers: { 'Auto-Submitted': 'auto-generated' },
    };
    process.stdout.write(`tollguard: sending a test message through ${mailer.description}\n  from ${email.from}\n  to   ${recipients.join(', ')}\n`);
    try {
      const info = await mailer.send(message);
      process.stdout.write(`tollguard: the server accepted it for ${info.accepted.join(', ') || '(nobody)'}: ${info.response}\n`);
      if (info.rejected.length) {
        process.stderr.write(`tollguard: the server refused these recipients: ${info.rejected.join(', ')}\n`);
        return EXIT.failure;
      }
      return EXIT.ok;
    } catch (e) {
      if (!(e instanceof MailError)) throw e;
      process.stderr.write(`tollguard: the test message was not sent: ${e.message}\n`);
      return EXIT.failure;
    } finally {
      mailer.close();
    }
  },
};

// `tollguard report --email` on the fixtures, against a real SMTP server on loopback.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { simpleParser } from 'mailparser';
import { parse } from 'csv-parse/sync';
import { runCli } from '../helpers/cli.js';
import { fixture } from '../helpers/fixtures.js';
import { startSmtp } from '../helpers/smtp.js';

const dir = mkdtempSync(join(tmpdir(), 'tollguard-report-mail-'));
let smtp: Awaited<ReturnType<typeof startSmtp>>;
before(async () => {
  smtp = await startSmtp();
});
after(() => smtp.close());

const env = () => ({
  TRUNKS: 'carrier',
  TOLLGUARD_STATE: join(dir, 'state.db'),
  SMTP_HOST: '127.0.0.1',
  SMTP_PORT: String(smtp.port),
  SMTP_TLS: 'none',
  ALERT_EMAIL_FROM: 'tollguard@pbx.example',
  ALERT_EMAIL_TO: 'admin@example.com',
});

test('report --email mails the findings with the flagged calls attached', async () => {
  const r = await runCli(['report', '--csv', fixture('Master.csv'), '--from', '2026-11-26', '--email'], { env: env(), cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  const [raw] = await smtp.waitFor(1);
  const mail = await simpleParser(raw!.raw);
  assert.match(mail.subject ?? '', /CRITICAL/);
  assert.match(mail.subject ?? '', /1001/);
  assert.match(String(mail.html), /International Networks \(\+882\)/);
  assert.match(mail.text ?? '', /1002/);
  const csv = mail.attachments.find((a) => a.filename?.endsWith('.csv'));
  assert.ok(csv, 'flagged calls attached');
  const rows: Record<string, string>[] = parse(csv.content, { columns: true, bom: true });
  assert.ok(rows.some((row) => row.extension === '="1001"' && row.e164 === '="+8821234567"' && row.flagged === 'yes'));
});

test('report --email without SMTP settings is a configuration error, before any work', async () => {
  const r = await runCli(['report', '--csv', fixture('Master.csv'), '--from', '2026-11-26', '--email'], { env: { TRUNKS: 'carrier', TOLLGUARD_STATE: join(dir, 'state.db') }, cwd: dir });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /email is not configured; set .*ALERT_EMAIL_TO/);
});

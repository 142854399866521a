// `tollguard email test` end to end: the CLI in a child process, configured
// through environment variables, against a real SMTP server on loopback.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../../helpers/cli.js';
import { closedPort, startSmtp } from '../../helpers/smtp.js';

describe('tollguard email test', () => {
  let cwd: string;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  const PASSWORD = 'hunter2-horse-staple';
  before(async () => {
    cwd = mkdtempSync(join(tmpdir(), 'tollguard-email-cli-'));
    writeFileSync(join(cwd, 'no-retries.json'), JSON.stringify({ email: { retries: 0, smtp: { timeoutSeconds: 5 } } }));
    smtp = await startSmtp({ auth: { user: 'pbx', pass: PASSWORD } });
  });
  after(async () => {
    await smtp.close();
    rmSync(cwd, { recursive: true, force: true });
  });

  const env = (extra: Record<string, string> = {}) => ({
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(smtp.port),
    SMTP_TLS: 'none',
    SMTP_USER: 'pbx',
    SMTP_PASSWORD: PASSWORD,
    ALERT_EMAIL_FROM: 'tollguard@pbx.example',
    ALERT_EMAIL_TO: 'admin@example.com, ops@example.com',
    ...extra,
  });

  it('sends a test message to the configured recipients and says where it went', async () => {
    const before = smtp.messages.length;
    const r = await runCli(['email', 'test'], { cwd, env: env() });
    assert.equal(r.status, 0, r.stderr);
    const m = (await smtp.waitFor(before + 1))[before]!;
    assert.match(String(m.parsed.subject), /^\[tollguard\] Test message — \d{4}-\d{2}-\d{2}$/);
    assert.deepEqual(m.envelope.to, ['admin@example.com', 'ops@example.com']);
    assert.equal(m.envelope.from, 'tollguard@pbx.example');
    assert.match(r.stdout, new RegExp(`smtp://pbx@127\\.0\\.0\\.1:${smtp.port}`));
    assert.match(r.stdout, /admin@example\.com, ops@example\.com/);
    assert.match(r.stdout, /accepted/);
    assert.ok(!r.stdout.includes(PASSWORD) && !r.stderr.includes(PASSWORD));
  });

  it('--to sends to that address only; SMTP_URL works as well', async () => {
    const before = smtp.messages.length;
    const r = await runCli(['email', 'test', '--to', 'me@example.net'], {
      cwd,
      env: { SMTP_URL: `smtp://pbx:${PASSWORD}@127.0.0.1:${smtp.port}`, SMTP_TLS: 'none', ALERT_EMAIL_FROM: 'tollguard@pbx.example' },
    });
    assert.equal(r.status, 0, r.stderr);
    const m = (await smtp.waitFor(before + 1))[before]!;
    assert.deepEqual(m.envelope.to, ['me@example.net']);
    assert.ok(!r.stdout.includes(PASSWORD) && !r.stderr.includes(PASSWORD));
  });

  it('exit 2 naming the variables to set when mail is not configured', async () => {
    const r = await runCli(['email', 'test'], { cwd, env: {} });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /set SMTP_URL \(or SMTP_HOST\), ALERT_EMAIL_FROM, ALERT_EMAIL_TO/);
  });

  it('exit 2 on a bad address, with the variable that carried it', async () => {
    const r = await runCli(['email', 'test'], { cwd, env: env({ ALERT_EMAIL_TO: 'admin@example.com\r\nBcc: x@evil.example' }) });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /ALERT_EMAIL_TO/);
    const flag = await runCli(['email', 'test', '--to', 'not an address'], { cwd, env: env() });
    assert.equal(flag.status, 2);
    assert.match(flag.stderr, /--to takes a plain email address/);
  });

  it('exit 4 with a clear message when the login is refused, never showing the password', async () => {
    const r = await runCli(['email', 'test', '--config', join(cwd, 'no-retries.json')], { cwd, env: env({ SMTP_PASSWORD: 'wrong-password-123' }) });
    assert.equal(r.status, 4);
    assert.match(r.stderr, new RegExp(`SMTP server 127\\.0\\.0\\.1:${smtp.port} refused the login of user "pbx"`));
    assert.ok(!r.stderr.includes('wrong-password-123') && !r.stdout.includes('wrong-password-123'));
  });

  it('exit 4 when the server is down, naming host and port', async () => {
    const port = await closedPort();
    const r = await runCli(['email', 'test', '--config', join(cwd, 'no-retries.json')], { cwd, env: env({ SMTP_PORT: String(port) }) });
    assert.equal(r.status, 4);
    assert.match(r.stderr, new RegExp(`cannot reach SMTP server 127\\.0\\.0\\.1:${port}`));
  });
});

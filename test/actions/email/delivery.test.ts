// Against a real SMTP server on loopback: what arrives, parsed with mailparser,
// and what happens when the server is down, deferring, rejecting or refusing the login.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { composeAlert, composeReportMail } from '../../../src/actions/email/compose.js';
import { flushOutbox, sendOrQueue } from '../../../src/actions/email/deliver.js';
import { mailReport } from '../../../src/actions/email/index.js';
import { createMailer, MailError } from '../../../src/actions/email/mailer.js';
import { folderOutbox } from '../../../src/actions/email/outbox.js';
import { escapeHtml } from '../../../src/actions/report/escape.js';
import { emailSchema, type EmailConfig } from '../../../src/config/email.js';
import { alertsOf, DAY, HOSTILE, makeAllClearReport, makeReport, visibleText } from '../../helpers/report.js';
import { closedPort, startSmtp } from '../../helpers/smtp.js';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'tollguard-mail-'));
  dirs.push(d);
  return d;
}
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function config(port: number, extra: Record<string, unknown> = {}): EmailConfig {
  return emailSchema.parse({
    smtp: { host: '127.0.0.1', port, tls: 'none', timeoutSeconds: 5 },
    from: 'tollguard@pbx.example',
    to: ['admin@example.com'],
    criticalTo: ['oncall@example.com'],
    retries: 2,
    retryBaseMs: 5,
    ...extra,
  });
}

describe('the report mail as received', () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  before(async () => {
    smtp = await startSmtp();
  });
  after(() => smtp.close());

  it('has the summary subject, an escaped HTML body, the text report and the CSV of flagged calls', async () => {
    const report = makeReport();
    const email = config(smtp.port);
    const mailer = createMailer(email);
    const info = await mailer.send(composeReportMail(report, email));
    mailer.close();
    assert.deepEqual(info.accepted, ['admin@example.com', 'oncall@example.com']);
    const [m] = await smtp.waitFor(1);
    const p = m!.parsed;
    assert.deepEqual(m!.envelope.to, ['admin@example.com', 'oncall@example.com']);
    assert.equal(p.subject, `[tollguard] CRITICAL: ext 201 EUR 513 est. +1 more - ${DAY}`);
    assert.equal(p.headers.get('auto-submitted'), 'auto-generated');

    const html = String(p.html);
    for (const f of report.findings) assert.ok(visibleText(html).includes(f.explanation), `explanation of ${f.rule}`);
    assert.ok(!/<script/i.test(html));
    assert.ok(!html.includes(HOSTILE.img) && !html.includes(HOSTILE.extension));
    assert.ok(html.includes(escapeHtml(HOSTILE.script)));
    assert.ok(!/<img|src=["']?https?:|<link|<svg/i.test(html), 'no remote images, stylesheets or SVG');

    const text = p.text ?? '';
    assert.ok(text.includes('2 incidents need action: 1 critical, 1 warning; EUR 593.46 estimated'));
    assert.ok(text.includes('1 critical, 2 warning, 1 info findings'));
    for (const f of report.findings) assert.ok(text.includes(f.title.replace(/\s+/g, ' ').slice(0, 20)), `${f.rule}: ${text}`);

    assert.equal(p.attachments.length, 1);
    const csv = p.attachments[0]!;
    assert.equal(csv.filename, `flagged-calls-${DAY}.csv`);
    assert.match(csv.contentType, /^text\/csv/);
    const rows = parse(csv.content.toString('utf8'), { columns: true, bom: true }) as Record<string, string>[];
    assert.equal(rows.length, report.flaggedCalls!.length);
    assert.ok(rows.some((r) => r.clid === `'${HOSTILE.formula}`), 'formula neutralised');
    assert.ok(rows.some((r) => r.dialled === '="0088216123456"'), 'digits kept as text');
    const digitsAsText = /^="\+?\d+(\.\d+)?"$/;
    assert.ok(rows.every((r) => (!/^[=+@]/.test(r.clid ?? '') || digitsAsText.test(r.clid!)) && (!/^[=@]/.test(r.src ?? '') || digitsAsText.test(r.src!))));
  });

  it('an extension with CRLF + "Bcc:" adds no header and no recipient', async () => {
    const report = makeReport();
    const email = config(smtp.port);
    const before = smtp.messages.length;
    const evil = '201\r\nBcc: evil@attacker.example\r\nX-Injected: 1';
    report.findings = report.findings.map((f) => (f.extension === '201' ? { ...f, extension: evil } : f));
    report.profiles = report.profiles.map((p) => (p.extension === '201' ? { ...p, extension: evil } : p));
    const msg = composeAlert(alertsOf(report), report, { ...email, subjectMax: 300 });
    const mailer = createMailer(email);
    await mailer.send(msg);
    mailer.close();
    const m = (await smtp.waitFor(before + 1))[before]!;
    assert.deepEqual(m.envelope.to, ['admin@example.com', 'oncall@example.com']);
    assert.equal(m.parsed.headers.get('bcc'), undefined);
    assert.equal(m.parsed.headers.get('x-injected'), undefined);
    const headerBlock = m.raw.slice(0, m.raw.indexOf('\r\n\r\n'));
    assert.ok(!/^bcc:/im.test(headerBlock) && !/^x-injected:/im.test(headerBlock));
    assert.match(String(m.parsed.subject), /ext 201 Bcc: evil@atta/);
  });

  it('the all-clear mail arrives, and not at all when turned off', async () => {
    const before = smtp.messages.length;
    const mailer = createMailer(config(smtp.port));
    const outbox = folderOutbox(join(tempDir(), 'outbox'));
    const on = await mailReport(makeAllClearReport(), config(smtp.port), mailer, outbox);
    assert.equal(on.delivery?.ok, true);
    const m = (await smtp.waitFor(before + 1))[before]!;
    assert.equal(m.parsed.subject, `[tollguard] All clear - ${DAY}`);
    assert.deepEqual(m.envelope.to, ['admin@example.com']);
    const off = await mailReport(makeAllClearReport(), config(smtp.port, { allClear: false }), mailer, outbox);
    mailer.close();
    assert.equal(off.delivery, null);
    assert.equal(smtp.messages.length, before + 1);
  });
});

describe('failures', () => {
  it('a server that is down: retried with backoff, queued, reported; the next run sends it', async () => {
    const port = await closedPort();
    const sleeps: number[] = [];
    const email = config(port, { retries: 3, retryBaseMs: 10 });
    const mailer = createMailer(email, { sleep: async (ms) => void sleeps.push(ms) });
    const dir = join(tempDir(), 'outbox');
    const outbox = folderOutbox(dir);
    const report = makeReport();
    const first = await mailReport(report, email, mailer, outbox);
    mailer.close();
    assert.equal(first.delivery?.ok, false);
    if (first.delivery?.ok !== false) return;
    assert.equal(first.delivery.queued, true);
    assert.equal(first.delivery.error.kind, 'connection');
    assert.equal(first.delivery.error.attempts, 4);
    assert.match(first.delivery.error.message, new RegExp(`cannot reach SMTP server 127\\.0\\.0\\.1:${port}.*after 4 attempts`));
    assert.deepEqual(sleeps, [10, 20, 40], 'exponential backoff');
    assert.equal(readdirSync(dir).filter((n) => n.endsWith('.json')).length, 1);

    // Next run, server up on that port? Ports cannot be chosen, so point the next run's config at a live server.
    const smtp = await startSmtp();
    try {
      const next = createMailer(config(smtp.port));
      const flushed = await flushOutbox(next, outbox);
      next.close();
      assert.deepEqual(flushed, { sent: 1, remaining: 0, error: null });
      const [m] = await smtp.waitFor(1);
      assert.equal(m!.parsed.subject, composeReportMail(report, email).subject);
      assert.equal(m!.parsed.attachments.length, 1, 'queued with its attachment');
      assert.deepEqual(await outbox.list(), []);
    } finally {
      await smtp.close();
    }
  });

  it('a flush while the server is still down counts an attempt on every queued mail without hammering it', async () => {
    const port = await closedPort();
    const email = config(port, { retries: 0 });
    const mailer = createMailer(email);
    const outbox = folderOutbox(join(tempDir(), 'outbox'));
    const report = makeReport();
    await sendOrQueue(mailer, composeReportMail(report, email), outbox);
    await sendOrQueue(mailer, composeReportMail(makeAllClearReport(), email), outbox);
    const flushed = await flushOutbox(mailer, outbox);
    mailer.close();
    assert.equal(flushed.sent, 0);
    assert.equal(flushed.remaining, 2);
    assert.equal(flushed.error?.kind, 'connection');
    const queued = await outbox.list();
    assert.deepEqual(queued.map((q) => q.attempts), [2, 2]);
  });

  it('5xx at DATA: not retried, queued with the server reply', async () => {
    const smtp = await startSmtp({ failData: { code: 554, message: 'Transaction failed: spam suspected' } });
    try {
      const email = config(smtp.port);
      const mailer = createMailer(email);
      const outbox = folderOutbox(join(tempDir(), 'outbox'));
      const d = await sendOrQueue(mailer, composeReportMail(makeReport(), email), outbox);
      mailer.close();
      assert.equal(d.ok, false);
      if (d.ok) return;
      assert.equal(d.queued, true);
      assert.equal(d.error.kind, 'rejected');
      assert.equal(d.error.responseCode, 554);
      assert.equal(d.error.attempts, 1);
      assert.match(d.error.message, /rejected the message.*554.*spam suspected/);
      assert.deepEqual(smtp.failures, ['DATA 554']);
      const [q] = await outbox.list();
      assert.match(q!.lastError ?? '', /554/);
    } finally {
      await smtp.close();
    }
  });

  it('5xx at RCPT for every recipient: queued', async () => {
    const smtp = await startSmtp({ failRcpt: { code: 550, message: 'No such user here' } });
    try {
      const email = config(smtp.port);
      const mailer = createMailer(email);
      const outbox = folderOutbox(join(tempDir(), 'outbox'));
      const d = await sendOrQueue(mailer, composeReportMail(makeReport(), email), outbox);
      mailer.close();
      assert.equal(d.ok, false);
      if (d.ok) return;
      assert.equal(d.error.kind, 'rejected');
      assert.match(d.error.message, /550/);
      assert.equal((await outbox.list()).length, 1);
      assert.equal(smtp.messages.length, 0);
    } finally {
      await smtp.close();
    }
  });

  it('4xx at MAIL FROM then success: retried and delivered', async () => {
    const smtp = await startSmtp({ failMailFrom: { code: 451, message: 'Greylisted, try again later', times: 2 } });
    try {
      const sleeps: number[] = [];
      const email = config(smtp.port, { retries: 3, retryBaseMs: 7 });
      const mailer = createMailer(email, { sleep: async (ms) => void sleeps.push(ms) });
      const outbox = folderOutbox(join(tempDir(), 'outbox'));
      const d = await sendOrQueue(mailer, composeReportMail(makeReport(), email), outbox);
      mailer.close();
      assert.equal(d.ok, true);
      if (!d.ok) return;
      assert.equal(d.info.attempts, 3);
      assert.deepEqual(sleeps, [7, 14]);
      assert.deepEqual(smtp.failures, ['MAIL 451', 'MAIL 451']);
      assert.equal(smtp.messages.length, 1);
      assert.deepEqual(await outbox.list(), []);
    } finally {
      await smtp.close();
    }
  });

  it('4xx on every attempt: temporary failure after the retries, queued', async () => {
    const smtp = await startSmtp({ failData: { code: 452, message: 'Insufficient system storage' } });
    try {
      const email = config(smtp.port, { retries: 1 });
      const mailer = createMailer(email);
      const outbox = folderOutbox(join(tempDir(), 'outbox'));
      const d = await sendOrQueue(mailer, composeReportMail(makeReport(), email), outbox);
      mailer.close();
      assert.equal(d.ok, false);
      if (d.ok) return;
      assert.equal(d.error.kind, 'temporary');
      assert.equal(d.error.attempts, 2);
      assert.equal(smtp.failures.length, 2);
      assert.equal((await outbox.list()).length, 1);
    } finally {
      await smtp.close();
    }
  });

  it('a login: accepted with the right password, a clear error without the password otherwise', async () => {
    const smtp = await startSmtp({ auth: { user: 'pbx', pass: 'right-horse-battery' } });
    try {
      const good = config(smtp.port, { smtp: { url: `smtp://pbx:right-horse-battery@127.0.0.1:${smtp.port}`, tls: 'none' } });
      const ok = createMailer(good);
      await ok.send(composeReportMail(makeReport(), good));
      ok.close();
      assert.equal(smtp.messages.length, 1);
      assert.ok(!ok.description.includes('right-horse-battery'));
      assert.match(ok.description, /^smtp:\/\/pbx@127\.0\.0\.1:\d+ \(no TLS\)$/);

      const bad = config(smtp.port, { smtp: { host: '127.0.0.1', port: smtp.port, tls: 'none', user: 'pbx', password: 's3cret-wrong' } });
      const mailer = createMailer(bad);
      await assert.rejects(
        () => mailer.send(composeReportMail(makeReport(), bad)),
        (e: unknown) => {
          assert.ok(e instanceof MailError);
          assert.equal(e.kind, 'auth');
          assert.equal(e.attempts, 1, 'a refused login is not retried');
          assert.match(e.message, new RegExp(`SMTP server 127\\.0\\.0\\.1:${smtp.port} refused the login of user "pbx".*535`));
          assert.ok(!e.message.includes('s3cret-wrong'));
          return true;
        },
      );
      mailer.close();
      assert.deepEqual(smtp.logins.map((l) => l.ok), [true, false]);
    } finally {
      await smtp.close();
    }
  });
});

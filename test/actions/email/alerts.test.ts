import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it, test } from 'node:test';
import { alertDecision, alertFigures, sendAlerts, type AlertResult } from '../../../src/actions/email/alerts.js';
import { createMailer } from '../../../src/actions/email/mailer.js';
import { flushOutbox } from '../../../src/actions/email/deliver.js';
import { storeOutbox } from '../../../src/actions/email/outbox.js';
import type { Report } from '../../../src/actions/report/report.js';
import { emailSchema } from '../../../src/config/email.js';
import type { Finding } from '../../../src/detection/rule.js';
import { openStore } from '../../../src/store/open.js';
import type { StateStore } from '../../../src/store/store.js';
import { DAY, makeReport } from '../../helpers/report.js';
import { closedPort, startSmtp } from '../../helpers/smtp.js';

const T0 = new Date('2024-05-07T03:00:00.000Z');
const hours = (h: number): Date => new Date(T0.getTime() + h * 3_600_000);
const alerted = (calls: number, cost: number, at = T0.toISOString()) => ({ alertedAt: at, alertedCalls: calls, alertedCost: cost });

test('alertDecision: new, unchanged, grown, reminder', () => {
  assert.equal(alertDecision({ calls: 5, cost: 10 }, null, T0, 24), 'send');
  assert.equal(alertDecision({ calls: 5, cost: 10 }, { alertedAt: null, alertedCalls: null, alertedCost: null }, T0, 24), 'send');
  assert.equal(alertDecision({ calls: 5, cost: 10 }, alerted(5, 10), hours(23.9), 24), 'suppress');
  assert.equal(alertDecision({ calls: 5, cost: 10.004 }, alerted(5, 10), hours(1), 24), 'suppress', 'rounding is not growth');
  assert.equal(alertDecision({ calls: 6, cost: 10 }, alerted(5, 10), hours(1), 24), 'grew');
  assert.equal(alertDecision({ calls: 5, cost: 10.5 }, alerted(5, 10), hours(1), 24), 'grew');
  assert.equal(alertDecision({ calls: 4, cost: 9 }, alerted(5, 10), hours(1), 24), 'suppress', 'fewer calls (e.g. a re-read) is not growth');
  assert.equal(alertDecision({ calls: 5, cost: 10 }, alerted(5, 10), hours(24), 24), 'send', 'reminder after the period');
  assert.equal(alertDecision({ calls: 5, cost: 10 }, alerted(5, 10), hours(1000), 0), 'suppress', '0 = never remind');
});

test('alertFigures: the extension-day outbound calls (whole PBX for "*") and the finding cost', () => {
  const r = makeReport();
  const f201 = r.findings.find((f) => f.extension === '201')!;
  assert.deepEqual(alertFigures(f201, r), { calls: 57, cost: f201.estimatedCost });
  const pbx = r.findings.find((f) => f.extension === '*')!;
  const total = r.profiles.filter((p) => p.day === DAY).reduce((n, p) => n + p.outboundCalls, 0);
  assert.deepEqual(alertFigures(pbx, r), { calls: total, cost: pbx.estimatedCost });
});

describe('sendAlerts with the SQLite state store and a real SMTP server', () => {
  let dir: string;
  let store: StateStore;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tollguard-alerts-'));
    store = await openStore({ statePath: join(dir, 'state.db'), lockWaitSeconds: 5 });
    smtp = await startSmtp();
  });
  after(async () => {
    await store.close();
    await smtp.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const email = (port: number) =>
    emailSchema.parse({
      smtp: { host: '127.0.0.1', port, tls: 'none', timeoutSeconds: 5 },
      from: 'tollguard@pbx.example',
      to: ['admin@example.com'],
      criticalTo: ['oncall@example.com'],
      repeatHours: 24,
      retries: 1,
      retryBaseMs: 1,
    });

  /** The fixture report with both findings on 201 critical, scaled to `calls` and `cost`. */
  function scenario(calls: number, cost: number): { report: Report; findings: Finding[] } {
    const report = makeReport();
    report.profiles = report.profiles.map((p) => (p.extension === '201' ? { ...p, outboundCalls: calls, estimatedCost: cost } : p));
    report.findings = report.findings.map((f) => (f.extension === '201' ? { ...f, severity: 'critical', estimatedCost: f.rule === 'high-risk-destination' ? cost : f.estimatedCost } : f));
    return { report, findings: report.findings };
  }

  /** One scheduled run: store the findings, then alert, in one store run. */
  async function run(now: Date, s: { report: Report; findings: Finding[] }, port = smtp.port): Promise<AlertResult> {
    const mailer = createMailer(email(port));
    try {
      return await store.withRun('sweep', { from: DAY, to: DAY }, async (tx) => {
        const outbox = storeOutbox(store, tx);
        await flushOutbox(mailer, outbox);
        await tx.replaceFindings({ from: DAY, to: DAY }, s.findings);
        return sendAlerts({ report: s.report, store, tx, now, repeatHours: 24, mail: { mailer, outbox, email: email(port) } });
      });
    } finally {
      mailer.close();
    }
  }

  it('mails a critical incident once, suppresses it on the next run, re-sends when it grew, reminds after the period', async () => {
    const first = await run(T0, scenario(57, 510.31));
    assert.deepEqual({ ...first, errors: first.errors.length }, { incidents: 1, suppressed: 0, grew: 0, sent: 1, queued: 0, failed: 0, errors: 0, webhook: { sent: 0, queued: 0, failed: 0, errors: [] } });
    const [m1] = await smtp.waitFor(1);
    assert.equal(m1!.parsed.subject, `[tollguard] CRITICAL: ext 201 EUR 510 est. - ${DAY}`);
    assert.deepEqual(m1!.envelope.to, ['admin@example.com', 'oncall@example.com']);
    assert.ok(m1!.parsed.text?.includes("tollguard lockout add 201 --reason 'suspected toll fraud on 2024-05-07'"));
    assert.ok(String(m1!.parsed.html).includes('57&nbsp;calls'));
    const stored = await store.findingByFingerprint(`high-risk-destination:201:${DAY}`);
    assert.equal(stored?.alertedAt, T0.toISOString());
    assert.equal(stored?.alertedCalls, 57);
    assert.equal(stored?.alertedCost, 510.31);

    const second = await run(hours(1), scenario(57, 510.31));
    assert.equal(second.sent, 0);
    assert.equal(second.suppressed, 1);
    assert.equal(smtp.messages.length, 1, 'no second mail');

    const third = await run(hours(2), scenario(80, 700));
    assert.equal(third.sent, 1);
    assert.equal(third.grew, 1);
    const m3 = (await smtp.waitFor(2))[1]!;
    assert.equal(m3.parsed.subject, `[tollguard] CRITICAL: ext 201 grew to EUR 700 est. - ${DAY}`);
    assert.ok(m3.parsed.text?.includes('Grew since the alert at 2024-05-07 05:00: 57 -> 80 calls, EUR 510.31 -> EUR 700.00.'), m3.parsed.text);
    assert.equal((await store.findingByFingerprint(`high-risk-destination:201:${DAY}`))?.alertedCalls, 80);

    const fourth = await run(hours(3), scenario(80, 700));
    assert.equal(fourth.suppressed, 1);
    const fifth = await run(hours(2 + 24), scenario(80, 700));
    assert.equal(fifth.sent, 1, 'reminder after ALERT_REPEAT_HOURS');
    assert.equal(fifth.grew, 0);
    assert.equal(smtp.messages.length, 3);
  });

  it('an alert the server cannot take is queued in the store outbox, not lost, and goes out with the next run', async () => {
    const other = scenario(12, 99);
    other.report.findings = other.findings = other.findings.map((f) => ({ ...f, day: '2024-05-08', fingerprint: f.fingerprint.replace(DAY, '2024-05-08') }));
    other.report.profiles = other.report.profiles.map((p) => ({ ...p, day: '2024-05-08' }));
    const withRun = async (now: Date, port: number) => {
      const mailer = createMailer(email(port));
      try {
        return await store.withRun('sweep', { from: '2024-05-08', to: '2024-05-08' }, async (tx) => {
          const outbox = storeOutbox(store, tx);
          const flushed = await flushOutbox(mailer, outbox);
          await tx.replaceFindings({ from: '2024-05-08', to: '2024-05-08' }, other.findings);
          const alerts = await sendAlerts({ report: other.report, store, tx, now, repeatHours: 24, mail: { mailer, outbox, email: email(port) } });
          return { flushed, alerts };
        });
      } finally {
        mailer.close();
      }
    };
    const before = smtp.messages.length;
    const down = await withRun(hours(48), await closedPort());
    assert.equal(down.alerts.failed, 1);
    assert.equal(down.alerts.queued, 1);
    assert.equal(down.alerts.errors[0]?.kind, 'connection');
    const box = await store.outbox();
    assert.equal(box.length, 1);
    assert.match(String((box[0]!.message as { subject: string }).subject), /CRITICAL: ext 201/);

    const up = await withRun(hours(49), smtp.port);
    assert.equal(up.flushed.sent, 1);
    assert.equal(up.alerts.sent + up.alerts.queued + up.alerts.incidents, 0, 'already alerted (queued counts as mailed)');
    assert.equal(up.alerts.suppressed, 1);
    assert.deepEqual(await store.outbox(), []);
    assert.equal(smtp.messages.length, before + 1);
  });
});

// The webhook against a real HTTP server on loopback: retries with backoff,
// the queue when the endpoint is down, and no secret in what it receives or in
// any message tollguard writes about it.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { flushOutbox } from '../../../src/actions/email/deliver.js';
import { createMailer } from '../../../src/actions/email/mailer.js';
import { storeOutbox } from '../../../src/actions/email/outbox.js';
import { incidentPayload, isQueuedWebhook } from '../../../src/actions/webhook/payload.js';
import { createWebhookPoster, WebhookError } from '../../../src/actions/webhook/post.js';
import { configSchema, loadConfig, redactConfig, type Config } from '../../../src/config/load.js';
import { mailAlerts } from '../../../src/pipeline/job-mail.js';
import { openStore } from '../../../src/store/open.js';
import type { StateStore } from '../../../src/store/store.js';
import { alertsOf, DAY, HOSTILE, makeReport } from '../../helpers/report.js';
import { runCli } from '../../helpers/cli.js';
import { startHttp, type TestHttp } from '../../helpers/http.js';
import { closedPort } from '../../helpers/smtp.js';

const TOKEN = 'T0AAA/B0BBB/Xy9SeCrEtToKeN';
const SECRETS = { smtp: 'smtp-pa55word', ami: 'ami-s3cret', db: 'pg-pa55' };

function critical() {
  const report = makeReport();
  report.findings = report.findings.map((f) => (f.extension === '201' ? { ...f, severity: 'critical' as const } : f));
  return report;
}

describe('the webhook poster', () => {
  let http: TestHttp;
  before(async () => {
    http = await startHttp();
  });
  after(() => http.close());

  it('retries a failure that may pass with exponential backoff, then delivers the same JSON', async () => {
    http.statuses = [500, 503, 429];
    const before = http.requests.length;
    const sleeps: number[] = [];
    const poster = createWebhookPoster({ url: `${http.base}/services/${TOKEN}`, retries: 3, retryBaseMs: 10, timeoutSeconds: 5 }, { sleep: async (ms) => void sleeps.push(ms) });
    const report = critical();
    const payload = incidentPayload(alertsOf(report)[0]!, report);
    assert.deepEqual(await poster.post(payload), { status: 200, attempts: 4 });
    assert.deepEqual(sleeps, [10, 20, 40]);
    const got = http.requests.slice(before);
    assert.equal(got.length, 4);
    for (const r of got) {
      assert.equal(r.method, 'POST');
      assert.match(String(r.headers['content-type']), /^application\/json/);
      assert.deepEqual(JSON.parse(r.body), payload);
    }
    assert.equal(poster.description, `webhook ${http.base}`, 'the description names the host, not the token');
  });

  it('does not retry or follow what will not pass: a refusal, a redirect; the error names neither path nor token', async () => {
    const poster = createWebhookPoster({ url: `${http.base}/services/${TOKEN}`, retries: 3, retryBaseMs: 1, timeoutSeconds: 5 });
    const payload = incidentPayload(alertsOf(critical())[0]!, critical());
    for (const [status, kind] of [[404, 'rejected'], [302, 'redirect']] as const) {
      http.statuses = [status];
      http.headers = status === 302 ? { location: `${http.base}/elsewhere` } : {};
      const before = http.requests.length;
      await assert.rejects(
        () => poster.post(payload),
        (e: unknown) => {
          assert.ok(e instanceof WebhookError);
          assert.equal(e.kind, kind);
          assert.equal(e.attempts, 1);
          assert.ok(!e.message.includes(TOKEN) && !e.message.includes('/services'), e.message);
          return true;
        },
      );
      assert.equal(http.requests.length, before + 1, `${status}: one request, nothing followed`);
    }
    http.headers = {};
  });

  it('the payload is Slack-ready: text with the incident and the command, CDR markup escaped, the incident as JSON beside it', () => {
    const report = critical();
    const p = incidentPayload(alertsOf(report)[0]!, report);
    assert.match(p.text, /^\*CRITICAL: ext 201\* 2024-05-07 09:00-17:00 \(Europe\/Berlin\)\n57 calls, EUR 513\.46 est\./);
    assert.ok(p.text.includes("1. Lock the extension now: `tollguard lockout add 201 --reason 'suspected toll fraud on 2024-05-07'`"));
    assert.ok(!/[<>]/.test(p.text.replace(/&lt;|&gt;/g, '')), 'no raw < or > Slack would read as a mention or link');
    const t = p.tollguard;
    assert.deepEqual([t.version, t.event, t.extension, t.severity, t.firstDay, t.calls, t.estimatedCost, t.currency], [1, 'incident', '201', 'critical', DAY, 57, 513.46, 'EUR']);
    assert.deepEqual(t.rules, ['volume-spike', 'high-risk-destination', 'pbx-cost-cap']);
    assert.equal((t.findings as unknown[]).length, 3);
    assert.equal(t.firstCall, '2024-05-07T09:00:00+02:00');
  });
});

describe('webhook alerts from a scheduled run, with the SQLite state store', () => {
  let dir: string;
  let store: StateStore;
  let http: TestHttp;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tollguard-webhook-'));
    store = await openStore({ statePath: join(dir, 'state.db'), lockWaitSeconds: 5 });
    http = await startHttp();
  });
  after(async () => {
    await store.close();
    await http.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The configuration as loaded from the environment: every secret set, mail configured but its server down. */
  const config = async (webhook: string): Promise<Config> => {
    const smtpPort = await closedPort();
    const env = {
      ALERT_WEBHOOK_URL: webhook,
      SMTP_URL: `smtp://tollguard:${SECRETS.smtp}@127.0.0.1:${smtpPort}`,
      ALERT_EMAIL_FROM: 'tollguard@pbx.example',
      ALERT_EMAIL_TO: 'admin@example.com',
      AMI_SECRET: SECRETS.ami,
      DATABASE_URL: `postgres://tollguard:${SECRETS.db}@127.0.0.1/tollguard`,
      TOLLGUARD_STATE: join(dir, 'state.db'),
    };
    const loaded = loadConfig({ env });
    // The run itself uses the SQLite store; DATABASE_URL is only there to be a secret that must not leak.
    return configSchema.parse({ ...loaded, store: { ...loaded.store, databaseUrl: undefined }, email: { ...loaded.email, retries: 0, smtp: { ...loaded.email.smtp, timeoutSeconds: 2 } }, webhook: { ...loaded.webhook, retryBaseMs: 1 } });
  };

  const run = async (cfg: Config, now: Date) => {
    const report = critical();
    return store.withRun('sweep', { from: DAY, to: DAY }, async (tx) => {
      await tx.replaceFindings({ from: DAY, to: DAY }, report.findings);
      return mailAlerts(cfg, store, tx, report, now);
    });
  };

  it('endpoint down: retried, queued in the outbox without the URL, the run says so; the next run posts it first', async () => {
    const down = `http://127.0.0.1:${await closedPort()}/services/${TOKEN}`;
    const first = await run(await config(down), new Date('2024-05-07T03:00:00Z'));
    assert.ok('incidents' in first);
    assert.deepEqual([first.incidents, first.webhook.failed, first.webhook.queued, first.queued], [1, 1, 1, 1], 'mail and webhook both queued');
    assert.equal(first.webhook.errors[0]!.attempts, 4);
    assert.equal(first.webhook.errors[0]!.kind, 'connection');
    const box = await store.outbox();
    const hooks = box.filter((q) => isQueuedWebhook(q.message));
    assert.equal(hooks.length, 1);
    const stored = JSON.stringify(box);
    for (const secret of [TOKEN, SECRETS.smtp, SECRETS.ami, SECRETS.db]) assert.ok(!stored.includes(secret), `no ${secret} in the outbox`);
    for (const e of first.webhook.errors) assert.ok(!e.message.includes(TOKEN), e.message);

    // The mail outbox flush leaves the webhook post alone (it is not a broken mail).
    await store.withRun('sweep', null, async (tx) => {
      const r = await flushOutbox(createMailer({ ...(await config(down)).email, retries: 0 }), storeOutbox(store, tx));
      assert.equal(r.remaining, 1, 'only the queued mail counts');
    });
    assert.equal((await store.outbox()).filter((q) => isQueuedWebhook(q.message))[0]!.attempts, 1);

    const up = `${http.base}/services/${TOKEN}`;
    const before = http.requests.length;
    const second = await run(await config(up), new Date('2024-05-07T03:10:00Z'));
    assert.ok('incidents' in second);
    assert.equal(second.webhookFlushed?.sent, 1, 'the queued post went out');
    assert.equal(second.incidents, 0, 'already alerted: queued counts as alerted');
    assert.equal(http.requests.length, before + 1);
    assert.equal(http.requests.at(-1)!.url, `/services/${TOKEN}`);
    assert.deepEqual((await store.outbox()).filter((q) => isQueuedWebhook(q.message)), []);
  });

  it('what the endpoint receives carries no secret: not its own URL, nor SMTP, AMI or database passwords', async () => {
    const cfg = await config(`${http.base}/services/${TOKEN}?token=${TOKEN}`);
    const report = critical();
    // The hostile extension's incident is critical too: its name is CDR markup.
    report.findings = report.findings.map((f) => ({ ...f, severity: f.extension === '*' ? f.severity : 'critical', day: '2024-05-08', fingerprint: `${f.fingerprint}:8` }));
    report.profiles = report.profiles.map((p) => ({ ...p, day: '2024-05-08' }));
    const before = http.requests.length;
    await store.withRun('sweep', null, async (tx) => {
      await tx.replaceFindings({ from: '2024-05-08', to: '2024-05-08' }, report.findings);
      return mailAlerts(cfg, store, tx, report, new Date('2024-05-08T03:00:00Z'));
    });
    const got = http.requests.slice(before);
    assert.equal(got.length, 2, 'one post per incident');
    for (const r of got) for (const secret of [TOKEN, SECRETS.smtp, SECRETS.ami, SECRETS.db, 'smtp://', 'postgres://']) assert.ok(!r.body.includes(secret), `${secret} in the payload`);
    // Slack renders only "text": CDR markup is escaped there; the JSON beside it keeps strings verbatim, as the JSON report does.
    const hostile = got.map((r) => JSON.parse(r.body)).find((b) => b.tollguard.extension === HOSTILE.extension);
    assert.ok(!/<svg|<!/.test(hostile.text) && hostile.text.includes('1009"&gt;&lt;svg onload=alert(2)&gt;'), hostile.text);
    // config check shows the webhook as its host only.
    const shown = JSON.stringify(redactConfig(cfg));
    assert.ok(!shown.includes(TOKEN), shown);
    assert.ok(shown.includes(`"url":"${http.base}/********"`));
  });
});

describe('the scheduled jobs with a webhook and no mail', () => {
  let http: TestHttp;
  let dir: string;
  before(async () => {
    http = await startHttp();
    dir = mkdtempSync(join(tmpdir(), 'tollguard-webhook-jobs-'));
  });
  after(async () => {
    await http.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('run sweep and run nightly post the critical incidents and exit 0: they reached someone', async () => {
    // 1001 reaches the trunk from the "default" context (always critical); 1002 calls Cuba at 3 a.m.
    const csv = join(dir, 'Master.csv');
    writeFileSync(
      csv,
      [
        '"","1001","0049301234567","default","""Ann"" <1001>","PJSIP/1001-00000001","PJSIP/telco-00000002","Dial","PJSIP/0049301234567@telco,60","2026-01-05 10:00:00","2026-01-05 10:00:05","2026-01-05 10:01:05",65,60,"ANSWERED","DOCUMENTATION","1767607200.1",""',
        '"","1002","00536123456","from-internal","""Bob"" <1002>","PJSIP/1002-00000003","PJSIP/telco-00000004","Dial","PJSIP/00536123456@telco,60","2026-01-05 03:00:00","2026-01-05 03:00:05","2026-01-05 03:11:05",665,660,"ANSWERED","DOCUMENTATION","1767582000.3",""',
      ].join('\n') + '\n',
    );
    const env = { TRUNKS: 'telco', CDR_CSV: csv, PBX_TIMEZONE: 'America/New_York', TOLLGUARD_STATE: join(dir, 'state.db'), ALERT_WEBHOOK_URL: `${http.base}/hook/${TOKEN}` };
    const sweep = await runCli(['run', 'sweep', '--now', '2026-01-05T17:00:00Z'], { env, cwd: dir });
    assert.equal(sweep.status, 0, sweep.stderr);
    const line = JSON.parse(sweep.stdout);
    assert.ok(line.critical >= 2);
    assert.equal(line.undelivered, 0);
    assert.ok(!sweep.stdout.includes(TOKEN) && !sweep.stderr.includes(TOKEN), 'the token is in no log');
    const posted = http.requests.map((r) => JSON.parse(r.body).tollguard.extension).sort();
    assert.deepEqual(posted, ['1001', '1002']);
    // The nightly run of the same day: nothing new to post (already alerted), and it exits 0.
    const nightly = await runCli(['run', 'nightly', '--now', '2026-01-06T12:00:00Z'], { env, cwd: dir });
    assert.equal(nightly.status, 0, nightly.stderr);
    assert.equal(http.requests.length, 2);
  });
});

// The live guard's alert mail: critical live findings are mailed at once, with
// the extension's live calls as the incident's figures; an extension-day the
// sweep already alerted is not mailed again.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { fingerprint } from '../../src/detection/detect.js';
import type { Finding } from '../../src/detection/rule.js';
import { LiveActions } from '../../src/pipeline/live-actions.js';
import { createClock } from '../../src/pipeline/setup.js';
import { openStore } from '../../src/store/open.js';
import { serverMessages } from '../helpers/ami-transcript.js';
import { feedAll, liveConfig, liveEngine } from '../helpers/live.js';
import { startSmtp, type TestSmtp } from '../helpers/smtp.js';

const burst = serverMessages(fileURLToPath(new URL('../fixtures/asterisk-22.7/ami/events/burst-lock-hangup.txt', import.meta.url)));
const T0 = Date.parse('2026-11-27T03:00:00Z');
let dir: string;
let smtp: TestSmtp;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tg-live-alert-'));
  smtp = await startSmtp();
});
after(async () => {
  await smtp.close();
  rmSync(dir, { recursive: true, force: true });
});

async function run(name: string, prepare?: (store: Awaited<ReturnType<typeof openStore>>) => Promise<void>) {
  const env = { TOLLGUARD_STATE: join(dir, `${name}.db`), SMTP_HOST: smtp.host, SMTP_PORT: String(smtp.port), SMTP_TLS: 'none', ALERT_EMAIL_FROM: 'tollguard@example.com', ALERT_EMAIL_TO: 'pbx-admin@example.com' };
  const config = liveConfig(env);
  const engine = liveEngine(env);
  const r = feedAll(engine, burst, T0, 500);
  const store = await openStore(config.store);
  const logs: Record<string, unknown>[] = [];
  try {
    await prepare?.(store);
    const actions = new LiveActions({ config, store, clock: createClock(config), log: (l) => logs.push(l), callsOf: (ext, now) => engine.state.outboundCalls(ext, now) });
    const outcome = await actions.act(r.findings, new Date(r.end));
    return { outcome, logs, findings: await store.findings({ from: '2026-11-27', to: '2026-11-27' }) };
  } finally {
    await store.close();
  }
}

describe('live guard alert mail', { timeout: 60_000 }, () => {
  it('critical live findings are mailed at once, naming the extension, its calls and cost; the findings are stored', async () => {
    const before = smtp.messages.length;
    const { findings, logs } = await run('mail');
    const [mail] = await smtp.waitFor(before + 1).then((m) => m.slice(before));
    assert.match(mail!.parsed.subject ?? '', /^\[tollguard\] CRITICAL: ext 1003 /);
    assert.match(mail!.parsed.text ?? '', /live-first-ever-high-risk/);
    assert.match(mail!.parsed.text ?? '', /tollguard lockout add 1003/);
    assert.ok(findings.some((f) => f.rule === 'live-concurrent-calls' && f.alertedAt !== null));
    assert.ok(logs.some((l) => l.event === 'live-alert'));
  });

  it('an extension-day the sweep already alerted is not mailed again', async () => {
    const before = smtp.messages.length;
    const sweepFinding: Finding = {
      extension: '1003', day: '2026-11-27', severity: 'critical', rule: 'high-risk-destination', title: 'High-risk destinations: 3', explanation: 'x',
      estimatedCost: 10, currency: 'USD', evidence: {}, fingerprint: fingerprint('high-risk-destination', '1003', '2026-11-27'),
    };
    const { logs, findings } = await run('dedup', async (store) => {
      await store.withRun('sweep', { from: '2026-11-27', to: '2026-11-27' }, async (tx) => {
        await tx.replaceFindings({ from: '2026-11-27', to: '2026-11-27' }, [sweepFinding]);
        await tx.markAlerted(sweepFinding.fingerprint, 3, 10, '2026-11-27T03:00:00Z');
      });
    });
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(smtp.messages.length, before);
    assert.ok(logs.some((l) => l.event === 'live-alert' && l.findings === 0));
    // The sweep's finding stays, the live ones join it.
    assert.ok(findings.some((f) => f.rule === 'high-risk-destination' && f.alertedAt !== null));
    assert.ok(findings.some((f) => f.rule.startsWith('live-')));
  });
});

// The scheduled jobs driven with an injected clock, a real Master.csv that
// grows between sweeps, a SQLite state store, a local SMTP server and an AMI peer.
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { JOBS, runJob } from '../../jobs/index.js';
import type { JobContext } from '../../jobs/job.js';
import { loadConfig, type Config } from '../../src/config/load.js';
import { runReportJob } from '../../src/pipeline/report-job.js';
import { openStore } from '../../src/store/open.js';
import type { StateStore } from '../../src/store/store.js';
import { AmiPeer } from '../helpers/ami-peer.js';
import { startSmtp, type TestSmtp } from '../helpers/smtp.js';
import { DAY, DEMO_TRUNK, demoRows, written, ZONE, type DemoRow } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'tollguard-jobs-'));
const csv = join(dir, 'Master.csv');
let rows: DemoRow[];
let peer: AmiPeer;
let smtp: TestSmtp;
let config: Config;
let store: StateStore;

function configFor(state: string, extra: Record<string, string> = {}): Config {
  return loadConfig({
    env: {
      PBX_TIMEZONE: ZONE, TRUNKS: DEMO_TRUNK, CDR_CSV: csv, TOLLGUARD_STATE: join(dir, state),
      LOCKOUT_MODE: 'enforce', AMI_HOST: '127.0.0.1', AMI_PORT: String(peer.port), AMI_USERNAME: 'tollguard', AMI_SECRET: 'amipass',
      SMTP_HOST: smtp.host, SMTP_PORT: String(smtp.port), SMTP_TLS: 'none', ALERT_EMAIL_FROM: 'tollguard@example.com', ALERT_EMAIL_TO: 'pbx-admin@example.com',
      ...extra,
    },
  });
}
const ctx = (now: string, c: Config = config, s: StateStore = store): JobContext => ({ config: c, store: s, now: new Date(now), quarantinePath: join(dir, 'q.jsonl') });
const at = (hhmm: string) => `${DAY}T${hhmm}:00-05:00`;

before(async () => {
  const demo = demoRows();
  rows = demo.day;
  writeFileSync(csv, `${demo.history.join('\n')}\n`);
  peer = await AmiPeer.start({ username: 'tollguard', secret: 'amipass', channels: ['PJSIP/1007-0000abcd'] });
  smtp = await startSmtp();
  config = configFor('state.db');
  store = await openStore(config.store);
  // What earlier nightly runs would have remembered: the month before the day.
  await runReportJob({ config, window: { from: '2026-10-22', to: '2026-11-24' }, job: 'report', now: new Date(at('00:05')), store, quarantinePath: join(dir, 'q.jsonl') });
});
after(async () => {
  await store.close();
  await peer.close();
  await smtp.close();
});

const todays = async (extension: string) => (await store.loadProfiles({ from: DAY, to: DAY }, extension))[0];

test('a sweep before the attack finds nothing critical on 1007', async () => {
  appendFileSync(csv, `${written(rows, null, '01:00:00').join('\n')}\n`);
  const r = await runJob('sweep', JOBS.sweep, ctx(at('01:00')));
  assert.equal(r.log.status, 'ok', r.log.error ?? '');
  assert.deepEqual(r.log.window, { from: DAY, to: DAY });
  assert.equal((await store.findings({ from: DAY, to: DAY })).filter((f) => f.extension === '1007').length, 0);
  assert.equal(smtp.messages.length, 0);
  assert.doesNotMatch(peer.receivedBytes, /Action: DBPut/);
});

test('the attack that starts between two sweeps is alerted and locked by the next sweep; new rows are read once', async () => {
  const added = written(rows, '01:00:00', '01:20:00');
  assert.ok(added.some((l) => l.includes('PJSIP/1007-')), 'the attack starts in this interval');
  const before = (await todays('1007'))?.outboundCalls ?? 0;
  appendFileSync(csv, `${added.join('\n')}\n`);

  const r = await runJob('sweep', JOBS.sweep, ctx(at('01:20')));
  assert.equal(r.log.status, 'ok', r.log.error ?? '');
  assert.equal(r.log.rowsNew, added.length, 'exactly the appended rows are new');
  const ext1007 = added.filter((l) => l.includes('PJSIP/1007-')).length;
  assert.equal((await todays('1007'))!.outboundCalls, before + ext1007, "1007's calls counted once each");

  // Alerted by mail, at once.
  const mails = await smtp.waitFor(1);
  assert.ok(mails.some((m) => /1007/.test(m.parsed.subject ?? '')), mails.map((m) => m.parsed.subject).join(' | '));
  // Locked through AMI by the sweep, not left to the nightly job.
  assert.match(peer.receivedBytes, /Action: DBPut\r\nFamily: tollguard\/lock\r\nKey: 1007\r\n/);
  const lock = (await store.lockouts('active')).find((l) => l.extension === '1007');
  assert.ok(lock, 'the store records the lock');
  assert.match(lock.actor, /^sweep: /);
  assert.equal((await store.recentRuns(5, 'nightly')).length, 0);

  // A sweep with nothing new changes no count and mails nothing again.
  const again = await runJob('sweep', JOBS.sweep, ctx(at('01:21')));
  assert.equal(again.log.rowsNew, 0);
  assert.equal((await todays('1007'))!.outboundCalls, before + ext1007);
  assert.equal(smtp.messages.length, mails.length, 'an unchanged finding is not mailed twice');
});

test('the incremental sweep counts what a sweep reading the whole file from scratch counts', async () => {
  appendFileSync(csv, `${written(rows, '01:20:00', '09:00:00').join('\n')}\n`);
  const r = await runJob('sweep', JOBS.sweep, ctx(at('09:00')));
  assert.equal(r.log.status, 'ok', r.log.error ?? '');
  const fresh = configFor('fresh.db', { LOCKOUT_MODE: 'off', SMTP_HOST: '', ALERT_EMAIL_TO: '' });
  const freshStore = await openStore(fresh.store);
  try {
    const f = await runJob('sweep', JOBS.sweep, ctx(at('09:00'), fresh, freshStore));
    assert.equal(f.log.status, 'ok', f.log.error ?? '');
    const strip = (ps: { extension: string; outboundCalls: number; internationalCalls: number; estimatedCost: number; maxCallsIn10Min: number; peakConcurrent: number; distinctNumbers: number }[]) =>
      ps.map((p) => [p.extension, p.outboundCalls, p.internationalCalls, p.estimatedCost, p.maxCallsIn10Min, p.peakConcurrent, p.distinctNumbers]);
    assert.deepEqual(strip(await store.loadProfiles({ from: DAY, to: DAY })), strip(await freshStore.loadProfiles({ from: DAY, to: DAY })));
  } finally {
    await freshStore.close();
  }
});

test('two overlapping triggers run the job once', async () => {
  const runsBefore = (await store.recentRuns(100, 'sweep')).length;
  const [a, b] = await Promise.all([runJob('sweep', JOBS.sweep, ctx(at('09:10'))), runJob('sweep', JOBS.sweep, ctx(at('09:10')))]);
  assert.deepEqual([a.log.status, b.log.status].sort(), ['ok', 'skipped']);
  assert.match((a.log.status === 'skipped' ? a : b).log.error ?? '', /already running/);
  assert.equal((await store.recentRuns(100, 'sweep')).length, runsBefore + 1);
});

test('the nightly job still covers the whole day', async () => {
  const rest = rows.filter((r) => r.end > `${DAY} 09:00:00`).map((r) => r.line);
  appendFileSync(csv, `${rest.join('\n')}\n`);
  const partial = (await todays('1007'))!.outboundCalls;
  const mailed = smtp.messages.length;
  const r = await runJob('nightly', JOBS.nightly, ctx('2026-11-26T06:15:00-05:00'));
  assert.equal(r.log.status, 'ok', r.log.error ?? '');
  assert.deepEqual(r.log.window, { from: DAY, to: DAY });
  // The same day judged from the file alone, with no store.
  const whole = await runReportJob({ config, window: { from: DAY, to: DAY }, job: 'report', now: new Date('2026-11-26T06:15:00-05:00'), store: null, quarantinePath: join(dir, 'q.jsonl') });
  const full = whole.report.profiles.find((p) => p.extension === '1007')!;
  assert.equal((await todays('1007'))!.outboundCalls, full.outboundCalls);
  assert.ok(full.outboundCalls > partial, 'the attack went on after the last sweep; the nightly sees all of it');
  assert.ok(r.log.findings >= whole.report.findings.length - 1, 'every rule judged the whole day');
  const report = (await smtp.waitFor(mailed + 1)).slice(mailed);
  assert.ok(report.some((m) => m.parsed.attachments.some((a) => /^flagged-calls-2026-11-25/.test(a.filename ?? ''))), 'the report is mailed with the flagged calls');
});

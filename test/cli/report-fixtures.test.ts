// `tollguard report` on the real Asterisk 22.7 captures, through the command line.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { fixture } from '../helpers/fixtures.js';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'tollguard-cli-'));
const env = { TRUNKS: 'carrier', HOME_COUNTRY: 'US', TOLLGUARD_STATE: join(dir, 'state.db') };
const window = ['--from', '2026-11-26', '--to', '2026-11-26'];

test('JSON report: attribution, premium-rate and high-risk calls on the fixtures', async () => {
  const out = join(dir, 'report.json');
  const r = await runCli(['report', '--csv', fixture('Master.csv'), ...window, '--format', 'json', '--out', out], { env, cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  const report = JSON.parse(readFileSync(out, 'utf8'));
  assert.deepEqual(report.window, { from: '2026-11-26', to: '2026-11-26', timezone: 'UTC' });
  const s = report.summary;
  assert.equal(s.rowsRead, 29);
  assert.equal(s.rowsRead, s.rowsUsed + s.rowsQuarantined + s.rowsOutsideWindow);
  assert.deepEqual(report.profiles.map((p: { extension: string }) => p.extension).sort(), ['1001', '1002', '1003', '1004', '1005']);
  const byExt = Object.fromEntries(report.profiles.map((p: { extension: string }) => [p.extension, p]));
  assert.equal(byExt['1002'].premiumCalls, 1, "1002's call to 1-900 is premium-rate");
  assert.equal(byExt['1001'].highRiskCalls, 2, "1001's two +882 calls are high-risk");
  assert.equal(byExt['1001'].peakConcurrent, 2, 'both +882 calls ran at once');
  assert.equal(byExt['1001'].blockedAttempts, 1, 'the call after the lockout was blocked');
  assert.equal(byExt['1004'].answeredCalls, 0);
  const critical = report.findings.filter((f: { severity: string }) => f.severity === 'critical');
  assert.ok(critical.some((f: { extension: string; rule: string }) => f.extension === '1001' && f.rule === 'high-risk-destination'));
  assert.ok(report.findings.some((f: { extension: string; rule: string }) => f.extension === '1002' && f.rule === 'premium-rate'));
  assert.ok(!report.findings.some((f: { extension: string }) => f.extension === '1004'), 'domestic calls that were busy or unanswered are not fraud');
});

test('--fail-on critical exits 1; text goes to standard output', async () => {
  const r = await runCli(['report', '--csv', fixture('Master.csv'), ...window, '--fail-on', 'critical'], { env, cwd: dir });
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stdout, /CRITICAL/);
  assert.match(r.stdout, /1001/);
});

test('CSV of flagged calls, with formula-looking caller IDs neutralised', async () => {
  const hostile = join(dir, 'hostile.csv');
  const lines = readFileSync(fixture('Master.csv'), 'utf8').replace(/"""Alice"" <1001>"/g, '"=HYPERLINK(""http://x"")"');
  writeFileSync(hostile, lines);
  const out = join(dir, 'calls.csv');
  const r = await runCli(['report', '--csv', hostile, ...window, '--format', 'csv', '--out', out], { env, cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  const rows: Record<string, string>[] = parse(readFileSync(out), { columns: true });
  const alice = rows.filter((row) => row.extension === '="1001"');
  assert.equal(alice.length, 2);
  for (const row of alice) assert.equal(row.clid, `'=HYPERLINK("http://x")`);
});

test('bad usage exits 2, unreadable input exits 3, and both say why', async () => {
  const badDay = await runCli(['report', '--from', '2026-13-40'], { env, cwd: dir });
  assert.equal(badDay.status, 2);
  assert.match(badDay.stderr, /--from takes a day/);
  const badZone = await runCli(['report', '--csv', fixture('Master.csv')], { env: { ...env, PBX_TIMEZONE: 'Mars/Olympus' }, cwd: dir });
  assert.equal(badZone.status, 2);
  assert.match(badZone.stderr, /pbx\.timezone: not a known IANA timezone \(from environment variable PBX_TIMEZONE="Mars\/Olympus"\)/);
  const missing = await runCli(['report', '--csv', join(dir, 'nope.csv'), ...window], { env, cwd: dir });
  assert.equal(missing.status, 3);
  assert.match(missing.stderr, /nope\.csv/);
});

test('config check prints the effective configuration with secrets redacted', async () => {
  const r = await runCli(['config', 'check'], { env: { ...env, AMI_SECRET: 'hunter2', DATABASE_URL: 'postgres://tg:s3cret@db.example/tollguard' }, cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  assert.doesNotMatch(r.stdout, /hunter2|s3cret/);
  const config = JSON.parse(r.stdout);
  assert.deepEqual(config.pbx.trunks, ['carrier']);
  const bad = await runCli(['config', 'check'], { env: { ...env, LOOKBACK_DAYS: 'many', BUSINESS_HOURS: '9-5' }, cwd: dir });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /LOOKBACK_DAYS/);
  assert.match(bad.stderr, /BUSINESS_HOURS/);
});

test('secrets in the config file are refused, naming the variable to use instead', async () => {
  const file = join(dir, 'secrets.json');
  writeFileSync(file, JSON.stringify({ email: { smtp: { password: 'hunter2' } }, store: { databaseUrl: 'postgres://tg:pw@db/tg' }, cdr: { postgres: { url: 'postgres://reader@db/asterisk' } } }));
  const r = await runCli(['config', 'check', '--config', file], { env, cwd: dir });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /email\.smtp\.password: set SMTP_PASSWORD in the environment/);
  assert.match(r.stderr, /store\.databaseUrl: set DATABASE_URL in the environment/);
  assert.doesNotMatch(r.stderr, /cdr\.postgres\.url/, 'a URL without a password may stay in the file');
  assert.doesNotMatch(r.stderr, /hunter2|:pw@/);
});

test('a window without CDRs is a warning, not an all clear, and the store keeps its days', async () => {
  const state = join(dir, 'coverage.db');
  const first = await runCli(['report', '--csv', fixture('Master.csv'), ...window, '--format', 'json', '--out', join(dir, 'c1.json')], { env: { ...env, TOLLGUARD_STATE: state }, cwd: dir });
  assert.equal(first.status, 0, first.stderr);
  const empty = join(dir, 'other-day.csv');
  writeFileSync(empty, readFileSync(fixture('Master.csv'), 'utf8').replaceAll('2026-11-26', '2026-11-20'));
  const r = await runCli(['report', '--csv', empty, ...window], { env: { ...env, TOLLGUARD_STATE: state }, cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /WARNING: no CDRs at all for the whole window \(2026-11-26\)/);
  assert.doesNotMatch(r.stdout, /All clear/);
  assert.doesNotMatch(r.stdout, /CRITICAL/, 'stored findings are not re-reported from a file that lacks the day');
  // The day is still in the store from the first run.
  const again = await runCli(['report', '--csv', fixture('Master.csv'), ...window, '--format', 'json', '--out', join(dir, 'c2.json')], { env: { ...env, TOLLGUARD_STATE: state }, cwd: dir });
  assert.equal(again.status, 0, again.stderr);
  const a = JSON.parse(readFileSync(join(dir, 'c1.json'), 'utf8'));
  const b = JSON.parse(readFileSync(join(dir, 'c2.json'), 'utf8'));
  assert.deepEqual(b.findings, a.findings);
  assert.equal(a.summary.rowsInWindow, 29);
  assert.equal(a.summary.outboundCalls + a.summary.internalCalls + a.summary.inboundCalls + a.summary.otherLegs + a.summary.blockedCalls, a.summary.rowsInWindow);
});

test('typos in the config file and .env are errors, not silently ignored', async () => {
  const file = join(dir, 'typo.json');
  writeFileSync(file, JSON.stringify({ pbx: { timezon: 'UTC' }, detection: { rules: { 'call-velocity': { options: { minCals: 3 } } } } }));
  const r = await runCli(['config', 'check', '--config', file], { env, cwd: dir });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /pbx: Unrecognized key: "timezon"/);
  assert.match(r.stderr, /call-velocity\.options\.minCals: no such option \(known: minCalls/);
  const envDir = mkdtempSync(join(tmpdir(), 'tollguard-dotenv-'));
  writeFileSync(join(envDir, '.env'), 'SMTP_PASWORD=x\nNODE_OPTIONS=\n');
  const d = await runCli(['config', 'check'], { env, cwd: envDir });
  assert.equal(d.status, 2);
  assert.match(d.stderr, /SMTP_PASWORD in \.env: tollguard reads no such variable; did you mean SMTP_PASSWORD\?/);
  assert.doesNotMatch(d.stderr, /NODE_OPTIONS/);
  const bad = await runCli(['config', 'check'], { env: { ...env, HOME_COUNTRY: 'XX', RATE_DECK: join(dir, 'nope.csv') }, cwd: dir });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /HOME_COUNTRY="XX"/);
});

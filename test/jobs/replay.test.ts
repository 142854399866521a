// `tollguard replay` on the demo history: the sweep with a moving clock alerts
// and locks the IRSF burst on 1007 within one sweep interval of its start, with
// few calls made before; nothing is mailed, locked or stored.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { DAY, DEMO_TRUNK, demoRows, ZONE } from './helpers.js';
import { PbxClock } from '../../src/time/pbx-clock.js';

const dir = mkdtempSync(join(tmpdir(), 'tollguard-replay-'));
const csv = join(dir, 'Master.csv');
const { history, day } = demoRows();
writeFileSync(csv, `${[...history, ...day.map((r) => r.line)].join('\n')}\n`);
const env = { PBX_TIMEZONE: ZONE, TRUNKS: DEMO_TRUNK, CDR_CSV: csv, TOLLGUARD_STATE: join(dir, 'state.db'), LOCKOUT_MODE: 'enforce', SMTP_HOST: '127.0.0.1', SMTP_PORT: '9', ALERT_EMAIL_FROM: 'a@example.com', ALERT_EMAIL_TO: 'b@example.com', AMI_HOST: '127.0.0.1', AMI_PORT: '9' };

interface Event { time: string; extension: string; action: string; severity: string; rule: string; callsBefore: number; costBefore: number; callsDay: number; costDay: number }

test('replay reports when the irsf burst on 1007 would have been alerted and locked', async () => {
  const r = await runCli(['replay', '--from', DAY, '--to', DAY, '--every', '10m', '--format', 'json'], { env });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { events: Event[] };
  const clock = new PbxClock(ZONE);
  // The attack: 1007's first call of the night.
  const firstAttack = day.filter((x) => x.line.includes('PJSIP/1007-') && x.start < `${DAY} 06:00:00`).map((x) => clock.parseNaive(x.start, false)).sort((a, b) => a - b)[0]!;
  const alert = out.events.find((e) => e.extension === '1007' && e.action === 'alert');
  assert.ok(alert, JSON.stringify(out.events));
  assert.equal(alert.severity, 'critical');
  const alertAt = Date.parse(alert.time);
  assert.ok(alertAt > firstAttack && alertAt - firstAttack <= 10 * 60_000 + 60_000, `alerted at ${alert.time}, attack began ${new Date(firstAttack).toISOString()}`);
  assert.match(alert.time, /^2026-11-25T\d{2}:\d0:00-05:00$/, 'a sweep tick in PBX time');
  assert.ok(alert.callsBefore > 0 && alert.callsBefore <= 20 && alert.callsBefore < alert.callsDay / 5, `callsBefore ${alert.callsBefore} of ${alert.callsDay}`);
  assert.ok(alert.costBefore < alert.costDay);
  const lockout = out.events.find((e) => e.extension === '1007' && e.action === 'lockout');
  assert.ok(lockout && Date.parse(lockout.time) >= alertAt);
  assert.ok(!out.events.some((e) => e.action === 'lockout' && e.extension === '*'), 'the PBX-wide finding locks no one');
  assert.ok(!existsSync(join(dir, 'state.db')), 'a replay uses no state store');
});

test('with lockouts off a replay reports alerts only', async () => {
  const r = await runCli(['replay', '--from', DAY, '--format', 'json'], { env: { ...env, LOCKOUT_MODE: 'off' } });
  assert.equal(r.status, 0, r.stderr);
  const events = (JSON.parse(r.stdout) as { events: Event[] }).events;
  assert.ok(events.some((e) => e.action === 'alert'));
  assert.ok(!events.some((e) => e.action === 'lockout'));
});

test('replay rejects a bad interval', async () => {
  const r = await runCli(['replay', '--from', DAY, '--every', 'soon'], { env });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--every takes minutes/);
});

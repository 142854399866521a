// `tollguard replay --live` on the demo PBX: the live engine, fed with events
// derived from the CDRs, locks the IRSF night on 1007 within 2 minutes of its
// first call, with under a tenth of the exposure the 10-minute sweep allows.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { DAY, DEMO_TRUNK, demoRows, ZONE } from '../jobs/helpers.js';
import type { LiveReplayResult } from '../../src/pipeline/replay-live.js';
import { exposureAt } from '../../src/pipeline/replay-live.js';
import { makeCall } from '../helpers/report.js';

const dir = mkdtempSync(join(tmpdir(), 'tollguard-replay-live-'));
const csv = join(dir, 'Master.csv');
const { history, day } = demoRows();
writeFileSync(csv, `${[...history, ...day.map((r) => r.line)].join('\n')}\n`);
const env = { PBX_TIMEZONE: ZONE, TRUNKS: DEMO_TRUNK, CDR_CSV: csv, TOLLGUARD_STATE: join(dir, 'state.db'), LOCKOUT_MODE: 'dry-run', CDR_QUARANTINE_FILE: join(dir, 'q.jsonl') };

test('replay --live: 1007 locked by the live guard within 2 minutes, exposure under a tenth of the sweep’s', { timeout: 120_000 }, async () => {
  const r = await runCli(['replay', '--from', DAY, '--live', '--format', 'json'], { env });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as LiveReplayResult;
  assert.ok(out.liveEvents > 500);
  for (const e of out.events) {
    assert.ok(e.engine === 'live' || e.engine === 'sweep');
    assert.equal(typeof e.exposure, 'number');
  }
  const attack = out.attacks.find((a) => a.extension === '1007')!;
  assert.ok(attack.live && attack.sweep, JSON.stringify(attack));
  assert.equal(attack.live.action, 'lockout');
  assert.ok(attack.live.minutesAfterFirstCall! <= 2, JSON.stringify(attack));
  assert.ok(attack.sweep.exposure > 0);
  assert.ok(attack.live.exposure < attack.sweep.exposure / 10, JSON.stringify(attack));
  assert.ok(Date.parse(attack.live.time) < Date.parse(attack.sweep.time));
  // The office's ordinary extensions are left alone by the live guard.
  const live = out.events.filter((e) => e.engine === 'live' && e.action === 'lockout').map((e) => e.extension);
  assert.deepEqual([...new Set(live)].sort(), ['1007', 'anonymous']);
  // The sweep's events are those of the plain replay, with engine and exposure added.
  const plain = JSON.parse((await runCli(['replay', '--from', DAY, '--format', 'json'], { env })).stdout) as { events: Record<string, unknown>[] };
  assert.deepEqual(out.events.filter((e) => e.engine === 'sweep').map(({ engine: _, exposure: __, ...rest }) => rest), plain.events);
});

test('replay --live prints each attack side by side', { timeout: 120_000 }, async () => {
  const r = await runCli(['replay', '--from', DAY, '--live'], { env });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^1007 on 2026-11-25: first call 2026-11-25T01:10:09-05:00; the whole day without tollguard: 3501\.19 USD$/m);
  assert.match(r.stdout, /^ {4}live: {2}lockout at 2026-11-25T01:1\d:\d\d-05:00 \(\d\.\d min after the first call\), live-/m);
  assert.match(r.stdout, /^ {4}sweep: lockout at 2026-11-25T01:20:00-05:00/m);
});

test('exposure: answered calls billed up to the moment, calls started after it refused', () => {
  const t0 = Date.parse('2026-11-25T06:00:00Z');
  const call = (start: number, billsec: number, answered = true) =>
    makeCall('1007', { start, end: start + 5000 + billsec * 1000, billsec, answered, dialled: '011882161234567', e164: '+882161234567' });
  const calls = [call(t0, 600), call(t0 + 60_000, 0, false), call(t0 + 700_000, 300)];
  const price = (_d: unknown, s: number) => ({ cost: s / 60 });
  // At t0 + 305 s: the first call has run 300 s of its 600, the others count nothing.
  assert.equal(exposureAt(calls, t0 + 305_000, price), 5);
  // Long after: the first call whole, at its own price; the third, started after, whole too.
  assert.equal(exposureAt(calls, t0 + 3_600_000, price), Math.round((calls[0]!.price.cost + calls[2]!.price.cost) * 100) / 100);
});

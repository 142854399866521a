// An admin's unlock holds (issue 11 item 5): `lockout remove` acknowledges the
// findings so far, so the next run with the same findings does not lock again;
// more calls do. `--for`/`--until` keep scheduled runs from locking at all.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { DEMO_TRUNK, generateDemoCsv } from '../../src/demo/generate.js';
import { AmiPeer } from '../helpers/ami-peer.js';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'tollguard-lockout-ack-'));
const csv = join(dir, 'Master.csv');
const config = join(dir, 'tollguard.json');
let peer: AmiPeer;

before(async () => {
  writeFileSync(csv, `${[...generateDemoCsv({ endDay: '2026-11-25', days: 35, extensions: 25, seed: 7 })].join('\n')}\n`);
  writeFileSync(config, JSON.stringify({ pbx: { timezone: 'America/New_York', trunks: [DEMO_TRUNK] } }));
  peer = await AmiPeer.start({ username: 'tollguard', secret: 'amipass', channels: [] });
});
after(() => peer.close());

const env = (state: string) => ({ TOLLGUARD_STATE: join(dir, state), LOCKOUT_MODE: 'enforce', AMI_HOST: '127.0.0.1', AMI_PORT: String(peer.port), AMI_USERNAME: 'tollguard', AMI_SECRET: 'amipass' });
const report = (file: string, now: string, state: string) =>
  runCli(['report', '--config', config, '--csv', file, '--from', '2026-11-25', '--to', '2026-11-25', '--lockout', '--format', 'json', '--out', join(dir, 'r.json'), '--now', now], { env: env(state), cwd: dir });
const locked = (): boolean => peer.db.has('tollguard/lock/1007');

/** The capture with one more call from 1007 on the attack day (a copy of its last one, a minute later). */
function withOneMoreCall(): string {
  const lines = readFileSync(csv, 'utf8').trimEnd().split('\n');
  const last = lines.filter((l) => l.includes('"PJSIP/1007-') && l.includes('"2026-11-25 ') && l.includes('"Dial"')).at(-1)!;
  const more = last.replace(/"(\d+\.\d+)"(,"[^"]*")?$/, (m, id: string) => m.replace(id, `${id}9`)).replace(/-0000([0-9a-f]{4})"/, '-0000ffff"');
  assert.notEqual(more, last);
  const file = join(dir, 'more.csv');
  writeFileSync(file, `${[...lines, more].join('\n')}\n`);
  return file;
}

test('after lockout remove, the same findings do not lock again; one more call does', async () => {
  const first = await report(csv, '2026-11-26T07:00:00-05:00', 'ack.db');
  assert.equal(first.status, 0, first.stderr);
  assert.ok(locked(), 'the attack locked 1007');

  const remove = await runCli(['lockout', 'remove', '1007', '--config', config, '--now', '2026-11-26T07:05:00-05:00'], { env: env('ack.db'), cwd: dir });
  assert.equal(remove.status, 0, remove.stderr);
  assert.match(remove.stdout, /^1007: removed: unlocked: .*acknowledged 2026-11-25 \([^)]*after-hours-intl[^)]*; \d+ calls, cost [\d.]+\)/);
  assert.ok(!locked());

  const again = await report(csv, '2026-11-26T07:10:00-05:00', 'ack.db');
  assert.equal(again.status, 0, again.stderr);
  assert.ok(!locked(), 'the same evidence does not undo the unlock');
  assert.match(again.stderr, /lockout skipped: 1007 \([^)]+\): acknowledged when an admin removed its lock/);

  const more = await report(withOneMoreCall(), '2026-11-26T07:20:00-05:00', 'ack.db');
  assert.equal(more.status, 0, more.stderr);
  assert.ok(locked(), 'new evidence (one more call) locks again');
});

test('lockout remove --for 24h: no automatic lock, even on new evidence, until then; lockout add still locks', async () => {
  peer.db.clear();
  assert.equal((await report(csv, '2026-11-26T07:00:00-05:00', 'exempt.db')).status, 0);
  assert.ok(locked());
  const remove = await runCli(['lockout', 'remove', '1007', '--for', '24h', '--config', config, '--now', '2026-11-26T07:05:00-05:00'], { env: env('exempt.db'), cwd: dir });
  assert.equal(remove.status, 0, remove.stderr);
  assert.match(remove.stdout, /no automatic lock before 2026-11-27T12:05:00Z/);
  const more = await report(withOneMoreCall(), '2026-11-26T08:00:00-05:00', 'exempt.db');
  assert.equal(more.status, 0, more.stderr);
  assert.ok(!locked(), 'exempt');
  assert.match(more.stderr, /lockout skipped: 1007 \([^)]+\): exempt from automatic locks until 2026-11-27T12:05:00Z/);
  const add = await runCli(['lockout', 'add', '1007', '--reason', 'admin changed their mind', '--config', config], { env: env('exempt.db'), cwd: dir });
  assert.equal(add.status, 0, add.stderr);
  assert.ok(locked());
});

test('--until and --for are checked', async () => {
  for (const bad of [['--for', '24'], ['--for', '0h'], ['--until', '2026-02-30'], ['--until', '2026-11-27', '--for', '1h'], ['--until', '2020-01-01']]) {
    const r = await runCli(['lockout', 'remove', '1007', ...bad, '--config', config], { env: env('checked.db'), cwd: dir });
    assert.equal(r.status, 2, `${bad.join(' ')}: ${r.stderr}`);
  }
});

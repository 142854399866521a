// `report --lockout` end to end: an attack on recent data locks the extension
// through AMI (DBPut, then Hangup of its live calls); the same data judged a
// month later locks nobody.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { DEMO_TRUNK, generateDemoCsv } from '../../src/demo/generate.js';
import { AmiPeer } from '../helpers/ami-peer.js';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'tollguard-lockout-'));
const csv = join(dir, 'Master.csv');
let peer: AmiPeer;

before(async () => {
  writeFileSync(csv, `${[...generateDemoCsv({ endDay: '2026-11-25', days: 35, extensions: 25, seed: 7 })].join('\n')}\n`);
  writeFileSync(join(dir, 'tollguard.json'), JSON.stringify({ pbx: { timezone: 'America/New_York', trunks: [DEMO_TRUNK] } }));
  peer = await AmiPeer.start({ username: 'tollguard', secret: 'amipass', channels: ['PJSIP/1007-0000abcd', 'PJSIP/1007-0000abce', 'PJSIP/10070-00000001', 'PJSIP/1008-00000002'] });
});
after(() => peer.close());

function env(state: string) {
  return { TOLLGUARD_STATE: join(dir, state), LOCKOUT_MODE: 'enforce', AMI_HOST: '127.0.0.1', AMI_PORT: String(peer.port), AMI_USERNAME: 'tollguard', AMI_SECRET: 'amipass' };
}
const args = ['report', '--config', join(dir, 'tollguard.json'), '--csv', csv, '--from', '2026-11-25', '--to', '2026-11-25', '--lockout', '--format', 'json', '--out', join(dir, 'r.json')];

test('an attack found the morning after locks the extension and hangs up its calls', async () => {
  const r = await runCli([...args, '--now', '2026-11-26T07:00:00-05:00'], { env: env('recent.db'), cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  const sent = peer.received.join('');
  assert.match(sent, /Action: DBPut\r\nFamily: tollguard\/lock\r\nKey: 1007\r\nVal: [^\r\n]+\r\n/);
  assert.match(sent, /Action: Hangup\r\nChannel: \/\^\(PJSIP\|SIP\|IAX2\)\\\/1007-[^\r\n]*\/\r\n/);
  assert.ok(peer.db.has('tollguard/lock/1007'), 'AstDB holds the lock');
  assert.ok(!peer.channels.some((c) => c === 'PJSIP/1007-0000abcd'), "1007's live calls were hung up");
  assert.ok(peer.channels.includes('PJSIP/10070-00000001'), 'extension 10070 is not 1007');
  assert.ok(peer.channels.includes('PJSIP/1008-00000002'));
  assert.doesNotMatch(sent, /Key: \*/, 'the PBX-wide finding locks no one');
  assert.doesNotMatch(sent, /Key: anonymous/, 'a guest endpoint is not locked: its context must be closed');
  assert.match(r.stderr, /lockout skipped: anonymous .*close the guest context/);
  assert.doesNotMatch(r.stderr, /amipass/);

  const list = await runCli(['lockout', 'list', '--config', join(dir, 'tollguard.json')], { env: env('recent.db'), cwd: dir });
  assert.equal(list.status, 0, list.stderr);
  assert.match(list.stdout, /^1007\s+active\s+PBX and store/m);
});

test('the same findings judged a month later lock nobody', async () => {
  const before = peer.received.length;
  const r = await runCli([...args, '--now', '2026-12-26T07:00:00-05:00'], { env: env('old.db'), cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  assert.doesNotMatch(peer.received.slice(before).join(''), /Action: (DBPut|Hangup)/);
  assert.match(r.stderr, /lockout skipped: 1007/);
});

test('a lock that could not reach the PBX stays pending, and an admin can cancel it', async () => {
  const down = { ...env('manual.db'), AMI_PORT: '1' };
  const add = await runCli(['lockout', 'add', '1012', '--reason', 'suspicious', '--config', join(dir, 'tollguard.json')], { env: down, cwd: dir });
  assert.equal(add.status, 4, add.stderr);
  assert.match(add.stdout, /^1012: pending:/);
  const list = await runCli(['lockout', 'list', '--config', join(dir, 'tollguard.json')], { env: down, cwd: dir });
  assert.equal(list.status, 4, 'the PBX could not be asked');
  assert.match(list.stderr, /could not read the PBX's AstDB/);
  assert.match(list.stdout, /^1012\s+pending/m);
  const remove = await runCli(['lockout', 'remove', '1012', '--config', join(dir, 'tollguard.json')], { env: down, cwd: dir });
  assert.equal(remove.status, 0, remove.stderr);
  assert.match(remove.stdout, /1012: removed: pending lock cancelled/);
  const after = await runCli(['lockout', 'list', '--config', join(dir, 'tollguard.json')], { env: env('manual.db'), cwd: dir });
  assert.equal(after.status, 0, after.stderr);
  assert.doesNotMatch(after.stdout, /^1012\s+(pending|active)/m);
});

test('report --lockout exits 4 when the lock could not reach the PBX, and records it as pending', async () => {
  const r = await runCli([...args, '--now', '2026-11-26T07:00:00-05:00'], { env: { ...env('unreachable.db'), AMI_PORT: '1' }, cwd: dir });
  assert.equal(r.status, 4, r.stderr);
  assert.match(r.stderr, /lockout pending: 1007/);
});

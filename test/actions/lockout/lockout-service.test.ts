// The lockout step against the loopback AMI peer and the real SQLite store.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { lockoutAdd, lockoutList, lockoutRemove, runLockouts } from '../../../src/actions/lockout/commands.js';
import { dayEndIn } from '../../../src/actions/lockout/policy.js';
import { configSchema, type Config } from '../../../src/config/load.js';
import type { Finding } from '../../../src/detection/rule.js';
import { SqliteStore } from '../../../src/store/sqlite.js';
import type { StateStore } from '../../../src/store/store.js';
import { PbxClock } from '../../../src/time/pbx-clock.js';
import { AmiPeer, type AmiPeerOptions } from '../../helpers/ami-peer.js';

const dir = mkdtempSync(join(tmpdir(), 'tollguard-lockout-'));
const cleanup: (() => Promise<unknown>)[] = [];
after(async () => {
  for (const c of cleanup) await c();
  rmSync(dir, { recursive: true, force: true });
});

let n = 0;
async function store(): Promise<StateStore> {
  const s = new SqliteStore({ path: join(dir, `state-${++n}.db`), lockWaitSeconds: 2 });
  await s.migrate();
  cleanup.push(() => s.close());
  return s;
}

async function peer(options: AmiPeerOptions = {}): Promise<AmiPeer> {
  const p = await AmiPeer.start({ secret: 'amipass', ...options });
  cleanup.push(() => p.close());
  return p;
}

async function deadPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

function config(port: number, lockout: Record<string, unknown> = {}): Config {
  return configSchema.parse({ ami: { port, username: 'tollguard', secret: 'amipass', timeoutMs: 1000 }, lockout: { mode: 'enforce', ...lockout } });
}

const NOW = new Date('2026-11-26T06:40:00Z');
const dayEnd = dayEndIn(new PbxClock('UTC'));

function finding(extension: string, cost = 100, day = '2026-11-25'): Finding {
  return { extension, day, severity: 'critical', rule: 'irsf-burst', title: `+882 calls from ${extension}`, explanation: '', estimatedCost: cost, currency: 'USD', evidence: {}, fingerprint: `irsf-burst:${extension}:${day}` };
}

function run(cfg: Config, s: StateStore, findings: Finding[], now = NOW, mode?: 'off' | 'dry-run' | 'enforce') {
  return s.withRun('nightly', null, async (tx) => ({ runId: tx.runId, result: await runLockouts(cfg, s, tx, findings, { now, dayEnd, job: 'nightly', mode }) }));
}

/** What the peer received after Login, with generated ActionIDs masked. */
function sent(p: AmiPeer): string {
  return p.received
    .slice(1)
    .join('')
    .replace(/ActionID: \S+/g, 'ActionID: *');
}

test('enforce: DBPut, CoreShowChannels (no emergency call up), then Hangup, exact bytes, recorded as active with who did it', async () => {
  const p = await peer({ channels: ['IAX2/1001-15144', 'PJSIP/1002-0000002a', 'IAX2/1001-12279', 'PJSIP/1001-fax-0000002b'], interleaveEvent: true });
  const s = await store();
  const { runId, result } = await run(config(p.port), s, [finding('1001')]);
  assert.equal(
    sent(p),
    'Action: DBPut\r\nFamily: tollguard/lock\r\nKey: 1001\r\n' +
      `Val: 2026-11-26T06:40:00Z irsf-burst run ${runId}\r\nActionID: *\r\n\r\n` +
      'Action: CoreShowChannels\r\nActionID: *\r\n\r\n' +
      'Action: Hangup\r\nChannel: /^(PJSIP|SIP|IAX2)\\/1001-[0-9a-f]+$/\r\nCause: 21\r\nActionID: *\r\n\r\n' +
      'Action: Logoff\r\nActionID: *\r\n\r\n',
  );
  assert.equal(p.db.get('tollguard/lock/1001'), `2026-11-26T06:40:00Z irsf-burst run ${runId}`);
  assert.deepEqual(p.channels, ['PJSIP/1002-0000002a', 'PJSIP/1001-fax-0000002b']);
  assert.deepEqual(result.outcomes.map((o) => [o.extension, o.status, o.hungUp]), [['1001', 'active', ['IAX2/1001-15144', 'IAX2/1001-12279']]]);
  const [rec] = await s.lockouts();
  assert.equal(rec!.status, 'active');
  assert.equal(rec!.rule, 'irsf-burst');
  assert.equal(rec!.runId, runId);
  assert.equal(rec!.actor, `nightly: rule irsf-burst (run ${runId})`);
  const events = await s.lockoutEvents('1001');
  assert.deepEqual(events.map((e) => e.action).sort(), ['hangup', 'lock']);
  assert.match(events.find((e) => e.action === 'hangup')!.detail, /hung up IAX2\/1001-15144, IAX2\/1001-12279/);
});

test('a lock never hangs up the extension\'s emergency call: that channel stays up, its other calls are hung up by name', async () => {
  // CoreShowChannel as Asterisk 22.7 lists a phone in Dial: Exten is what it dialled.
  const sos: [string, string][] = [['Channel', 'IAX2/1001-911'], ['Context', 'from-internal'], ['Exten', '911'], ['Application', 'Dial'], ['ApplicationData', 'IAX2/carrier/911,60']];
  const abroad: [string, string][] = [['Channel', 'IAX2/1001-15144'], ['Context', 'from-internal'], ['Exten', '0118823739'], ['Application', 'Dial'], ['ApplicationData', 'IAX2/carrier/0118823739,60']];
  const p = await peer({ channels: [sos, abroad, 'PJSIP/1002-0000002a'] });
  const s = await store();
  const { result } = await run(config(p.port), s, [finding('1001')]);
  const o = result.outcomes[0]!;
  assert.equal(o.status, 'active');
  assert.deepEqual(o.hungUp, ['IAX2/1001-15144']);
  assert.match(o.detail, /left IAX2\/1001-911 up: an emergency call \(911\)/);
  assert.deepEqual(p.channels.map((c) => (typeof c === 'string' ? c : c[0]![1])), ['IAX2/1001-911', 'PJSIP/1002-0000002a']);
  assert.doesNotMatch(sent(p), /Channel: \/\^/, 'no regex Hangup while an emergency call is up');
  assert.match((await s.lockoutEvents('1001')).find((e) => e.action === 'hangup')!.detail, /hung up IAX2\/1001-15144; left IAX2\/1001-911 up/);

  // Behind an outside-line digit (TRUNK_ACCESS_CODES=9), 9911 is an emergency call too.
  const q = await peer({ channels: [[['Channel', 'IAX2/1001-7'], ['Exten', '9911'], ['Application', 'Dial'], ['ApplicationData', 'IAX2/carrier/911']]] });
  const cfg = configSchema.parse({ ami: { port: q.port, username: 'tollguard', secret: 'amipass', timeoutMs: 1000 }, lockout: { mode: 'enforce' }, pbx: { trunkAccessCodes: ['9'] } });
  const r = await run(cfg, await store(), [finding('1001')]);
  assert.deepEqual(r.result.outcomes[0]!.hungUp, []);
  assert.equal(q.channels.length, 1);
});

test('dry-run records what would be done and never touches AMI; off does nothing', async () => {
  const p = await peer();
  const s = await store();
  const { result } = await run(config(p.port, { mode: 'dry-run' }), s, [finding('1001')]);
  assert.equal(result.outcomes[0]!.status, 'dry-run');
  assert.match(result.outcomes[0]!.detail, /would lock \(AstDB tollguard\/lock\/1001 and hang up its calls\)/);
  assert.equal(p.received.length, 0);
  assert.deepEqual(await s.lockouts(), []);
  assert.deepEqual((await s.lockoutEvents('1001')).map((e) => e.action), ['dry-run']);
  const off = await run(config(p.port, { mode: 'off' }), s, [finding('1002')]);
  assert.deepEqual(off.result.outcomes, []);
  assert.equal(p.received.length, 0);
  assert.deepEqual(await s.lockoutEvents('1002'), []);
});

test('AMI unreachable: pending with the reason, retried by the next run, nothing thrown', async () => {
  const s = await store();
  const down = await run(config(await deadPort()), s, [finding('1001'), finding('1002', 50)]);
  assert.deepEqual(down.result.outcomes.map((o) => o.status), ['pending', 'pending']);
  const pending = await s.lockouts('pending');
  assert.equal(pending.length, 2);
  assert.match(pending[0]!.error!, /cannot reach AMI at 127\.0\.0\.1:\d+: ECONNREFUSED/);
  assert.ok((await s.lockoutEvents('1001')).some((e) => e.action === 'fail' && /retried next run/.test(e.detail)));

  const p = await peer();
  const next = await run(config(p.port), s, [], new Date('2026-11-26T07:00:00Z'));
  assert.deepEqual(next.result.retried.map((o) => [o.extension, o.status]), [['1001', 'active'], ['1002', 'active']]);
  assert.equal((await s.lockouts('pending')).length, 0);
  assert.equal(p.db.get('tollguard/lock/1001'), `2026-11-26T07:00:00Z irsf-burst run ${down.runId}`);
});

test('login refused and Permission denied: pending, naming the right the AMI user lacks', async () => {
  const s = await store();
  const wrong = await peer({ secret: 'other' });
  const refused = await run(config(wrong.port), s, [finding('1001')]);
  assert.equal(refused.result.outcomes[0]!.status, 'pending');
  assert.match(refused.result.outcomes[0]!.detail, /refused login for user "tollguard": Authentication failed/);
  assert.ok(!refused.result.outcomes[0]!.detail.includes('amipass'));

  const s2 = await store();
  const denied = await peer({ denied: ['DBPut'] });
  const r = await run(config(denied.port), s2, [finding('1001')]);
  assert.equal(r.result.outcomes[0]!.status, 'pending');
  assert.match((await s2.lockouts('pending'))[0]!.error!, /may not run DBPut: Permission denied; give it write = system/);
});

test('DBPut denied (no system write), Hangup allowed: the live calls are hung up anyway, the lock is pending, and both are said', async () => {
  // The reply is what Asterisk 22.7 sends a manager user without "system" write
  // (test/fixtures/asterisk-22.7-lock/transcript-nosystem.txt).
  const p = await peer({ denied: ['DBPut'], channels: ['IAX2/1001-1002', 'IAX2/1002-7'] });
  const s = await store();
  const { result } = await run(config(p.port), s, [finding('1001')]);
  const o = result.outcomes[0]!;
  assert.equal(o.status, 'pending');
  assert.deepEqual(o.hungUp, ['IAX2/1001-1002']);
  assert.match(o.detail, /^lock pending \(retried next run\): .*may not run DBPut: Permission denied.*; NOT locked, but its live calls were hung up: IAX2\/1001-1002$/);
  assert.deepEqual(p.channels, ['IAX2/1002-7'], "only 1001's call was hung up");
  assert.ok(!p.db.has('tollguard/lock/1001'));
  assert.equal((await s.lockouts('pending'))[0]!.extension, '1001');
  assert.deepEqual((await s.lockoutEvents('1001')).map((e) => e.action).sort(), ['fail', 'hangup']);
  assert.match(p.received.join(''), /Action: DBPut\r\n[\s\S]*Action: Hangup\r\nChannel: \/\^\(PJSIP\|SIP\|IAX2\)\\\/1001-/);

  // Without LOCKOUT_HANGUP nothing is hung up.
  const q = await peer({ denied: ['DBPut'], channels: ['IAX2/1001-1002'] });
  const quiet = await run(config(q.port, { hangup: false }), await store(), [finding('1001')]);
  assert.equal(quiet.result.outcomes[0]!.status, 'pending');
  assert.deepEqual(q.channels, ['IAX2/1001-1002']);
});

test('Hangup denied: the lock holds, the failure to hang up is recorded', async () => {
  const p = await peer({ denied: ['Hangup'], channels: ['IAX2/1001-1'] });
  const s = await store();
  const { result } = await run(config(p.port), s, [finding('1001')]);
  assert.equal(result.outcomes[0]!.status, 'active');
  assert.match(result.outcomes[0]!.detail, /live calls not hung up: .*write = system or call/);
  assert.ok(p.db.has('tollguard/lock/1001'));
  assert.ok((await s.lockoutEvents('1001')).some((e) => e.action === 'fail' && /Hangup/.test(e.detail)));
});

test('hangup off sends only DBPut; the safety valve holds across a bad baseline', async () => {
  const p = await peer();
  const s = await store();
  const many = Array.from({ length: 20 }, (_, i) => finding(String(2000 + i), i));
  const { result } = await run(config(p.port, { hangup: false, maxPerRun: 3 }), s, many);
  assert.deepEqual(result.outcomes.map((o) => o.extension), ['2019', '2018', '2017']);
  assert.equal(result.plan.skipped.filter((x) => x.why.startsWith('safety valve')).length, 17);
  assert.equal(p.db.size, 3);
  assert.ok(!sent(p).includes('Hangup'));
});

test('expired locks are lifted by the next enforce run', async () => {
  const p = await peer();
  const s = await store();
  await run(config(p.port, { expiryHours: 2 }), s, [finding('1001')]);
  assert.equal((await s.lockouts('active'))[0]!.expiresAt, '2026-11-26T08:40:00Z');
  await run(config(p.port, { expiryHours: 2 }), s, [], new Date('2026-11-26T08:00:00Z'));
  assert.equal((await s.lockouts('active')).length, 1);
  const later = await run(config(p.port, { expiryHours: 2 }), s, [], new Date('2026-11-26T08:41:00Z'));
  assert.deepEqual(later.result.expired.map((o) => [o.extension, o.status]), [['1001', 'removed']]);
  assert.ok(!p.db.has('tollguard/lock/1001'));
  assert.match((await s.lockouts())[0]!.actor, /^expiry after 2 h/);
});

test('lockout add / remove / list from the CLI functions', async () => {
  const p = await peer({ db: new Map([['tollguard/lock/3000', '2026-11-01T00:00:00Z set by hand'], ['tollguard/other/1', 'x']]) });
  const s = await store();
  const cfg = config(p.port, { mode: 'off', neverLock: ['1000'] });
  const added = await lockoutAdd(cfg, s, '1001', 'stolen credentials', { now: NOW });
  assert.equal(added.status, 'active');
  assert.match(p.db.get('tollguard/lock/1001')!, /^2026-11-26T06:40:00Z manual run \d+$/);
  await assert.rejects(lockoutAdd(cfg, s, '1000', 'x'), /LOCKOUT_NEVER/);
  await assert.rejects(lockoutAdd(cfg, s, '1001\r\nAction: Originate', 'x'), /refused: contains a control character/);

  // A pending lock tollguard knows of, not yet in AstDB.
  await s.withRun('lockout', null, (tx) => tx.upsertLockout({ extension: '1002', status: 'pending', reason: 'r', rule: 'irsf-burst', runId: tx.runId, actor: 'a', expiresAt: null, error: 'ECONNREFUSED', at: NOW.toISOString() }));
  const listing = await lockoutList(cfg, s);
  assert.equal(listing.astdbError, null);
  assert.deepEqual(
    listing.entries.map((e) => [e.extension, e.where, e.astdb]),
    [
      ['1001', 'both', p.db.get('tollguard/lock/1001')],
      ['1002', 'store', null],
      ['3000', 'astdb', '2026-11-01T00:00:00Z set by hand'],
    ],
  );

  const removed = await lockoutRemove(cfg, s, '1001', { now: NOW });
  assert.equal(removed.status, 'removed');
  assert.ok(!p.db.has('tollguard/lock/1001'));
  const again = await lockoutRemove(cfg, s, '1001', { now: NOW });
  assert.equal(again.status, 'removed');
  assert.match(again.detail, /already unlocked/);
  assert.equal((await s.lockouts()).find((r) => r.extension === '1001')!.status, 'removed');
  assert.deepEqual((await s.lockoutEvents('1001')).map((e) => e.action).sort(), ['hangup', 'lock', 'unlock', 'unlock']);
});

test('lockout list without the command right falls back to DBGet; unreachable AMI is reported', async () => {
  const p = await peer({ denied: ['Command'], db: new Map([['tollguard/lock/1001', 'v']]) });
  const s = await store();
  await s.withRun('lockout', null, async (tx) => {
    for (const ext of ['1001', '1002']) await tx.upsertLockout({ extension: ext, status: 'active', reason: 'r', rule: null, runId: tx.runId, actor: 'a', expiresAt: null, error: null, at: NOW.toISOString() });
  });
  const listing = await lockoutList(config(p.port), s);
  assert.deepEqual(listing.entries.map((e) => [e.extension, e.where]), [['1001', 'both'], ['1002', 'store']]);
  const down = await lockoutList(config(await deadPort()), s);
  assert.match(down.astdbError!, /ECONNREFUSED/);
  assert.equal(down.entries.length, 2);
});

// Issue 11 item 9: an unlock AMI refused exits 4 like a lock, and a run's log
// counts the locks it set (a retried pending lock included), not the ones that failed.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { DEMO_TRUNK, generateDemoCsv } from '../../src/demo/generate.js';
import { AmiPeer, type AmiPeerOptions } from '../helpers/ami-peer.js';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'tollguard-lockout-outcomes-'));
const csv = join(dir, 'Master.csv');
const peers: AmiPeer[] = [];
before(() => writeFileSync(csv, `${[...generateDemoCsv({ endDay: '2026-11-25', days: 35, extensions: 25, seed: 7 })].join('\n')}\n`));
after(async () => {
  for (const p of peers) await p.close();
});

async function peer(options: AmiPeerOptions = {}): Promise<AmiPeer> {
  const p = await AmiPeer.start({ username: 'tollguard', secret: 'amipass', ...options });
  peers.push(p);
  return p;
}
const env = (state: string, port: number) => ({
  TOLLGUARD_STATE: join(dir, state), PBX_TIMEZONE: 'America/New_York', TRUNKS: DEMO_TRUNK, CDR_CSV: csv, LOCKOUT_MODE: 'enforce',
  AMI_HOST: '127.0.0.1', AMI_PORT: String(port), AMI_USERNAME: 'tollguard', AMI_SECRET: 'amipass', AMI_TIMEOUT_MS: '1000',
});

test('lockout remove that AMI refuses exits 4 and says the lock holds', async () => {
  const p = await peer({ denied: ['DBDel'] });
  const add = await runCli(['lockout', 'add', '1012', '--reason', 'test'], { env: env('remove.db', p.port), cwd: dir });
  assert.equal(add.status, 0, add.stderr);
  const remove = await runCli(['lockout', 'remove', '1012'], { env: env('remove.db', p.port), cwd: dir });
  assert.equal(remove.status, 4, remove.stdout + remove.stderr);
  assert.match(remove.stdout, /^1012: active: unlock failed: .*DBDel.*Permission denied/);
  assert.ok(p.db.has('tollguard/lock/1012'));
  const ok = await peer({ db: p.db });
  assert.equal((await runCli(['lockout', 'remove', '1012'], { env: env('remove.db', ok.port), cwd: dir })).status, 0);
});

test('the log line counts the locks a run set: 0 when AMI was down (1 failed), 1 when the next run set the pending lock', async () => {
  const now = '2026-11-26T07:00:00-05:00';
  const down = await runCli(['run', 'nightly', '--now', now], { env: env('counts.db', 1), cwd: dir });
  assert.equal(down.status, 4, down.stderr);
  const first = JSON.parse(down.stdout.trim().split('\n').at(-1)!) as { lockouts: number; lockoutsFailed: number };
  assert.deepEqual([first.lockouts, first.lockoutsFailed], [0, 1]);

  const p = await peer();
  const up = await runCli(['run', 'nightly', '--now', '2026-11-26T08:00:00-05:00'], { env: env('counts.db', p.port), cwd: dir });
  assert.equal(up.status, 1, up.stderr); // critical findings mailed to nobody (no mail settings here), but no lockout failed
  const second = JSON.parse(up.stdout.trim().split('\n').at(-1)!) as { lockouts: number; lockoutsFailed: number };
  assert.ok(p.db.has('tollguard/lock/1007'), 'the retry set the lock');
  assert.deepEqual([second.lockouts, second.lockoutsFailed], [1, 0]);
  const history = await runCli(['history', '--json'], { env: env('counts.db', p.port), cwd: dir });
  const runs = JSON.parse(history.stdout) as { job: string; counts: Record<string, number> }[];
  assert.deepEqual(runs.filter((r) => r.job === 'nightly').map((r) => [r.counts.lockouts, r.counts.lockoutsFailed]), [[1, 0], [0, 1]]);
});

test("lockout add '1007;rm -rf' is a usage error (exit 2), refused before the store or AMI is touched", async () => {
  const p = await peer();
  for (const name of ['1007;rm -rf', 'front desk', '1007\x1b[2J', "o'brien", '$(id)']) {
    const r = await runCli(['lockout', 'add', name, '--reason', 'test'], { env: env('names.db', p.port), cwd: dir });
    assert.equal(r.status, 2, `${JSON.stringify(name)}: ${r.stdout}${r.stderr}`);
    assert.match(r.stderr, /refused: (not an endpoint name|contains a control character)/);
    assert.ok(!r.stderr.includes('\x1b'), 'the name is not echoed raw to the terminal');
  }
  assert.equal(p.received.length, 0, 'AMI was not contacted');
});

test('a pending lock under a name now refused (an older version took it) ends as failed, and can still be removed', async () => {
  const { SqliteStore } = await import('../../src/store/sqlite.js');
  const state = join(dir, 'legacy.db');
  const store = new SqliteStore({ path: state, lockWaitSeconds: 2 });
  await store.migrate();
  await store.withRun('lockout', null, (tx) => tx.upsertLockout({ extension: '1007;rm -rf', status: 'pending', reason: 'old', rule: null, runId: null, actor: 'admin via CLI', expiresAt: null, error: 'AMI unreachable', at: '2026-11-26T06:00:00Z' }));
  await store.close();
  const p = await peer();
  const run = await runCli(['run', 'sweep', '--now', '2026-11-26T07:00:00-05:00'], { env: env('legacy.db', p.port), cwd: dir });
  assert.match(run.stderr, /lockout failed: 1007;rm -rf: refused: not an endpoint name/);
  assert.doesNotMatch(p.received.join(''), /Key: 1007;rm/);
  const again = await runCli(['run', 'sweep', '--now', '2026-11-26T07:10:00-05:00'], { env: env('legacy.db', p.port), cwd: dir });
  assert.doesNotMatch(again.stderr, /1007;rm/, 'not retried again');
  const remove = await runCli(['lockout', 'remove', '1007;rm -rf'], { env: env('legacy.db', p.port), cwd: dir });
  assert.equal(remove.status, 0, remove.stdout + remove.stderr);
});

test('history shows a lockout add left pending (exit 4) as pending and a refused remove as failed, not ok', async () => {
  const add = await runCli(['lockout', 'add', '1013', '--reason', 'test'], { env: env('history.db', 1), cwd: dir });
  assert.equal(add.status, 4, add.stdout + add.stderr);
  assert.match(add.stdout, /^1013: pending: /);
  const p = await peer({ denied: ['DBDel'] });
  assert.equal((await runCli(['lockout', 'add', '1014', '--reason', 'test'], { env: env('history.db', p.port), cwd: dir })).status, 0);
  assert.equal((await runCli(['lockout', 'remove', '1014'], { env: env('history.db', p.port), cwd: dir })).status, 4);
  const text = await runCli(['history'], { env: env('history.db', 1), cwd: dir });
  assert.equal(text.status, 0, text.stderr);
  const lines = text.stdout.trim().split('\n');
  assert.match(lines[2]!, /^#\d+ +lockout +pending .*1013: pending: lock pending/, text.stdout);
  assert.match(lines[1]!, /^#\d+ +lockout +ok .*1014: active: /, text.stdout);
  assert.match(lines[0]!, /^#\d+ +lockout +failed .*1014: active: unlock failed/, text.stdout);
  const json = JSON.parse((await runCli(['history', '--json'], { env: env('history.db', 1), cwd: dir })).stdout) as { outcome: string; status: string }[];
  assert.deepEqual(json.map((r) => r.outcome), ['failed', 'ok', 'pending']);
});

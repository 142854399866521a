// Lock files: where they live decides who sees them. With PostgreSQL they sit in
// TOLLGUARD_STATE's folder when it is set (the service's StateDirectory), so
// `tollguard status` run outside the service's PrivateTmp still sees the daemon.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { acquireLock, lockHolder, lockPath } from '../../jobs/lock.js';
import { loadConfig } from '../../src/config/load.js';

const dir = mkdtempSync(join(tmpdir(), 'tollguard-lock-'));

test('with DATABASE_URL, lock files go beside TOLLGUARD_STATE when it is set, else to the temp folder', () => {
  const url = 'postgres://tollguard@127.0.0.1/tollguard';
  const withState = loadConfig({ env: { DATABASE_URL: url, TOLLGUARD_STATE: join(dir, 'lib', 'state.db') } });
  const path = lockPath(withState, 'daemon');
  assert.equal(dirname(path), join(dir, 'lib'));
  assert.equal(dirname(lockPath(loadConfig({ env: { DATABASE_URL: url } }), 'daemon')), tmpdir());
  // The folder is made when missing, and the holder is read back.
  const release = acquireLock(path, { timezone: 'UTC', jobs: [{ job: 'sweep', cron: '*/5 * * * *' }] });
  try {
    assert.equal(lockHolder(path)?.pid, process.pid);
    assert.deepEqual(lockHolder(path)?.schedule?.jobs, [{ job: 'sweep', cron: '*/5 * * * *' }]);
  } finally {
    release();
  }
  assert.ok(!existsSync(path));
});

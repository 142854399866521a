// A state store path that cannot work is a configuration problem: a clear
// message naming the path and exit status 2, promptly (Node's recursive mkdir
// loops forever under /proc, where the kernel answers ENOENT for a folder that
// cannot be created).
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'tollguard-state-path-'));

test('a state path under /proc fails at once with exit 2, naming the folder', async () => {
  const r = await runCli(['db', 'migrate'], { env: { TOLLGUARD_STATE: '/proc/nope/state.db' }, cwd: dir, timeoutMs: 15_000 });
  assert.equal(r.status, 2, `status ${r.status}: ${r.stderr}`);
  assert.match(r.stderr, /\/proc\/nope/);
  assert.match(r.stderr, /TOLLGUARD_STATE/);
});

test('a state path below a file, or that is a folder, is bad configuration (exit 2)', async () => {
  const file = join(dir, 'a-file');
  writeFileSync(file, 'x');
  const below = await runCli(['status'], { env: { TOLLGUARD_STATE: join(file, 'state.db') }, cwd: dir, timeoutMs: 15_000 });
  assert.equal(below.status, 2, below.stderr);
  assert.match(below.stderr, /a-file is not a folder/);
  const folder = await runCli(['history'], { env: { TOLLGUARD_STATE: dir }, cwd: dir, timeoutMs: 15_000 });
  assert.equal(folder.status, 2, folder.stderr);
  assert.match(folder.stderr, /state store sqlite:.*tollguard-state-path-/);
});

test('demo --dir under /proc fails at once with exit 2', async () => {
  const r = await runCli(['demo', '--dir', '/proc/nope/demo'], { cwd: dir, timeoutMs: 15_000 });
  assert.equal(r.status, 2, `status ${r.status}: ${r.stderr}`);
  assert.match(r.stderr, /\/proc\/nope/);
});

// deploy/: the systemd units pass systemd-analyze verify and start tollguard
// through the wrapper, never a fixed node; the wrapper runs a command with the
// service's environment file as the service user; an old Node.js is refused by
// name, with the way out.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DEPLOY = join(ROOT, 'deploy');
const WRAPPER = join(DEPLOY, 'tollguard-env');
const UNITS = ['tollguard.service', 'tollguard-sweep.service', 'tollguard-sweep.timer'];
const dir = mkdtempSync(join(tmpdir(), 'tollguard-deploy-'));
chmodSync(dir, 0o755);

/** A node that runs the CLI from source in place of bin/tollguard.js (no build needed). */
function nodeShim(): string {
  const shim = join(dir, 'node-shim');
  const entry = fileURLToPath(new URL('../helpers/cli-entry.ts', import.meta.url));
  writeFileSync(shim, `#!/bin/sh\nshift\nexec "${process.execPath}" --import "${import.meta.resolve('tsx')}" "${entry}" "$@"\n`, { mode: 0o755 });
  return shim;
}

test('the units pass systemd-analyze verify, with no node path of their own', (t) => {
  const units = mkdtempSync(join(tmpdir(), 'tollguard-units-'));
  for (const u of UNITS) {
    const text = readFileSync(join(DEPLOY, u), 'utf8');
    assert.doesNotMatch(text, /^ExecStart=\S*node /m, `${u} hard-codes a node`);
    if (u.endsWith('.service')) {
      assert.match(text, /^ExecStart=\/opt\/tollguard\/deploy\/tollguard-env /m, u);
      // ProtectSystem=strict leaves /var/log read-only: the log folder must be the service's own.
      assert.match(text, /^LogsDirectory=tollguard$/m, u);
    }
    writeFileSync(join(units, u), text.replaceAll('/opt/tollguard', ROOT.replace(/\/$/, '')));
  }
  const verify = spawnSync('systemd-analyze', ['verify', ...UNITS.map((u) => join(units, u))], { encoding: 'utf8' });
  if (verify.error) return t.skip('systemd-analyze is not installed (apt-get install systemd)');
  assert.equal(verify.status, 0, verify.stderr);
  assert.equal(verify.stderr.trim(), '', 'no unknown keys or other complaints');
});

test('the wrapper and the crontab example are valid shell', () => {
  for (const shell of ['bash', 'dash']) {
    const r = spawnSync(shell, ['-n', WRAPPER], { encoding: 'utf8' });
    if (r.error) continue;
    assert.equal(r.status, 0, `${shell}: ${r.stderr}`);
  }
  assert.ok(statSync(WRAPPER).mode & 0o111, 'the wrapper is executable');
  assert.doesNotMatch(readFileSync(join(DEPLOY, 'crontab.example'), 'utf8'), /^[^#].*\/node /m, 'a crontab line hard-codes a node');
});

test('through a symlink, the wrapper runs tollguard with the environment file and TOLLGUARD_NODE', () => {
  const envFile = join(dir, 'tollguard.env');
  writeFileSync(envFile, `PBX_TIMEZONE=America/New_York\nTOLLGUARD_STATE=${join(dir, 'state.db')}\nCDR_CSV='${join(dir, 'Master.csv*')}'\nTOLLGUARD_NODE=${nodeShim()}\n`, { mode: 0o644 });
  const link = join(dir, 'tollguard');
  symlinkSync(WRAPPER, link);
  const r = spawnSync(link, ['status'], { cwd: dir, env: { PATH: process.env.PATH, TOLLGUARD_ENV_FILE: envFile, TOLLGUARD_USER: userInfo().username }, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`State store: sqlite:${join(dir, 'state.db')} \\(PBX timezone America/New_York\\)`));
});

test('started by root, the wrapper runs as the service user, so the state it creates is the service\'s', (t) => {
  if (process.getuid?.() !== 0) return t.skip('needs root to switch users');
  const state = mkdtempSync(join(tmpdir(), 'tollguard-deploy-state-'));
  chmodSync(state, 0o777);
  const envFile = join(dir, 'nobody.env');
  writeFileSync(envFile, `PBX_TIMEZONE=UTC\nTOLLGUARD_STATE=${join(state, 'state.db')}\nTOLLGUARD_NODE=${nodeShim()}\n`, { mode: 0o644 });
  const r = spawnSync(WRAPPER, ['db', 'migrate'], { cwd: dir, env: { PATH: process.env.PATH, TOLLGUARD_ENV_FILE: envFile, TOLLGUARD_USER: 'nobody' }, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const nobody = spawnSync('id', ['-u', 'nobody'], { encoding: 'utf8' }).stdout.trim();
  assert.equal(String(statSync(join(state, 'state.db')).uid), nobody);
});

test('no usable node, or an unreadable environment file, exits 2 saying what to do', () => {
  const envFile = join(dir, 'nonode.env');
  writeFileSync(envFile, `TOLLGUARD_NODE=${join(dir, 'no-such-node')}\n`, { mode: 0o644 });
  const user = userInfo().username;
  const r = spawnSync(WRAPPER, ['status'], { env: { PATH: process.env.PATH, TOLLGUARD_ENV_FILE: envFile, TOLLGUARD_USER: user }, encoding: 'utf8' });
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /no Node\.js found .*NodeSource.*TOLLGUARD_NODE=\/path\/to\/node/);
  const missing = spawnSync(WRAPPER, ['status'], { env: { PATH: process.env.PATH, TOLLGUARD_ENV_FILE: join(dir, 'missing.env'), TOLLGUARD_USER: user }, encoding: 'utf8' });
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /cannot read .*missing\.env/);
});

test('bin/tollguard.js refuses Node.js older than 20.12, naming the one it found', () => {
  const old = 'data:text/javascript,Object.defineProperty(process.versions,"node",{value:"18.19.0"})';
  const r = spawnSync(process.execPath, ['--import', old, join(ROOT, 'bin', 'tollguard.js'), 'status'], { encoding: 'utf8' });
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /needs Node\.js 20\.12 or newer; .* is 18\.19\.0\. .*NodeSource/);
});

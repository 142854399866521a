import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { emergencyFor, renderDialplan } from '../../../src/actions/lockout/dialplan.js';
import { ConfigError, loadConfig, redactConfig } from '../../../src/config/load.js';

/** The dialplan lines (comments and blank lines dropped). */
const code = (text: string): string =>
  text
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith(';'))
    .join('\n');

const EMERGENCY = { numbers: ['911', '933'], source: 'test', accessCodes: [] };

test('plain Asterisk: exactly the snippet verified on Asterisk 22.7 (emergency lines first)', () => {
  const readme = readFileSync(new URL('../../fixtures/asterisk-22.7-lock/README.md', import.meta.url), 'utf8');
  const verified = /## The dialplan that was verified\n```\n([\s\S]*?)```/.exec(readme)![1]!;
  assert.equal(code(renderDialplan('asterisk', { family: 'tollguard/lock', emergency: emergencyFor(loadConfig({ env: {} }).pbx) })), code(verified));
  const other = renderDialplan('asterisk', { family: 'acme/locked', emergency: EMERGENCY });
  assert.match(other, /DB_EXISTS\(acme\/locked\/\$\{TG_EXT\}\)/);
  assert.match(other, /asterisk -rx "dialplan reload"/);
});

test('FreePBX: the predial hook in extensions_custom.conf, Gosub or Macro style', () => {
  const text = renderDialplan('freepbx', { family: 'tollguard/lock', emergency: EMERGENCY });
  assert.match(text, /extensions_custom\.conf/);
  assert.match(text, /asterisk -rx "dialplan reload"/);
  const lines = code(text).split('\n');
  assert.equal(lines[0], '[macro-dialout-trunk-predial-hook]');
  assert.ok(lines.includes(' same => n,GotoIf(${DB_EXISTS(tollguard/lock/${AMPUSER})}?tollguard-locked,${DIAL_NUMBER},1)'));
  assert.ok(lines.includes(' same => n(allow),Return()'));
  assert.ok(!code(text).includes('MacroExit'));
  const old = code(renderDialplan('freepbx', { family: 'tollguard/lock', emergency: EMERGENCY, freepbxStyle: 'macro' }));
  assert.ok(old.includes(' same => n(allow),MacroExit()') && !old.includes('Return()'));
  assert.throws(() => renderDialplan('freepbx', { family: 'x)}\nexten => _X.,1,Dial(x)', emergency: EMERGENCY }), /refused/);
});

test('AMI and lockout settings from the environment, the secret redacted', () => {
  const config = loadConfig({
    env: { AMI_HOST: 'pbx.lan', AMI_PORT: '5039', AMI_USERNAME: 'tollguard', AMI_SECRET: 'amipass', LOCKOUT_MODE: 'enforce', LOCKOUT_MAX_PER_RUN: '5', LOCKOUT_NEVER: '1000, 1099', LOCKOUT_MAX_AGE_HOURS: '36', LOCKOUT_EXPIRY_HOURS: '12', LOCKOUT_HANGUP: 'no' },
  });
  assert.deepEqual(config.ami, { host: 'pbx.lan', port: 5039, username: 'tollguard', secret: 'amipass', timeoutMs: 5000 });
  assert.equal(config.lockout.mode, 'enforce');
  assert.equal(config.lockout.maxPerRun, 5);
  assert.deepEqual(config.lockout.neverLock, ['1000', '1099']);
  assert.equal(config.lockout.maxFindingAgeHours, 36);
  assert.equal(config.lockout.expiryHours, 12);
  assert.equal(config.lockout.hangup, false);
  assert.ok(!JSON.stringify(redactConfig(config)).includes('amipass'));
});

test('defaults: off, critical only, 3 per run, 24 h, family tollguard/lock', () => {
  const { ami, lockout } = loadConfig({ env: {} });
  assert.deepEqual(ami, { host: '127.0.0.1', port: 5038, timeoutMs: 5000 });
  assert.deepEqual(lockout, { mode: 'off', rules: [], minSeverity: 'critical', neverLock: [], maxPerRun: 3, maxFindingAgeHours: 24, hangup: true, family: 'tollguard/lock' });
});

test('bad values and a secret in the config file are refused, naming where they came from', () => {
  assert.throws(() => loadConfig({ env: { LOCKOUT_MODE: 'always' } }), (e: Error) => e instanceof ConfigError && /lockout\.mode: .*environment variable LOCKOUT_MODE/.test(e.message));
  const dir = mkdtempSync(join(tmpdir(), 'tollguard-cfg-'));
  try {
    const file = join(dir, 'c.json');
    writeFileSync(file, JSON.stringify({ ami: { secret: 'amipass' } }));
    assert.throws(() => loadConfig({ env: {}, configFile: file }), (e: Error) => /AMI_SECRET/.test(e.message) && !e.message.includes('amipass'));
    writeFileSync(file, JSON.stringify({ lockout: { family: 'tollguard/lock\n' } }));
    assert.throws(() => loadConfig({ env: {}, configFile: file }), /lockout\.family/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

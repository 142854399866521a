// Per-check settings from the JSON config: off, re-graded, tuned, and checked.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runAudit } from '../../src/audit/audit.js';
import { auditSettings } from '../../src/audit/settings.js';
import { ConfigError, loadConfig } from '../../src/config/load.js';
import { commonPasswords } from '../../src/reference/common-passwords.js';
import { pbxAt, SAMPLE_CONFIGS } from '../helpers/audit.js';

test('a check can be turned off or re-graded; unknown checks and options are configuration errors', () => {
  const ref = { commonPasswords: commonPasswords() };
  const pbx = pbxAt(SAMPLE_CONFIGS);
  assert.deepEqual(runAudit(pbx, ref, { 'cdr-gmt': { enabled: false }, 'no-secret': { severity: 'info' } }).map((f) => [f.check, f.severity]), [['no-secret', 'info']]);
  const dir = mkdtempSync(join(tmpdir(), 'tollguard-audit-config-'));
  try {
    const file = join(dir, 'c.json');
    writeFileSync(file, JSON.stringify({ audit: { checks: { nosuch: {}, 'weak-secret': { options: { minLength: 2 } } } } }));
    assert.throws(() => loadConfig({ env: {}, configFile: file }), (e: ConfigError) => /audit\.checks\.nosuch: no such audit check/.test(e.message) && /audit\.checks\.weak-secret\.options\.minLength/.test(e.message));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('tollguard\'s settings as the audit sees them: the dialling plan\'s prefixes and emergency numbers, AUDIT_ETC', () => {
  const config = loadConfig({ env: { HOME_COUNTRY: 'GB', TRUNK_ACCESS_CODES: '9', LOCKOUT_MODE: 'enforce', AUDIT_ETC: '/srv/pbx/etc' } });
  const s = auditSettings(config);
  assert.deepEqual(s.internationalPrefixes, ['00']);
  assert.deepEqual(s.trunkAccessCodes, ['9']);
  assert.ok(s.emergencyNumbers.includes('999') && s.emergencyNumbers.includes('112'));
  assert.equal(s.lockoutMode, 'enforce');
  assert.equal(config.audit.etc, '/srv/pbx/etc');
});

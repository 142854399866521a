// The audit on real trees: Asterisk 22.7's own samples, the PJSIP and hairpin
// lab PBXs the captures came from, and the hardened and weak trees.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runAudit } from '../../src/audit/audit.js';
import { CHECKS } from '../../src/audit/checks/index.js';
import { commonPasswords } from '../../src/reference/common-passwords.js';
import { AUDIT_FIXTURES, pbxAt, SAMPLE_CONFIGS } from '../helpers/audit.js';

const audit = (dir: string, settings = {}) => runAudit(pbxAt(dir, settings), { commonPasswords: commonPasswords() });
const TOLLGUARD = { lockoutMode: 'enforce' as const, amiUsername: 'tollguard' };

describe('audit fixtures', () => {
  it('Asterisk 22.7 sample tree: the IAX2 [guest] user without secret and the GMT mismatch, no crash on 105 files', () => {
    const findings = audit(SAMPLE_CONFIGS);
    assert.deepEqual(findings.map((f) => [f.check, f.severity, f.file, f.line]), [
      ['cdr-gmt', 'warning', 'cdr.conf', 173],
      ['no-secret', 'warning', 'iax.conf', 481],
    ]);
    // [public] (the guest's context) and [default] only reach the demo: no trunk.
    assert.match(findings[1]!.explanation, /context "public", from which tollguard found no way to a trunk/);
  });

  it('PJSIP lab: the anonymous endpoint in [guest], which includes the outbound routes, with the path', () => {
    const findings = audit(`${AUDIT_FIXTURES}pjsip-lab`);
    const doors = findings.filter((f) => f.severity === 'critical');
    assert.deepEqual(doors.map((f) => [f.check, f.file, f.line]), [
      ['dialplan-unauthenticated-trunk', 'extensions.conf', 26],
      ['pjsip-unauthenticated-endpoint', 'pjsip.conf', 61],
    ]);
    assert.match(doors[0]!.explanation, /\[guest\] include => outbound at extensions.conf:26 → \(2\) \[outbound\] exten _X\., priority 2: Dial\(IAX2\/carrier\/\$\{EXTEN\},30\) at extensions-lab.conf:4/);
  });

  it('hairpin lab: [from-trunk] including the outbound routes (critical) and the DID forwarded abroad (warning)', () => {
    const findings = audit(`${AUDIT_FIXTURES}hairpin-lab`).filter((f) => f.check === 'dialplan-unauthenticated-trunk');
    assert.deepEqual(findings.map((f) => [f.severity, f.file, f.line]), [
      ['critical', 'extensions-hairpin.conf', 7],
      ['warning', 'extensions-hairpin.conf', 4],
    ]);
    assert.match(findings[1]!.explanation, /the fixed number 0115351234567 .*Local\/0115351234567@outbound/);
  });

  it('the hardened tree gives no finding at all, with lockouts on and tollguard\'s AMI user named', () => {
    assert.deepEqual(audit(`${AUDIT_FIXTURES}hardened`, TOLLGUARD), []);
  });

  it('the weak tree makes every check fire', () => {
    const fired = new Set(audit(`${AUDIT_FIXTURES}weak`, TOLLGUARD).map((f) => f.check));
    assert.deepEqual(CHECKS.map((c) => c.meta.id).filter((id) => !fired.has(id)), []);
  });
});

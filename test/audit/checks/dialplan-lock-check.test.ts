import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dialplanLockCheck as check } from '../../../src/audit/checks/dialplan-lock-check.js';
import { renderDialplan } from '../../../src/actions/lockout/dialplan.js';
import { OUTBOUND, pbxOf, runCheck } from '../../helpers/audit.js';

const EMERGENCY = { numbers: ['911', '933'], source: 'test', accessCodes: [] };
const phone = '[1001]\ntype=endpoint\nauth=a1\ncontext=from-internal\n';

describe('dialplan-lock-check', () => {
  it('with lockouts on, a route to the trunk without the check', () => {
    const hits = runCheck(check, pbxOf({ 'pjsip.conf': phone, 'extensions.conf': `[from-internal]\nexten => _X.,1,Goto(outbound,\${EXTEN},1)\n${OUTBOUND}` }, { lockoutMode: 'enforce' }));
    assert.equal(hits.length, 1);
    assert.equal(hits[0]!.line, 1);
    assert.match(hits[0]!.explanation, /LOCKOUT_MODE is enforce.*without passing DB_EXISTS\(tollguard\/lock\/\.\.\.\)/);
  });
  it('not with the snippet tollguard dialplan prints (emergency numbers before it), nor with lockouts off', () => {
    const snippet = renderDialplan('asterisk', { family: 'tollguard/lock', emergency: EMERGENCY });
    assert.deepEqual(runCheck(check, pbxOf({ 'pjsip.conf': phone, 'extensions.conf': `${snippet}${OUTBOUND}` }, { lockoutMode: 'enforce' })), []);
    assert.deepEqual(runCheck(check, pbxOf({ 'pjsip.conf': phone, 'extensions.conf': `[from-internal]\nexten => _X.,1,Goto(outbound,\${EXTEN},1)\n${OUTBOUND}` })), []);
  });
  it('FreePBX: dial-out through macro-dialout-trunk passes the predial hook tollguard dialplan --freepbx prints', () => {
    const freepbx = `[from-internal]\nexten => _X.,1,Macro(dialout-trunk,1,\${EXTEN},,off)\n${renderDialplan('freepbx', { family: 'tollguard/lock', emergency: EMERGENCY })}`;
    assert.deepEqual(runCheck(check, pbxOf({ 'pjsip.conf': phone, 'extensions.conf': freepbx }, { lockoutMode: 'enforce' })), []);
    assert.equal(runCheck(check, pbxOf({ 'pjsip.conf': phone, 'extensions.conf': '[from-internal]\nexten => _X.,1,Macro(dialout-trunk,1,${EXTEN},,off)\n' }, { lockoutMode: 'enforce' })).length, 1);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dialplanUnauthenticatedTrunk as check } from '../../../src/audit/checks/dialplan-unauthenticated-trunk.js';
import { OUTBOUND, pbxOf, runCheck, severityOf } from '../../helpers/audit.js';

const pjsip = `
[anonymous]
type=endpoint
context=guest
`;

describe('dialplan-unauthenticated-trunk', () => {
  it('the anonymous endpoint\'s context including the outbound routes is critical, with the path', () => {
    const hits = runCheck(check, pbxOf({ 'pjsip.conf': pjsip, 'extensions.conf': `[guest]\ninclude => outbound\n${OUTBOUND}` }));
    assert.equal(hits.length, 1);
    assert.equal(severityOf(hits[0]!, check), 'critical');
    assert.equal(hits[0]!.file, 'extensions.conf');
    assert.equal(hits[0]!.line, 2);
    assert.match(hits[0]!.explanation, /PJSIP endpoint "anonymous"/);
    assert.match(hits[0]!.explanation, /\(1\) \[guest\] include => outbound at extensions.conf:2 → \(2\) \[outbound\] exten _X\., priority 1: Dial\(PJSIP\/\$\{EXTEN\}@carrier,60\) at extensions.conf:5/);
  });

  it('follows Goto, GotoIf, Gosub, Macro and Local channels across files', () => {
    const hits = runCheck(check, pbxOf({
      'pjsip.conf': pjsip,
      'extensions.conf': '[guest]\nexten => _X.,1,GotoIf($[${LEN(${EXTEN})} > 3]?step2,${EXTEN},1)\n#include more.conf\n',
      'more.conf': '[step2]\nexten => _X.,1,Gosub(step3,${EXTEN},1)\n[step3]\nexten => _X.,1,Macro(step4)\n[macro-step4]\nexten => s,1,Dial(Local/${MACRO_EXTEN}@outbound)\n' + OUTBOUND.replace('${EXTEN}@carrier', '${EXTEN}@carrier'),
    }));
    // Macro's ${MACRO_EXTEN} is not evaluated: the number is "built from" it, still a door.
    assert.equal(hits.length, 1);
    assert.match(hits[0]!.explanation, /\[guest\].*GotoIf.*→.*\[step2\].*Gosub.*→.*\[step3\].*Macro.*→.*\[macro-step4\].*Local.*→.*\[outbound\]/);
  });

  it('an inbound DID forwarded to a fixed international number is a warning of its own; trunk contexts count as unauthenticated', () => {
    const hits = runCheck(check, pbxOf({ 'extensions.conf': `[from-trunk]\nexten => 2125550104,1,Dial(Local/0115351234567@outbound,30)\n${OUTBOUND}` }));
    assert.equal(hits.length, 1);
    assert.equal(severityOf(hits[0]!, check), 'warning');
    assert.match(hits[0]!.title, /international number/);
    assert.match(hits[0]!.explanation, /the fixed number 0115351234567/);
  });

  it('nothing when the guest context reaches phones only, or the route is behind a Goto to a context that does not dial out', () => {
    const ext = '[guest]\nexten => 100,1,Dial(PJSIP/100)\nexten => _X.,1,Goto(ivr,s,1)\n[ivr]\nexten => s,1,Playback(welcome)\n' + OUTBOUND;
    assert.deepEqual(runCheck(check, pbxOf({ 'pjsip.conf': pjsip, 'extensions.conf': ext })), []);
  });

  it('emergency numbers reached from a trunk context are not a finding', () => {
    assert.deepEqual(runCheck(check, pbxOf({ 'extensions.conf': `[from-trunk]\nexten => 911,1,Goto(outbound,911,1)\n${OUTBOUND}` })), []);
  });
});

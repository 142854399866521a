import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dialplanOpenInternational as check } from '../../../src/audit/checks/dialplan-open-international.js';
import { OUTBOUND, pbxOf, runCheck } from '../../helpers/audit.js';

const phones = (a: string, b: string) => `[1001]\ntype=endpoint\nauth=a1\ncontext=${a}\n[1002]\ntype=endpoint\nauth=a2\ncontext=${b}\n`;

describe('dialplan-open-international', () => {
  it('every phone reaches a trunk with international and premium numbers through _X.', () => {
    const hits = runCheck(check, pbxOf({ 'pjsip.conf': phones('from-internal', 'from-internal'), 'extensions.conf': `[from-internal]\nexten => _X.,1,Goto(outbound,\${EXTEN},1)\n${OUTBOUND}` }));
    assert.equal(hits.length, 1);
    assert.equal(hits[0]!.line, 5);
    assert.match(hits[0]!.title, /international and premium-rate numbers/);
    assert.match(hits[0]!.explanation, /tried: 011882161234567/);
  });

  it('trunk access codes are tried (9011...)', () => {
    const ext = '[from-internal]\nexten => _9011.,1,Dial(PJSIP/${EXTEN:1}@carrier)\n';
    assert.equal(runCheck(check, pbxOf({ 'pjsip.conf': phones('from-internal', 'from-internal'), 'extensions.conf': ext }, { trunkAccessCodes: [] })).length, 0);
    assert.equal(runCheck(check, pbxOf({ 'pjsip.conf': phones('from-internal', 'from-internal'), 'extensions.conf': ext }, { trunkAccessCodes: ['9'] })).length, 1);
  });

  it('not with a class of service (international in one context only) or premium ranges blocked by a more specific pattern', () => {
    const cos = `[from-internal]\nexten => _1NXXNXXXXXX,1,Dial(PJSIP/\${EXTEN}@carrier)\nexten => _1900NXXXXXX,1,Congestion()\n[from-internal-intl]\ninclude => from-internal\nexten => _011.,1,Dial(PJSIP/\${EXTEN}@carrier)\n`;
    assert.deepEqual(runCheck(check, pbxOf({ 'pjsip.conf': phones('from-internal', 'from-internal-intl'), 'extensions.conf': cos })), []);
  });
});

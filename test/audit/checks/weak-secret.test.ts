import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { weakSecret as check } from '../../../src/audit/checks/weak-secret.js';
import { pbxOf, runCheck, severityOf } from '../../helpers/audit.js';

const STRONG = 'Gq8vN2wPz5Lr7Tk3Hx9m';

describe('weak-secret', () => {
  it('names the rules a PJSIP password breaks and never the password', () => {
    const hits = runCheck(check, pbxOf({ 'pjsip.conf': '[1001]\ntype=endpoint\nauth=a1001\n[a1001]\ntype=auth\nusername=1001\npassword=1001\n' }));
    assert.equal(hits.length, 1);
    assert.equal(severityOf(hits[0]!, check), 'critical');
    assert.match(hits[0]!.explanation, /it is the same as the user name or extension; it is one of the 10,000 most common passwords; it is digits only; it is shorter than 12 characters/);
    assert.equal(hits[0]!.line, 7);
  });

  it('covers chan_sip, IAX2, AMI and ARI, groups accounts breaking the same rules, and finds a shared password', () => {
    const hits = runCheck(check, pbxOf({
      'sip.conf': '[3001]\ntype=friend\nsecret=Zx3001-ok-long\n',
      'iax.conf': '[4001]\ntype=friend\nsecret=short7\n[4002]\ntype=friend\nsecret=short8\n',
      'manager.conf': `[general]\nenabled=yes\n[a]\nsecret=${STRONG}\n[b]\nsecret=${STRONG}\n`,
      'ari.conf': '[app]\ntype=user\npassword=password\n[hashed]\ntype=user\npassword_format=crypt\npassword=$6$x\n',
    }));
    const text = hits.map((h) => `${h.title} | ${h.explanation}`).join('\n');
    assert.match(text, /chan_sip "3001".*it contains the user name/);
    assert.match(text, /Weak passwords for 2 IAX2 accounts \| The passwords of IAX2 "4001" \(iax.conf:3\), "4002" \(iax.conf:6\) break this rule: it is shorter than 12 characters/);
    assert.match(text, /Weak passwords for 2 AMI accounts.*also the password of another account/);
    assert.match(text, /ARI user "app".*most common/);
    assert.doesNotMatch(text, /hashed/);
    for (const secret of ['Zx3001-ok-long', 'short7', 'short8', STRONG, '"password"']) assert.ok(!text.includes(secret), secret);
  });

  it('nothing for long random passwords, different for each account', () => {
    assert.deepEqual(runCheck(check, pbxOf({ 'pjsip.conf': `[1001]\ntype=auth\nusername=1001\npassword=${STRONG}\n[1002]\ntype=auth\nusername=1002\npassword=Wb4cRt9Yq2Lm8Kd6Nv3s\n` })), []);
  });

  it('minLength is an option', () => {
    const pbx = pbxOf({ 'pjsip.conf': '[1001]\ntype=auth\nusername=1001\npassword=Wb4cRt9Yq2Lm8Kd6\n' });
    assert.equal(runCheck(check, pbx).length, 0);
    assert.match(runCheck(check, pbx, { minLength: 20 })[0]!.explanation, /shorter than 20 characters/);
  });
});

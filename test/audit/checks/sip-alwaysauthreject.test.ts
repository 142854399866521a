import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sipAlwaysauthreject as check } from '../../../src/audit/checks/sip-alwaysauthreject.js';
import { pbxOf, runCheck } from '../../helpers/audit.js';

describe('sip-alwaysauthreject', () => {
  it('alwaysauthreject=no', () => {
    const hits = runCheck(check, pbxOf({ 'sip.conf': '[general]\nallowguest=no\nalwaysauthreject=no\n' }));
    assert.equal(hits.length, 1);
    assert.equal(hits[0]!.line, 3);
  });
  it('not when it is yes or unset (the default is yes)', () => {
    assert.deepEqual(runCheck(check, pbxOf({ 'sip.conf': '[general]\nallowguest=no\n' })), []);
    assert.deepEqual(runCheck(check, pbxOf({ 'sip.conf': '[general]\nalwaysauthreject=yes\n' })), []);
  });
});

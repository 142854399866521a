import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { iaxPlaintextAuth as check } from '../../../src/audit/checks/iax-plaintext-auth.js';
import { pbxOf, runCheck } from '../../helpers/audit.js';

describe('iax-plaintext-auth', () => {
  it('auth=plaintext in [general] and on an account', () => {
    const hits = runCheck(check, pbxOf({ 'iax.conf': '[general]\nauth=plaintext\n[x]\ntype=peer\nauth=md5,plaintext\n' }));
    assert.equal(hits.length, 2);
    assert.match(hits[0]!.title, /every account/);
  });
  it('not for md5 or rsa', () => {
    assert.deepEqual(runCheck(check, pbxOf({ 'iax.conf': '[general]\nauth=md5\n[x]\ntype=peer\nauth=rsa\n' })), []);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pjsipMaxContacts as check } from '../../../src/audit/checks/pjsip-max-contacts.js';
import { pbxOf, runCheck } from '../../helpers/audit.js';

describe('pjsip-max-contacts', () => {
  it('max_contacts above 1 with remove_existing at its default (no)', () => {
    const hits = runCheck(check, pbxOf({ 'pjsip.conf': '[1001]\ntype=aor\nmax_contacts=3\n' }));
    assert.equal(hits.length, 1);
    assert.match(hits[0]!.explanation, /max_contacts=3 at pjsip.conf:3 with remove_existing=no \(the default\)/);
  });
  it('not with remove_existing=yes or a single contact', () => {
    assert.deepEqual(runCheck(check, pbxOf({ 'pjsip.conf': '[1001]\ntype=aor\nmax_contacts=3\nremove_existing=yes\n[1002]\ntype=aor\nmax_contacts=1\n' })), []);
  });
});

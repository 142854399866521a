import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { noSecret as check } from '../../../src/audit/checks/no-secret.js';
import { OUTBOUND, pbxOf, runCheck, severityOf } from '../../helpers/audit.js';

describe('no-secret', () => {
  it('an IAX2 user without secret (the sample [guest]) and a chan_sip friend without secret', () => {
    const hits = runCheck(check, pbxOf({
      'iax.conf': '[guest]\ntype=user\ncontext=public\n',
      'sip.conf': '[general]\nallowguest=no\n[2001]\ntype=friend\nhost=dynamic\ncontext=from-internal\n',
      'extensions.conf': `[public]\nexten => s,1,Playback(hello)\n[from-internal]\ninclude => outbound\n${OUTBOUND}`,
    }));
    assert.deepEqual(hits.map((h) => [h.file, h.line, h.severity ?? check.meta.defaultSeverity]), [['sip.conf', 3, 'critical'], ['iax.conf', 1, 'warning']]);
    assert.match(hits[1]!.explanation, /IAX2 user "guest" has no secret.*no way to a trunk/);
  });
  it('not with a secret, dbsecret or inkeys', () => {
    assert.deepEqual(runCheck(check, pbxOf({ 'iax.conf': '[a]\ntype=user\nsecret=x\n[b]\ntype=user\ndbsecret=f/k\n[c]\ntype=user\ninkeys=k\n' })), []);
  });
});

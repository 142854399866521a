import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { voicemailDialout as check } from '../../../src/audit/checks/voicemail-dialout.js';
import { OUTBOUND, pbxOf, runCheck } from '../../helpers/audit.js';

describe('voicemail-dialout', () => {
  it('dialout= in [general] and callback= in a mailbox\'s options, when they reach a trunk', () => {
    const hits = runCheck(check, pbxOf({
      'voicemail.conf': '[general]\ndialout=outbound\n[default]\n1001 => 1234,Alice,alice@example.com,,attach=yes|callback=outbound\n1002 => 1234,Bob\n',
      'extensions.conf': OUTBOUND,
    }));
    assert.deepEqual(hits.map((h) => h.line), [2, 4]);
    assert.match(hits[1]!.title, /callback= context "outbound" reaches a trunk \(mailbox "1001@default"\)/);
    assert.doesNotMatch(hits.map((h) => h.explanation).join(' '), /1234/);
  });
  it('not when the context reaches no trunk', () => {
    assert.deepEqual(runCheck(check, pbxOf({ 'voicemail.conf': '[general]\ndialout=internal\n', 'extensions.conf': '[internal]\nexten => _1XXX,1,Dial(PJSIP/${EXTEN})\n' })), []);
  });
});

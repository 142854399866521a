import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { configFile as check } from '../../../src/audit/checks/config-file.js';
import { pbxOf, runCheck, severityOf } from '../../helpers/audit.js';

describe('config-file', () => {
  it('a missing #include makes Asterisk refuse the file; #exec is named as not followed', () => {
    const hits = runCheck(check, pbxOf({ 'extensions.conf': '[a]\n#include nothere.conf\n#tryinclude maybe.conf\n#exec /usr/local/bin/peers\n' }));
    assert.deepEqual(hits.map((h) => [h.line, severityOf(h, check)]), [[2, 'warning'], [4, 'info']]);
    assert.match(hits[0]!.title, /Asterisk refuses this file \(missing include\)/);
    assert.match(hits[1]!.explanation, /#exec \/usr\/local\/bin\/peers is not run by tollguard/);
  });
  it('nothing for a clean file', () => {
    assert.deepEqual(runCheck(check, pbxOf({ 'extensions.conf': '[a]\nexten => 1,1,NoOp()\n#tryinclude maybe.conf\n' })), []);
  });
});

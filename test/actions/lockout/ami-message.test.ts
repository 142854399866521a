import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { AmiMessage, AmiParser, AmiValueError, bannerVersion, serializeAction } from '../../../src/actions/lockout/ami-message.js';

test('serializes headers in order with \\r\\n and a blank line', () => {
  const text = serializeAction([
    ['Action', 'DBPut'],
    ['Family', 'tollguard/lock'],
    ['Key', '1001'],
    ['Val', '2026-11-26T06:40:00Z irsf-burst'],
    ['ActionID', 'lock-1001'],
  ]);
  const fixture = readFileSync(new URL('../../fixtures/asterisk-22.7/ami/lockout.txt', import.meta.url), 'utf8');
  const firstClientBlock = fixture.split('>>> client sends\n')[1]!.split('<<< server sends\n')[0];
  assert.equal(text, firstClientBlock);
});

test('refuses a newline that would inject a second action', () => {
  assert.throws(
    () => serializeAction([['Action', 'DBPut'], ['Family', 'tollguard/lock'], ['Key', '1001\r\nAction: Originate'], ['Val', 'x']]),
    (e: Error) => e instanceof AmiValueError && /Key/.test(e.message) && /0x0d at position 4/.test(e.message) && !e.message.includes('Originate'),
  );
});

test('refuses every control character and DEL, in names and values', () => {
  for (const c of ['\n', '\r', '\0', '\t', '\x1b', '\x7f', '\x01']) {
    assert.throws(() => serializeAction([['Action', 'Hangup'], ['Channel', `PJSIP/1001${c}-1`]]), AmiValueError, JSON.stringify(c));
    assert.throws(() => serializeAction([['Action', 'Hangup'], [`Chan${c}nel`, 'x']]), AmiValueError, JSON.stringify(c));
  }
  assert.throws(() => serializeAction([['Action: Originate', 'x']]), AmiValueError);
  assert.throws(() => serializeAction([['Action', 'x'], ['Val', 'a'.repeat(1100)]]), /longer than 1024 bytes/);
  // Printable non-ASCII is fine.
  assert.match(serializeAction([['Action', 'DBPut'], ['Val', 'Zoë ☎']]), /Val: Zoë ☎\r\n\r\n$/);
});

test('the secret never appears in the error', () => {
  assert.throws(
    () => serializeAction([['Action', 'Login'], ['Secret', 'hunter2\nAction: Originate']]),
    (e: Error) => !e.message.includes('hunter2') && /Secret/.test(e.message),
  );
});

test('parses banner, messages, bare \\n line ends and chunks split anywhere', () => {
  const wire = 'Asterisk Call Manager/11.0.0\r\nResponse: Success\r\nActionID: a-1\r\nMessage: Authentication accepted\r\n\r\n' + 'Event: DBGetResponse\nFamily: tollguard/lock\nKey: 1001\nVal: v: with colon \nActionID: a-2\n\n' + 'Response: Success\r\nActionID: c\r\nOutput: one\r\nOutput: two\r\nAccountCode: \r\n\r\n';
  for (const size of [1, 3, 7, wire.length]) {
    const messages: AmiMessage[] = [];
    let banner = '';
    const p = new AmiParser((m) => messages.push(m), (b) => (banner = b));
    const bytes = Buffer.from(wire);
    for (let i = 0; i < bytes.length; i += size) p.push(bytes.subarray(i, i + size));
    assert.equal(banner, 'Asterisk Call Manager/11.0.0');
    assert.equal(messages.length, 3);
    assert.equal(messages[0]!.response, 'Success');
    assert.equal(messages[0]!.actionId, 'a-1');
    assert.equal(messages[1]!.event, 'DBGetResponse');
    assert.equal(messages[1]!.get('val'), 'v: with colon ');
    assert.deepEqual(messages[2]!.getAll('Output'), ['one', 'two']);
    assert.equal(messages[2]!.get('AccountCode'), '');
  }
});

test('reads the version from the banner', () => {
  assert.equal(bannerVersion('Asterisk Call Manager/11.0.0'), '11.0.0');
  assert.equal(bannerVersion('SSH-2.0-OpenSSH_9.6'), null);
});

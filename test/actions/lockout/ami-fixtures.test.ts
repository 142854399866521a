// The peer and the client against the real Asterisk 22.7 captures: the peer
// must answer each captured client block with the captured server bytes, and
// the client, driven through the same actions, must send the captured bytes.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { test } from 'node:test';
import { AmiAuthError, AmiClient } from '../../../src/actions/lockout/ami-client.js';
import { AmiParser, type AmiMessage } from '../../../src/actions/lockout/ami-message.js';
import { AmiPeer, type AmiPeerOptions } from '../../helpers/ami-peer.js';

const BANNER = 'Asterisk Call Manager/11.0.0\r\n';

interface Block {
  from: 'client' | 'server';
  text: string;
}

function fixture(name: string): Block[] {
  const text = readFileSync(new URL(`../../fixtures/asterisk-22.7/ami/${name}`, import.meta.url), 'utf8');
  const blocks: Block[] = [];
  for (const part of text.split(/^(?=(?:>>> client sends|<<< server sends)\n)/m)) {
    const m = /^(>>> client sends|<<< server sends)\n([\s\S]*)$/.exec(part);
    assert.ok(m, `unexpected text in ${name}: ${part.slice(0, 40)}`);
    blocks.push({ from: m[1]!.startsWith('>>>') ? 'client' : 'server', text: m[2]! });
  }
  return blocks;
}

/** Parsed messages of a block list, e.g. the client's actions. */
function messages(text: string): AmiMessage[] {
  const out: AmiMessage[] = [];
  new AmiParser((m) => out.push(m), () => {}, { expectBanner: false }).push(text);
  return out;
}

async function waitFor(check: () => boolean, what: string, ms = 3000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Sends the client blocks over a raw socket; before each, all server bytes so far must have arrived, exactly. */
async function replay(name: string, options: AmiPeerOptions): Promise<void> {
  const blocks = fixture(name);
  const peer = await AmiPeer.start({ listDelayMs: 300, ...options });
  const socket: Socket = connect(peer.port, '127.0.0.1');
  socket.on('error', () => {});
  let received = '';
  socket.on('data', (d: Buffer) => (received += d.toString('utf8')));
  let expected = blocks[0]!.from === 'server' ? '' : BANNER;
  try {
    for (const b of blocks) {
      if (b.from === 'server') {
        expected += b.text;
        continue;
      }
      await waitFor(() => received.length >= expected.length, `server bytes before a client block of ${name}`);
      assert.equal(received, expected, `${name}: server bytes before sending\n${b.text}`);
      socket.write(b.text);
    }
    await waitFor(() => received.length >= expected.length, `the last server bytes of ${name}`);
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(received, expected, `${name}: final server bytes`);
  } finally {
    socket.destroy();
    await peer.close();
  }
}

const clientBytes = (name: string): string =>
  fixture(name)
    .filter((b) => b.from === 'client')
    .map((b) => b.text)
    .join('');

test('peer replays login-failed.txt byte for byte', () => replay('login-failed.txt', {}));
test('peer replays originate.txt byte for byte', () => replay('originate.txt', {}));
test('peer replays lockout.txt byte for byte, late list events included', () =>
  replay('lockout.txt', { preauthenticated: true, channels: ['IAX2/1001-15144', 'IAX2/1002-4711', 'IAX2/1001-12279', 'IAX2/carrier-6607', 'IAX2/10010-77'] }));
test('peer replays unlock.txt byte for byte', () =>
  replay('unlock.txt', { preauthenticated: true, db: new Map([['tollguard/lock/1001', '2026-11-26T06:40:00Z irsf-burst']]) }));
test('peer replays coreshowchannels.txt byte for byte', () => {
  // The channel details come from the capture; what is checked is the list framing around them.
  const events = messages(fixture('coreshowchannels.txt').filter((b) => b.from === 'server').map((b) => b.text).join('')).filter((m) => m.event === 'CoreShowChannel');
  const channels = events.map((m) => m.headers.filter(([k]) => k !== 'Event' && k !== 'ActionID').map(([k, v]) => [k, v] as [string, string]));
  assert.equal(channels.length, 12);
  return replay('coreshowchannels.txt', { preauthenticated: true, channels });
});

test('client sends login-failed.txt bytes and reports the refusal', async () => {
  const peer = await AmiPeer.start();
  try {
    await assert.rejects(
      AmiClient.connect({ host: '127.0.0.1', port: peer.port, username: 'tollguard', secret: 'wrong', timeoutMs: 2000, eventsOff: false, loginActionId: 'login-1' }),
      (e: Error) => e instanceof AmiAuthError && /Authentication failed/.test(e.message) && !e.message.includes('wrong'),
    );
    assert.equal(peer.receivedBytes, clientBytes('login-failed.txt'));
  } finally {
    await peer.close();
  }
});

test('client sends originate.txt bytes', async () => {
  const peer = await AmiPeer.start();
  try {
    const client = await AmiClient.connect({ host: '127.0.0.1', port: peer.port, username: 'tollguard', secret: 'amipass', timeoutMs: 2000, loginActionId: 'login-1' });
    assert.equal(client.version, '11.0.0');
    for (const m of messages(clientBytes('originate.txt')).slice(1)) {
      const reply = await client.action(m.headers.filter(([k]) => k !== 'ActionID'), { actionId: m.actionId });
      assert.equal(reply.get('Message'), 'Originate successfully queued');
    }
    assert.equal(peer.receivedBytes, clientBytes('originate.txt'));
  } finally {
    await peer.close();
  }
});

test('client sends lockout.txt bytes, with requests in flight together, and gets every answer', async () => {
  const peer = await AmiPeer.start({ channels: ['IAX2/1001-15144', 'IAX2/1002-4711', 'IAX2/1001-12279'], interleaveEvent: true });
  try {
    const client = await AmiClient.connect({ host: '127.0.0.1', port: peer.port, username: 'tollguard', secret: 'amipass', timeoutMs: 2000 });
    const put = await client.action([['Action', 'DBPut'], ['Family', 'tollguard/lock'], ['Key', '1001'], ['Val', '2026-11-26T06:40:00Z irsf-burst']], { actionId: 'lock-1001' });
    assert.equal(put.get('Message'), 'Updated database successfully');
    const get = client.actionList([['Action', 'DBGet'], ['Family', 'tollguard/lock'], ['Key', '1001']], { actionId: 'get-1001' });
    const hang = client.actionList([['Action', 'Hangup'], ['Channel', '/^IAX2\\/1001-.*$/'], ['Cause', '21']], { actionId: 'hangup-1001' });
    const missing = client.actionList([['Action', 'DBGet'], ['Family', 'tollguard/lock'], ['Key', '9999']], { actionId: 'get-missing' });
    const [g, h, x] = await Promise.all([get, hang, missing]);
    assert.equal(g.events.length, 1);
    assert.equal(g.events[0]!.get('Val'), '2026-11-26T06:40:00Z irsf-burst');
    assert.equal(g.complete?.get('ListItems'), '1');
    assert.deepEqual(h.events.map((e) => e.get('Channel')), ['IAX2/1001-15144', 'IAX2/1001-12279']);
    assert.equal(h.complete?.event, 'ChannelsHungupListComplete');
    assert.equal(x.response.get('Message'), 'Database entry not found');
    assert.equal(x.complete, null);
    const sent = peer.received.slice(1).join(''); // after Login
    assert.equal(sent, clientBytes('lockout.txt'));
    await client.logoff();
  } finally {
    await peer.close();
  }
});

test('client sends unlock.txt bytes', async () => {
  const peer = await AmiPeer.start({ db: new Map([['tollguard/lock/1001', '2026-11-26T06:40:00Z irsf-burst']]) });
  try {
    const client = await AmiClient.connect({ host: '127.0.0.1', port: peer.port, username: 'tollguard', secret: 'amipass', timeoutMs: 2000 });
    const show = await client.action([['Action', 'Command'], ['Command', 'database show tollguard']], { actionId: 'cmd-1' });
    assert.deepEqual(show.getAll('Output'), ['/tollguard/lock/1001                              : 2026-11-26T06:40:00Z irsf-burst', '1 results found.']);
    assert.equal((await client.action([['Action', 'DBDel'], ['Family', 'tollguard/lock'], ['Key', '1001']], { actionId: 'unlock-1001' })).response, 'Success');
    const again = await client.action([['Action', 'DBDel'], ['Family', 'tollguard/lock'], ['Key', '1001']], { actionId: 'unlock-again' });
    assert.equal(again.get('Message'), 'Database entry could not be deleted');
    await client.logoff({ actionId: 'bye' });
    assert.equal(peer.received.slice(1).join(''), clientBytes('unlock.txt'));
  } finally {
    await peer.close();
  }
});

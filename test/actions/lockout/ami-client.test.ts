import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, test } from 'node:test';
import { AmiAuthError, AmiClient, AmiConnectError, AmiPermissionError, AmiTimeoutError, type AmiConnectOptions } from '../../../src/actions/lockout/ami-client.js';
import { AmiValueError } from '../../../src/actions/lockout/ami-message.js';
import { AmiPeer, type AmiPeerOptions } from '../../helpers/ami-peer.js';

const peers: AmiPeer[] = [];
after(async () => {
  for (const p of peers) await p.close();
});

async function peerAndOptions(options: AmiPeerOptions = {}): Promise<[AmiPeer, AmiConnectOptions]> {
  const peer = await AmiPeer.start(options);
  peers.push(peer);
  return [peer, { host: '127.0.0.1', port: peer.port, username: 'tollguard', secret: 'amipass', timeoutMs: 1500 }];
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

test('logs in with Events: off, reads the banner version, logs off with Goodbye', async () => {
  const [peer, opts] = await peerAndOptions();
  const client = await AmiClient.connect(opts);
  assert.equal(client.version, '11.0.0');
  assert.match(peer.received[0]!, /^Action: Login\r\nUsername: tollguard\r\nSecret: amipass\r\nEvents: off\r\nActionID: \S+\r\n\r\n$/);
  await client.logoff();
  assert.match(peer.received.at(-1)!, /^Action: Logoff\r\nActionID: \S+\r\n\r\n$/);
  await assert.rejects(client.action([['Action', 'DBGet']]), AmiConnectError);
});

test('ActionIDs are unique per client and across clients', async () => {
  const [peer, opts] = await peerAndOptions();
  const a = await AmiClient.connect(opts);
  const b = await AmiClient.connect(opts);
  for (const c of [a, b, a, b]) await c.action([['Action', 'DBPut'], ['Family', 'f'], ['Key', 'k'], ['Val', 'v']]);
  const ids = peer.received.map((m) => /ActionID: (\S+)/.exec(m)![1]);
  assert.equal(new Set(ids).size, ids.length);
  await a.logoff();
  await b.logoff();
});

test('a refused login is an AmiAuthError that names the user, never the secret', async () => {
  const [, opts] = await peerAndOptions({ secret: 'right' });
  await assert.rejects(AmiClient.connect({ ...opts, secret: 'wrong-s3cret' }), (e: Error) => {
    assert.ok(e instanceof AmiAuthError);
    assert.match(e.message, /refused login for user "tollguard": Authentication failed/);
    assert.match(e.message, /127\.0\.0\.1:\d+/);
    assert.ok(!e.message.includes('wrong-s3cret'));
    return true;
  });
});

test('a secret with a newline is refused before sending, without showing it', async () => {
  const [peer, opts] = await peerAndOptions();
  await assert.rejects(AmiClient.connect({ ...opts, secret: 'pw\r\nAction: Originate' }), (e: Error) => e instanceof AmiAuthError && /secret/.test(e.message) && !e.message.includes('pw'));
  assert.equal(peer.received.length, 0);
});

test('DBPut then DBGet whose events arrive after unrelated traffic', async () => {
  const [, opts] = await peerAndOptions({ interleaveEvent: true, listDelayMs: 20 });
  const client = await AmiClient.connect(opts);
  const put = await client.action([['Action', 'DBPut'], ['Family', 'tollguard/lock'], ['Key', '1001'], ['Val', 'v1']]);
  assert.equal(put.response, 'Success');
  const got = await client.actionList([['Action', 'DBGet'], ['Family', 'tollguard/lock'], ['Key', '1001']]);
  assert.equal(got.response.get('EventList'), 'start');
  assert.deepEqual(got.events.map((e) => [e.event, e.get('Val')]), [['DBGetResponse', 'v1']]);
  assert.equal(got.complete?.event, 'DBGetComplete');
  const missing = await client.actionList([['Action', 'DBGet'], ['Family', 'tollguard/lock'], ['Key', '9999']]);
  assert.equal(missing.response.get('Message'), 'Database entry not found');
  assert.equal(missing.complete, null);
  await client.logoff();
});

test('Hangup with a regex collects ChannelHungup events up to ChannelsHungupListComplete', async () => {
  const [peer, opts] = await peerAndOptions({ channels: ['IAX2/1001-15144', 'PJSIP/1002-0000002a', 'IAX2/1001-12279'], interleaveEvent: true });
  const client = await AmiClient.connect(opts);
  const r = await client.actionList([['Action', 'Hangup'], ['Channel', '/^IAX2\\/1001-.*$/'], ['Cause', '21']]);
  assert.deepEqual(r.events.map((e) => e.get('Channel')), ['IAX2/1001-15144', 'IAX2/1001-12279']);
  assert.equal(r.complete?.get('ListItems'), '2');
  assert.deepEqual(peer.channels, ['PJSIP/1002-0000002a']);
  await client.logoff();
});

test('Permission denied is an AmiPermissionError naming the manager.conf right', async () => {
  const [, opts] = await peerAndOptions({ denied: ['DBPut', 'Hangup', 'Command', 'DBGet'] });
  const client = await AmiClient.connect(opts);
  const cases: [string, string][] = [
    ['DBPut', 'system'],
    ['Hangup', 'system or call'],
    ['Command', 'command'],
    ['DBGet', 'system or reporting'],
  ];
  for (const [action, needs] of cases) {
    const send = action === 'Hangup' || action === 'DBGet' ? client.actionList([['Action', action]]) : client.action([['Action', action]]);
    await assert.rejects(send, (e: Error) => {
      assert.ok(e instanceof AmiPermissionError, action);
      assert.equal(e.needs, needs);
      assert.match(e.message, new RegExp(`user "tollguard" may not run ${action}: Permission denied; give it write = ${needs}`));
      return true;
    });
  }
  await client.logoff();
});

test('an unreachable port is an AmiConnectError naming host:port', async () => {
  const port = await freePort();
  await assert.rejects(AmiClient.connect({ host: '127.0.0.1', port, username: 'u', secret: 'topsecret', timeoutMs: 1000 }), (e: Error) => {
    assert.ok(e instanceof AmiConnectError);
    assert.match(e.message, new RegExp(`127\\.0\\.0\\.1:${port}: ECONNREFUSED`));
    assert.ok(!e.message.includes('topsecret'));
    return true;
  });
});

test('a server that is not AMI is refused', async () => {
  const server = createServer((s) => s.end('SSH-2.0-OpenSSH_9.6\r\n'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const port = (server.address() as { port: number }).port;
    await assert.rejects(AmiClient.connect({ host: '127.0.0.1', port, username: 'u', secret: 's', timeoutMs: 1000 }), /is not an Asterisk Manager Interface/);
  } finally {
    server.close();
  }
});

test('an action that is never answered times out, and the client carries on', async () => {
  const [, opts] = await peerAndOptions({ silent: ['DBDel'] });
  const client = await AmiClient.connect({ ...opts, timeoutMs: 1500 });
  const started = Date.now();
  await assert.rejects(client.action([['Action', 'DBDel'], ['Family', 'f'], ['Key', 'k']], { timeoutMs: 150 }), (e: Error) => e instanceof AmiTimeoutError && /no reply to DBDel within 150 ms/.test(e.message));
  assert.ok(Date.now() - started < 1000);
  assert.equal((await client.action([['Action', 'DBPut'], ['Family', 'f'], ['Key', 'k'], ['Val', 'v']])).response, 'Success');
  await client.logoff();
});

test('a connection that closes fails what is waiting', async () => {
  const [peer, opts] = await peerAndOptions({ silent: ['DBDel'] });
  const client = await AmiClient.connect(opts);
  const waiting = client.action([['Action', 'DBDel'], ['Family', 'f'], ['Key', 'k']]);
  await new Promise((r) => setTimeout(r, 50));
  await peer.close();
  peers.splice(peers.indexOf(peer), 1);
  await assert.rejects(waiting, (e: Error) => e instanceof AmiConnectError && /closed the connection/.test(e.message));
});

test('values with control characters are refused and nothing is sent', async () => {
  const [peer, opts] = await peerAndOptions();
  const client = await AmiClient.connect(opts);
  const before = peer.received.length;
  await assert.rejects(client.action([['Action', 'DBPut'], ['Family', 'tollguard/lock'], ['Key', '1001\nAction: Originate'], ['Val', 'x']]), AmiValueError);
  await new Promise((r) => setTimeout(r, 30));
  assert.equal(peer.received.length, before);
  await client.logoff();
});

// The live guard end to end against an AMI peer that replays the Asterisk 22.7
// captures byte for byte (the chunks as Asterisk's TCP writes were read):
// a call that should be locked is locked and hung up, one that should not is
// left alone; reconnects, a restart, a dead link, a line of garbage.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { LiveGuard } from '../../src/pipeline/live-guard.js';
import type { LiveStep } from '../../src/pipeline/live-engine.js';
import { openStore } from '../../src/store/open.js';
import type { StateStore } from '../../src/store/store.js';
import { AmiPeer, type AmiPeerOptions } from '../helpers/ami-peer.js';
import { eventChunks } from '../helpers/ami-transcript.js';
import { liveConfig } from '../helpers/live.js';

const capture = (name: string) => fileURLToPath(new URL(`../fixtures/asterisk-22.7/ami/events/${name}`, import.meta.url));
let dir: string;
before(() => (dir = mkdtempSync(join(tmpdir(), 'tg-live-'))));
after(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  peer: AmiPeer;
  guard: LiveGuard;
  store: StateStore;
  logs: Record<string, unknown>[];
  steps: LiveStep[];
  stop(): Promise<void>;
}

let n = 0;
async function start(env: Record<string, string> = {}, peerOptions: AmiPeerOptions = {}): Promise<Run> {
  const peer = await AmiPeer.start(peerOptions);
  const config = liveConfig({ TOLLGUARD_STATE: join(dir, `s${++n}.db`), LOCKOUT_MODE: 'enforce', AMI_HOST: '127.0.0.1', AMI_PORT: String(peer.port), AMI_USERNAME: 'tollguard', AMI_SECRET: 'amipass', AMI_TIMEOUT_MS: '2000', ...env });
  const store = await openStore(config.store);
  const logs: Record<string, unknown>[] = [];
  const steps: LiveStep[] = [];
  const guard = new LiveGuard({ config, store, log: (r) => logs.push(r), onStep: (s) => steps.push(s) });
  await guard.start();
  return {
    peer, guard, store, logs, steps,
    async stop() {
      await guard.stop();
      await store.close();
      await peer.close();
    },
  };
}

const until = async (what: string, cond: () => boolean, ms = 8000): Promise<void> => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

/** Sends a capture's chunks one TCP write at a time, letting the client read each. */
async function replay(peer: AmiPeer, chunks: readonly string[]): Promise<void> {
  for (const c of chunks) {
    peer.sendEvents(c);
    await new Promise((r) => setImmediate(r));
  }
}

describe('live guard against an AMI peer replaying the captures', { timeout: 120_000 }, () => {
  it('logs in with call events and resynchronises with CoreShowChannels', async () => {
    const r = await start();
    try {
      await r.peer.eventSession(1);
      assert.equal(r.peer.logins[0]!.get('Events'), 'call,system');
      await until('the resync', () => r.logs.some((l) => l.event === 'ami-resync'));
      assert.match(r.peer.receivedBytes, /Action: CoreShowChannels\r\n/);
    } finally {
      await r.stop();
    }
  });

  it('the burst from 1003 is locked (DBPut tollguard/lock 1003, Hangup of its channels) while its calls are up; the Hangups that follow end them', async () => {
    const chunks = eventChunks(capture('burst-lock-hangup.txt'));
    const cut = chunks.findIndex((c) => c.includes('Event: BridgeLeave'));
    const r = await start({}, { channels: ['IAX2/1003-6953', 'IAX2/1003-3756', 'IAX2/1003-3252', 'IAX2/carrier-15692', 'IAX2/1001-99'] });
    try {
      await r.peer.eventSession(1);
      await replay(r.peer, chunks.slice(0, cut));
      await until('the lock', () => r.peer.db.has('tollguard/lock/1003'));
      await until('the hangup', () => /Action: Hangup\r\n/.test(r.peer.receivedBytes));
      await r.guard.actions.idle();
      assert.match(r.peer.receivedBytes, /Action: Hangup\r\nChannel: \/\^\(PJSIP\|SIP\|IAX2\)\\\/1003-\[0-9a-f\]\+\$\/\r\n/);
      // The peer hung up 1003's channels and no one else's.
      assert.deepEqual(r.peer.channels, ['IAX2/carrier-15692', 'IAX2/1001-99']);
      const [lock] = await r.store.lockouts('active');
      assert.equal(lock?.extension, '1003');
      assert.match(lock!.actor, /^live guard: rule live-/);
      assert.ok(r.logs.some((l) => l.event === 'live-lockout' && l.extension === '1003' && l.status === 'active'));
      const upBefore = [...r.guard.engine.tracker.calls()].length;
      assert.equal(upBefore, 3);
      await replay(r.peer, chunks.slice(cut));
      await until('the calls ended', () => [...r.guard.engine.tracker.calls()].length === 1); // the fourth call, placed after the lock (the capture's DBPut used another key)
      // Locked: its fourth call is not judged again, nothing is locked twice.
      assert.equal((r.peer.receivedBytes.match(/Action: DBPut/g) ?? []).length, 1);
    } finally {
      await r.stop();
    }
  });

  it('an extension on an emergency call is locked; its emergency call stays up, its others are hung up', async () => {
    const chunks = eventChunks(capture('burst-lock-hangup.txt'));
    const r = await start({}, { channels: [[['Channel', 'IAX2/1003-911'], ['Context', 'outbound'], ['Exten', '911'], ['Application', 'Dial'], ['ApplicationData', 'IAX2/carrier/911,30']], 'IAX2/1003-6953'] });
    try {
      await r.peer.eventSession(1);
      const sos = (name: string, extra: string) => `Event: ${name}\r\nPrivilege: call,all\r\nChannel: IAX2/1003-911\r\nChannelState: 6\r\nCallerIDNum: 1003\r\nContext: outbound\r\nExten: 911\r\nUniqueid: 1795750340.1\r\nLinkedid: 1795750340.1\r\nDestChannel: IAX2/carrier-911\r\nDestUniqueid: 1795750340.2\r\n${extra}\r\n`;
      r.peer.sendEvents(sos('DialBegin', 'DialString: carrier/911\r\n') + sos('DialEnd', 'DialStatus: ANSWER\r\n'));
      await replay(r.peer, chunks.slice(0, chunks.findIndex((c) => c.includes('Event: BridgeLeave'))));
      await until('the lock', () => r.peer.db.has('tollguard/lock/1003'));
      await r.guard.actions.idle();
      assert.doesNotMatch(r.peer.receivedBytes, /Channel: \/\^/, 'no regex Hangup while an emergency call is up');
      assert.match(r.peer.receivedBytes, /Action: Hangup\r\nChannel: IAX2\/1003-6953\r\n/);
      assert.equal(r.peer.channels.length, 1);
      assert.ok(r.logs.some((l) => l.event === 'live-lockout' && l.extension === '1003' && /left IAX2\/1003-911 up: an emergency call \(911\)/.test(String(l.detail))));
    } finally {
      await r.stop();
    }
  });

  it('busy and unanswered domestic calls: nothing is locked, nothing is hung up', async () => {
    const r = await start({}, { channels: ['IAX2/1002-12022'] });
    try {
      await r.peer.eventSession(1);
      await replay(r.peer, eventChunks(capture('outbound-busy-and-noanswer.txt')));
      await until('both calls ended', () => r.steps.flatMap((s) => s.changes).filter((c) => c.kind === 'ended').length === 2);
      await r.guard.actions.idle();
      assert.doesNotMatch(r.peer.receivedBytes, /Action: (DBPut|Hangup)/);
      assert.deepEqual(await r.store.lockouts(), []);
    } finally {
      await r.stop();
    }
  });

  it('LOCKOUT_MODE=dry-run: the answered +882 call is found critical, recorded as a dry run, nobody is locked', async () => {
    const r = await start({ LOCKOUT_MODE: 'dry-run' });
    try {
      await r.peer.eventSession(1);
      await replay(r.peer, eventChunks(capture('outbound-answered.txt')));
      await until('the finding', () => r.logs.some((l) => l.event === 'live-lockout'));
      await r.guard.actions.idle();
      assert.ok(r.logs.some((l) => l.event === 'live-lockout' && l.extension === '1001' && l.status === 'dry-run'));
      assert.doesNotMatch(r.peer.receivedBytes, /Action: (DBPut|Hangup)/);
    } finally {
      await r.stop();
    }
  });

  it('an Asterisk restart: the calls end at Shutdown, the closed connection is logged and reopened with backoff, FullyBooted, then a resync', async () => {
    const r = await start();
    try {
      await r.peer.eventSession(1);
      const burst = eventChunks(capture('burst-lock-hangup.txt'));
      const cut = burst.findIndex((c) => c.includes('Event: BridgeLeave'));
      await replay(r.peer, burst.slice(0, cut)); // three calls up (locked meanwhile; the test peer has no channels to hang up)
      await until('three calls up', () => [...r.guard.engine.tracker.calls()].length === 3);
      await replay(r.peer, eventChunks(capture('restart-shutdown.txt')));
      r.peer.dropEventSessions(); // "server closes the connection"
      await until('the disconnect', () => r.logs.some((l) => l.event === 'ami-disconnected'));
      assert.ok(r.logs.some((l) => l.event === 'ami-asterisk-shutdown'));
      assert.equal([...r.guard.engine.tracker.calls()].length, 0);
      const off = r.logs.find((l) => l.event === 'ami-disconnected')!;
      assert.equal(off.retryInMs, 1000);
      await r.peer.eventSession(2);
      await until('the second resync', () => r.logs.filter((l) => l.event === 'ami-resync').length >= 2);
      assert.equal(r.guard.source.stats.connects, 2);
    } finally {
      await r.stop();
    }
  });

  it('a line of garbage and a message of nonsense are survived: the connection stays and the next call is seen', async () => {
    const r = await start({}, {});
    try {
      await r.peer.eventSession(1);
      r.peer.sendEvents('this is not AMI at all\r\n\x00\xff\x1b[31m:::\r\n\r\nEvent: \r\nUniqueid\r\n\r\n');
      await replay(r.peer, eventChunks(capture('outbound-answered.txt')));
      await until('the call', () => r.steps.some((s) => s.changes.some((c) => c.kind === 'ended')));
      assert.equal(r.guard.source.stats.connects, 1);
      assert.ok(!r.logs.some((l) => l.event === 'ami-disconnected'));
    } finally {
      await r.stop();
    }
  });

  it('a dead link (Ping unanswered) is noticed, logged and reconnected', async () => {
    const r = await start({ LIVE_PING_SECONDS: '1', AMI_TIMEOUT_MS: '300' }, { deafToPing: true });
    try {
      await r.peer.eventSession(1);
      await until('the ping failure', () => r.logs.some((l) => l.event === 'ami-ping-failed'));
      await until('the reconnect', () => r.guard.source.stats.connects >= 2, 10_000);
      assert.ok(r.logs.some((l) => l.event === 'ami-disconnected' && /Ping/.test(String(l.reason))));
    } finally {
      await r.stop();
    }
  });

  it('AMI unreachable: each failed attempt is logged with the next retry, doubling', async () => {
    const peer = await AmiPeer.start();
    const port = peer.port;
    await peer.close();
    const config = liveConfig({ TOLLGUARD_STATE: join(dir, 'down.db'), AMI_HOST: '127.0.0.1', AMI_PORT: String(port), AMI_USERNAME: 'tollguard', AMI_SECRET: 'amipass' });
    const store = await openStore(config.store);
    const logs: Record<string, unknown>[] = [];
    const guard = new LiveGuard({ config, store, log: (l) => logs.push(l) });
    await guard.start();
    try {
      await until('two failures', () => logs.filter((l) => l.event === 'ami-connect-failed').length >= 2, 6000);
      assert.deepEqual(logs.filter((l) => l.event === 'ami-connect-failed').slice(0, 2).map((l) => l.retryInMs), [1000, 2000]);
      assert.ok(!JSON.stringify(logs).includes('amipass'));
    } finally {
      await guard.stop();
      await store.close();
    }
  });
});

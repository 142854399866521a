// `tollguard daemon` with LIVE_GUARD=on runs the live guard beside its jobs, on
// the same store and log; with it off, the daemon never connects to AMI.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { runDaemon } from '../../jobs/daemon.js';
import { openStore } from '../../src/store/open.js';
import { AmiPeer } from '../helpers/ami-peer.js';
import { eventChunks } from '../helpers/ami-transcript.js';
import { liveConfig } from '../helpers/live.js';

const dir = mkdtempSync(join(tmpdir(), 'tg-live-daemon-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const burst = eventChunks(fileURLToPath(new URL('../fixtures/asterisk-22.7/ami/events/burst-lock-hangup.txt', import.meta.url)));

async function daemon(guard: 'on' | 'off', name: string, during: (peer: AmiPeer, lines: Record<string, unknown>[]) => Promise<void>) {
  const peer = await AmiPeer.start({ channels: ['IAX2/1003-6953'] });
  const config = liveConfig({
    LIVE_GUARD: guard, LOCKOUT_MODE: 'enforce', TOLLGUARD_STATE: join(dir, `${name}.db`), NIGHTLY_ENABLED: 'no', SWEEP_SCHEDULE: '0 0 1 1 *',
    AMI_HOST: '127.0.0.1', AMI_PORT: String(peer.port), AMI_USERNAME: 'tollguard', AMI_SECRET: 'amipass', CDR_CSV: join(dir, 'none.csv'),
  });
  const store = await openStore(config.store);
  const lines: Record<string, unknown>[] = [];
  let stop!: (s: string) => void;
  const run = runDaemon({ config, store, quarantinePath: join(dir, 'q.jsonl'), stopSignal: new Promise((r) => (stop = r)), log: (l) => lines.push(l) });
  try {
    await during(peer, lines);
  } finally {
    stop('test');
    await run;
    await store.close();
    await peer.close();
  }
  return lines;
}

const until = async (cond: () => boolean, ms = 8000): Promise<void> => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('daemon with the live guard', { timeout: 60_000 }, () => {
  it('LIVE_GUARD=on: the daemon logs in with call events and locks the burst; stopping it logs off', async () => {
    const lines = await daemon('on', 'on', async (peer, lines) => {
      await peer.eventSession(1);
      for (const c of burst.slice(0, burst.findIndex((x) => x.includes('Event: BridgeLeave')))) peer.sendEvents(c);
      await until(() => lines.some((l) => l.event === 'live-lockout'));
      assert.ok(peer.db.has('tollguard/lock/1003'));
    });
    assert.equal(lines.find((l) => l.event === 'daemon-started')?.liveGuard, true);
    assert.ok(lines.some((l) => l.job === 'live' && l.event === 'ami-connected'));
    assert.equal(lines.at(-1)!.event, 'daemon-stopped');
  });

  it('LIVE_GUARD=off (the default): no AMI connection at all', async () => {
    let peerRef: AmiPeer | null = null;
    const lines = await daemon('off', 'off', async (peer, lines) => {
      peerRef = peer;
      await until(() => lines.some((l) => l.event === 'daemon-started'));
      await new Promise((r) => setTimeout(r, 200));
    });
    assert.equal(lines.find((l) => l.event === 'daemon-started')?.liveGuard, false);
    assert.equal(peerRef!.logins.length, 0);
  });
});

describe('config check and the live guard', () => {
  it('LIVE_GUARD=on without AMI credentials is refused by config check, and named', async () => {
    const { setupProblems } = await import('../../src/config/readiness.js');
    assert.deepEqual(setupProblems(liveConfig({ LIVE_GUARD: 'on' })), ['LIVE_GUARD=on needs AMI_USERNAME and AMI_SECRET (a manager.conf user with read = call, write = system,call): without them the live guard sees no call']);
    assert.deepEqual(setupProblems(liveConfig({ LIVE_GUARD: 'on', AMI_USERNAME: 'tglive', AMI_SECRET: 'x' })), []);
  });
  it('a live rule setting that does not exist, or a bad option, is refused when the configuration loads', () => {
    assert.throws(() => liveConfig({ LIVE_GUARD: 'maybe' }), /live\.guard|LIVE_GUARD/);
    assert.doesNotThrow(() => liveConfig({ LOCKOUT_RULES: 'live-concurrent-calls,premium-rate' }));
    assert.throws(() => liveConfig({ LOCKOUT_RULES: 'live-nonsense' }), /no such rule "live-nonsense"/);
  });
});

describe('live rule settings in the JSON config', () => {
  it('options are checked against each live rule’s schema, unknown rules and options named', async () => {
    const { writeFileSync } = await import('node:fs');
    const { loadConfig } = await import('../../src/config/load.js');
    const file = join(dir, 'live.json');
    writeFileSync(file, JSON.stringify({ live: { rules: { 'live-cost-rate': { options: { criticalPerMinute: 5 } } } } }));
    assert.equal(loadConfig({ env: {}, configFile: file }).live.rules['live-cost-rate']?.options.criticalPerMinute, 5);
    writeFileSync(file, JSON.stringify({ live: { rules: { 'live-cost-rate': { options: { criticalPerMinute: -1, perMinit: 2 } }, 'live-nope': {} } } }));
    assert.throws(() => loadConfig({ env: {}, configFile: file }), (e: Error) =>
      /live\.rules\.live-cost-rate\.options\.perMinit.*no such option/s.test(e.message) && /criticalPerMinute/.test(e.message) && /live-nope.*no such live rule/s.test(e.message));
  });
});

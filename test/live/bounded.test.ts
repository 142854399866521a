// Memory stays bounded whatever the event rate, and finished calls leave
// nothing behind: a flood (10,000 events a second for a minute) and a 24-hour
// run in accelerated synthetic time, asserting the sizes of every structure
// the engine keeps (timings are the benchmark's: npm run bench).
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { DEFAULT_LIMITS } from '../../src/enrichment/live-calls.js';
import { DEFAULT_STATE_LIMITS } from '../../src/profiles/live-state.js';
import { liveEngine } from '../helpers/live.js';
import { traffic } from '../helpers/live-traffic.js';

const T0 = Date.parse('2026-11-25T00:00:00Z');

function sizes(engine: ReturnType<typeof liveEngine>) {
  return { ...engine.tracker.size, state: engine.state.size };
}

describe('live guard: bounded memory', () => {
  it('a flood of about 10,000 events a second for a minute: calls, channels and windows stay under their caps, then drain to nothing', { timeout: 300_000 }, () => {
    const engine = liveEngine({}, undefined, { maxCalls: 2000, maxCallsPerExtension: 50, maxExtensions: 300, maxRecentPerExtension: 100 });
    let events = 0;
    let peakCalls = 0;
    let peakRecent = 0;
    let peakExt = 0;
    let nextTick = T0;
    let end = T0;
    // ~1,100 calls a second at ~9 events each: about 10,000 events a second.
    for (const { at, m } of traffic({ start: T0, seconds: 60, callsPerSecond: 1100, extensions: 500, maxCallSeconds: 90, international: 0.3 })) {
      engine.feed(m, at);
      events++;
      if (at >= nextTick) {
        engine.tick(at);
        nextTick = at + 5000;
        const s = sizes(engine);
        peakCalls = Math.max(peakCalls, s.calls);
        peakRecent = Math.max(peakRecent, s.state.recent);
        peakExt = Math.max(peakExt, s.state.extensions);
      }
      end = at;
    }
    assert.ok(events >= 600_000 - 60_000, `${events} events`);
    assert.ok(peakCalls <= 2000, `peak calls ${peakCalls}`);
    assert.ok(peakExt <= 300, `peak extensions ${peakExt}`);
    assert.ok(peakRecent <= 300 * 100, `peak recent ${peakRecent}`);
    assert.ok(engine.tracker.overflow > 0, 'the caps held');
    // All hung up: the tracker is empty; the windows empty out after the recent window.
    assert.deepEqual({ calls: engine.tracker.size.calls, uniqueids: engine.tracker.size.uniqueids, extensions: engine.tracker.size.extensions }, { calls: 0, uniqueids: 0, extensions: 0 });
    engine.tick(end + (DEFAULT_STATE_LIMITS.recentMinutes + 1) * 60_000);
    assert.deepEqual(engine.state.size, { extensions: 0, recent: 0, up: 0 });
  });

  it('24 hours in accelerated time: no finished call is left behind; a call whose Hangup was lost is dropped after the maximum age', { timeout: 300_000 }, () => {
    const engine = liveEngine();
    let nextTick = T0;
    let peak = 0;
    let end = T0;
    const dropped: { at: number; uid: string }[] = [];
    for (const { at, m } of traffic({ start: T0, seconds: 24 * 3600, callsPerSecond: 0.5, extensions: 200, maxCallSeconds: 600, international: 0.05, seed: 3 })) {
      // Lost events: one call's DialEnd and Hangups never arrive (it is dropped once too old).
      if ((m.event === 'Hangup' || m.event === 'DialEnd') && (m.get('Uniqueid') === '1795750000.200' || m.get('Uniqueid') === '1795750000.201')) continue;
      engine.feed(m, at);
      if (at >= nextTick) {
        for (const c of engine.tick(at).changes) if (c.kind === 'dropped') dropped.push({ at, uid: c.call.callerUniqueid });
        nextTick = at + 60_000; // a tick a minute of synthetic time: the sizes are what is asserted
        peak = Math.max(peak, engine.tracker.size.calls);
      }
      end = at;
    }
    assert.ok(peak > 0 && peak < 400, `peak ${peak}`);
    // The call whose events were lost was dropped once older than the maximum age, and only it.
    assert.equal(dropped.length, 1);
    assert.equal(dropped[0]!.uid, '1795750000.200');
    assert.ok(dropped[0]!.at - T0 >= DEFAULT_LIMITS.maxCallAgeMs && dropped[0]!.at - T0 <= DEFAULT_LIMITS.maxCallAgeMs + 3_600_000);
    engine.tick(end + (DEFAULT_STATE_LIMITS.recentMinutes + 1) * 60_000);
    assert.deepEqual(engine.tracker.size, { calls: 0, uniqueids: 0, extensions: 0, localCreators: 0, trunks: 1 });
    assert.deepEqual(engine.state.size, { extensions: 0, recent: 0, up: 0 });
  });
});

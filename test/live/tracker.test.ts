// The call tracker on the real Asterisk 22.7 captures: which calls are outbound
// and whose, answered or not, when they end; the live rules on them.
import { strict as assert } from 'node:assert';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import type { LiveCall, TrackerChange } from '../../src/enrichment/live-calls.js';
import { liveHistories } from '../../src/profiles/live-history.js';
import { serverMessages } from '../helpers/ami-transcript.js';
import { dialBegin, dialEnd, event, feedAll, hangup, liveEngine } from '../helpers/live.js';

const at = (p: string) => fileURLToPath(new URL(`../fixtures/${p}`, import.meta.url));
const EVENTS = (name: string) => at(`asterisk-22.7/ami/events/${name}`);
const T0 = Date.parse('2026-11-27T03:00:00Z');

const dialled = (changes: TrackerChange[]): LiveCall[] => changes.filter((c) => c.kind === 'dialled').map((c) => c.call);
const changesOf = (r: ReturnType<typeof feedAll>) => r.steps.flatMap((s) => s.changes);

describe('call tracker on the Asterisk 22.7 captures', () => {
  it('an answered call to +882: the extension, the destination, answer and end; the Originate and carrier legs are nobody’s calls', () => {
    const engine = liveEngine();
    const r = feedAll(engine, serverMessages(EVENTS('outbound-answered.txt')), T0);
    const changes = changesOf(r);
    const calls = dialled(changes);
    assert.equal(calls.length, 1);
    const c = calls[0]!;
    assert.equal(c.call.extension, '1001');
    assert.equal(c.call.destination.e164, '+8821234567');
    assert.ok(c.call.destination.highRisk);
    assert.equal(c.call.trunk, 'carrier');
    assert.deepEqual(changes.map((x) => x.kind), ['dialled', 'answered', 'ended']);
    assert.equal(c.endReason, 'hangup cause 16');
    assert.equal(engine.tracker.size.calls, 0);
    assert.equal(engine.tracker.size.uniqueids, 0);
  });

  it('busy and unanswered calls end at DialEnd without an answer', () => {
    const engine = liveEngine();
    const changes = changesOf(feedAll(engine, serverMessages(EVENTS('outbound-busy-and-noanswer.txt')), T0));
    const calls = dialled(changes);
    assert.deepEqual(calls.map((c) => [c.call.extension, c.call.destination.dialled, c.endReason, c.answeredAt]), [
      ['1002', '13125550100', 'BUSY', null],
      ['1004', '13125550101', 'NOANSWER', null],
    ]);
    assert.ok(!changes.some((c) => c.kind === 'answered'));
    assert.equal(engine.tracker.size.calls, 0);
  });

  it('the burst: three high-risk calls up at once from 1003 are critical for the live rules; the lock’s Hangup ends them; the restart ends the fourth', () => {
    const engine = liveEngine();
    const r = feedAll(engine, serverMessages(EVENTS('burst-lock-hangup.txt')), T0, 500);
    const rules = new Map(r.findings.map((f) => [f.rule, f]));
    assert.equal(rules.get('live-first-ever-high-risk')?.severity, 'critical');
    assert.equal(rules.get('live-first-ever-high-risk')?.extension, '1003');
    const parallel = r.findings.filter((f) => f.rule === 'live-concurrent-calls');
    assert.equal(parallel.at(-1)?.severity, 'critical');
    assert.match(parallel.at(-1)!.explanation, /3 outbound calls to international, premium-rate or high-risk numbers are up at once right now/);
    // After the capture: only the fourth call is up.
    assert.deepEqual([...engine.tracker.calls()].map((c) => c.call.destination.dialled), ['0118826000039']);
    const after = feedAll(engine, serverMessages(EVENTS('restart-shutdown.txt')), r.end);
    assert.deepEqual(dialled(changesOf(after)), []);
    assert.ok(changesOf(after).some((c) => c.kind === 'ended' && c.call.call.destination.dialled === '0118826000039'));
    assert.equal(engine.tracker.size.calls, 0);
  });

  it('a history that knows these countries, has had four at once and spends more in a day than an hour of these: the same burst fires nothing', () => {
    const profile = { extension: '1003', day: '2026-11-20', outboundCalls: 30, peakConcurrent: 4, peakConcurrentInternational: 4, maxCallsIn10Min: 6, estimatedCost: 900 };
    const histories = liveHistories([profile as never], new Map([['1003', new Set(['+882', 'CU', '+881'])]]));
    const engine = liveEngine({}, histories);
    const r = feedAll(engine, serverMessages(EVENTS('burst-lock-hangup.txt')), T0, 500);
    assert.deepEqual(r.findings.map((f) => f.rule), []);
  });

  it('hairpins and a forward (hairpin capture): counted under the trunk and the DID, never an extension, and said so', () => {
    const engine = liveEngine();
    const r = feedAll(engine, serverMessages(at('asterisk-22.7-hairpin/ami-events.txt')), T0);
    const calls = dialled(changesOf(r));
    assert.deepEqual(calls.map((c) => c.call.extension).sort(), ['fwd:2125550104', 'trunk:pstn-in@from-trunk', 'trunk:pstn-in@from-trunk', 'trunk:pstn-in@from-trunk']);
    assert.equal(calls.find((c) => c.call.extension === 'fwd:2125550104')!.call.caller?.label, 'forward of DID 2125550104 (from-trunk via pstn-in)');
    const route = r.findings.filter((f) => f.rule === 'live-suspicious-route');
    assert.deepEqual([...new Set(route.map((f) => f.extension))].sort(), ['fwd:2125550104', 'trunk:pstn-in@from-trunk']);
    assert.ok(route.every((f) => f.severity === 'critical' && f.caller && f.caller.extension === null));
    assert.match(route.find((f) => f.extension === 'fwd:2125550104')!.explanation, /is being forwarded out through the trunk with no extension behind it/);
    assert.equal(engine.tracker.size.calls, 0);
    assert.equal(engine.tracker.size.localCreators, 0);
  });

  it('PJSIP: 2001’s call is 2001’s; the anonymous endpoint reaching the trunk from context guest is critical', () => {
    const a = liveEngine();
    const calls = dialled(changesOf(feedAll(a, serverMessages(at('asterisk-22.7-pjsip/ami/ami-call-events.txt')), T0)));
    assert.deepEqual(calls.map((c) => [c.call.extension, c.call.technology, c.call.destination.e164]), [['2001', 'PJSIP', '+8821234567']]);
    const b = liveEngine();
    const r = feedAll(b, serverMessages(at('asterisk-22.7-pjsip/ami/ami-call-events-4-anonymous.txt')), T0);
    const f = r.findings.find((x) => x.rule === 'live-suspicious-route');
    assert.equal(f?.extension, 'anonymous');
    assert.equal(f?.severity, 'critical');
    assert.match(f!.title, /Trunk reached now from context guest/);
  });

  it('CoreShowChannels after a reconnect takes up a call in progress, answered, started by its Duration', () => {
    const engine = liveEngine();
    const list = serverMessages(at('asterisk-22.7-pjsip/ami/ami-coreshowchannels.txt')).filter((m) => m.event === 'CoreShowChannel');
    const step = engine.resync(list, T0);
    const calls = dialled(step.changes);
    assert.equal(calls.length, 1);
    assert.equal(calls[0]!.call.extension, '2001');
    assert.equal(calls[0]!.call.destination.e164, '+4930901829');
    assert.equal(calls[0]!.dialledAt, T0 - 3000);
    assert.equal(calls[0]!.answeredAt, T0);
    // A second resync without the channels: the call ended unseen.
    const gone = engine.resync([], T0 + 60_000);
    assert.deepEqual(gone.changes.map((c) => [c.kind, c.call.endReason]), [['ended', 'gone at resync']]);
  });
});

describe('call tracker: what is not an outbound call', () => {
  it('an inbound call bridged to an extension, a ring group of Local channels to extensions, a queue member: nothing is tracked', () => {
    const engine = liveEngine();
    const msgs = [
      dialBegin('IAX2/pstn-in-1', '1.1', 'from-trunk', '2125550101', 'IAX2/1001-2', '1.2', '1001'),
      dialEnd('IAX2/pstn-in-1', '1.1', 'IAX2/1001-2', '1.2', 'ANSWER'),
      dialBegin('IAX2/pstn-in-3', '1.3', 'from-trunk', '600', 'Local/1002@from-internal-00000001;1', '1.4', '1002@from-internal'),
      dialBegin('Local/1002@from-internal-00000001;2', '1.5', 'from-internal', '1002', 'PJSIP/1002-00000003', '1.6', '1002'),
      dialBegin('PJSIP/1003-00000004', '1.7', 'ext-queues', '700', 'PJSIP/1004-00000005', '1.8', '1004'),
    ];
    const r = feedAll(engine, msgs, T0);
    assert.deepEqual(dialled(changesOf(r)), []);
    assert.deepEqual(r.findings, []);
  });

  it('a transferred outside call stays the dialling extension’s until the far side hangs up', () => {
    const engine = liveEngine();
    const r = feedAll(engine, [
      dialBegin('IAX2/1001-10', '2.1', 'outbound', '0114930901829', 'IAX2/carrier-11', '2.2', 'carrier/0114930901829'),
      dialEnd('IAX2/1001-10', '2.1', 'IAX2/carrier-11', '2.2', 'ANSWER'),
      hangup('IAX2/1001-10', '2.1'), // 1001 transferred the call to another phone and left
    ], T0);
    assert.deepEqual([...engine.tracker.calls()].map((c) => c.call.extension), ['1001']);
    const end = engine.feed(hangup('IAX2/carrier-11', '2.2'), r.end);
    assert.deepEqual(end.changes.map((c) => c.kind), ['ended']);
    assert.equal(engine.tracker.size.uniqueids, 0);
  });

  it('a follow-me to an outside number through a Local channel is the forward of the extension called', () => {
    const engine = liveEngine();
    const r = feedAll(engine, [
      dialBegin('IAX2/pstn-in-20', '3.1', 'from-trunk', '1004', 'Local/0115351234567@outbound-00000007;1', '3.2', '0115351234567@outbound'),
      dialBegin('Local/0115351234567@outbound-00000007;2', '3.3', 'outbound', '0115351234567', 'IAX2/carrier-21', '3.4', 'carrier/0115351234567'),
    ], T0);
    const calls = dialled(changesOf(r));
    assert.deepEqual(calls.map((c) => [c.call.extension, c.call.caller?.extension]), [['fwd:1004', '1004']]);
    const f = r.findings.find((x) => x.rule === 'live-suspicious-route');
    assert.equal(f?.caller?.extension, '1004');
  });

  it('an extension dialling a number through a Local channel is counted once, on its own call', () => {
    const engine = liveEngine();
    const r = feedAll(engine, [
      dialBegin('PJSIP/1005-00000010', '4.1', 'from-internal', '0114930901829', 'Local/0114930901829@outbound-00000008;1', '4.2', '0114930901829@outbound'),
      dialBegin('Local/0114930901829@outbound-00000008;2', '4.3', 'outbound', '0114930901829', 'IAX2/carrier-22', '4.4', 'carrier/0114930901829'),
    ], T0);
    assert.deepEqual(dialled(changesOf(r)).map((c) => c.call.extension), ['1005']);
  });

  it('a parked or picked-up call makes no new Dial: nothing new; events it does not know change nothing', () => {
    const engine = liveEngine();
    const r = feedAll(engine, [
      event('ParkedCall', { ParkeeChannel: 'IAX2/carrier-30', ParkingSpace: '701' }),
      event('Pickup', { Channel: 'PJSIP/1002-00000011', TargetChannel: 'PJSIP/1001-00000012' }),
      event('BridgeEnter', { Channel: 'PJSIP/1002-00000011', Uniqueid: '5.1' }),
    ], T0);
    assert.deepEqual(changesOf(r), []);
  });
});

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { pbxSchema } from '../../src/config/pbx.js';
import { createRouteDecider, createRouter, isLocalTarget, parseDialString, type RouteScratch } from '../../src/enrichment/direction.js';
import { parseChannel } from '../../src/enrichment/identity.js';
import type { Cdr } from '../../src/sources/cdr.js';
import { fixture } from '../helpers/fixtures.js';

const COLUMNS = ['accountcode', 'src', 'dst', 'dcontext', 'clid', 'channel', 'dstchannel', 'lastapp', 'lastdata', 'start', 'answer', 'end', 'duration', 'billsec', 'disposition', 'amaflags', 'uniqueid', 'userfield'];

function fixtureCdrs(): Cdr[] {
  const rows: string[][] = parse(readFileSync(fixture('Master.csv')));
  return rows.map((r, i) => {
    const o = Object.fromEntries(COLUMNS.map((c, j) => [c, r[j] ?? ''])) as Record<string, string>;
    return { ...o, start: 0, answer: null, end: 0, duration: Number(o.duration), billsec: Number(o.billsec), linkedid: '', origin: `Master.csv:${i + 1}` } as unknown as Cdr;
  });
}

const scratch = (): RouteScratch => ({ identity: null, dialled: '', dial: null, suspiciousContext: null, from: 'extension' });

test('channel names give the endpoint, cutting the per-call suffix from the right', () => {
  const cases: [string, string | null, string | null][] = [
    ['PJSIP/1001-0000002a', 'PJSIP', '1001'],
    ['SIP/office-1001-00000003', 'SIP', 'office-1001'],
    ['IAX2/1001-15144', 'IAX2', '1001'],
    ['IAX2/127.0.0.1:4569-6663', 'IAX2', '127.0.0.1:4569'],
    ['Local/1001@from-internal-00000001;1', 'Local', '1001@from-internal'],
    ['Local/1001@from-internal-00000001;2', 'Local', '1001@from-internal'],
    ['DAHDI/1-1', 'DAHDI', '1'],
    ['DAHDI/i1/5551234-1a', 'DAHDI', 'i1/5551234'],
    ['PJSIP/anonymous-00000007', 'PJSIP', 'anonymous'],
    ['garbage', null, null],
  ];
  for (const [channel, tech, endpoint] of cases) {
    const id = parseChannel(channel);
    assert.equal(id?.technology ?? null, tech, channel);
    assert.equal(id?.endpoint ?? null, endpoint, channel);
  }
  assert.equal(parseChannel('IAX2/127.0.0.1:4569-6663')?.byAddress, true);
  assert.equal(parseChannel('PJSIP/1001-0000002a')?.byAddress, false);
});

test('dial strings: the number that went to the trunk, never the IAX2 secret', () => {
  const none = () => false;
  assert.deepEqual(parseDialString('IAX2/carrier:carrierpw@127.0.0.1/12125551234,30', none, 6), { trunk: 'carrier', number: '12125551234' });
  assert.deepEqual(parseDialString('PJSIP/0118821234567@telco,60', none, 6), { trunk: 'telco', number: '0118821234567' });
  assert.deepEqual(parseDialString('SIP/mytrunk/911', none, 6), { trunk: 'mytrunk', number: '911' });
  assert.deepEqual(parseDialString('PJSIP/mytrunk/sip:+447911123456@sbc.example', none, 6), { trunk: 'mytrunk', number: '+447911123456' });
  assert.deepEqual(parseDialString('PJSIP/911@telco', (n) => n === 'telco', 6), { trunk: 'telco', number: '911' });
  assert.equal(parseDialString('PJSIP/1002,20', none, 6), null);
  assert.equal(parseDialString('PJSIP/1002&PJSIP/1003,20', none, 6), null);
  assert.equal(parseDialString('', none, 6), null);
});

test('fixtures: only the extensions 1001-1005 make outbound calls; carrier and originate legs do not', () => {
  const route = createRouter(pbxSchema.parse({ trunks: ['carrier'] }));
  const routed = fixtureCdrs().map((c) => ({ c, r: route(c) }));
  const outbound = routed.filter((x) => x.r.direction === 'outbound');
  assert.deepEqual([...new Set(outbound.map((x) => x.r.identity!.endpoint))].sort(), ['1001', '1002', '1003', '1004', '1005']);
  // One record per call placed by an extension: 2 x 1001, 2 x 1002, 2 x 1003, 2 x 1004, 1 x 1005.
  assert.equal(outbound.length, 9);
  for (const x of routed.filter((x) => x.c.channel.startsWith('IAX2/carrier-'))) assert.equal(x.r.direction, 'inbound');
  for (const x of routed.filter((x) => x.c.channel.startsWith('IAX2/127.0.0.1'))) assert.equal(x.r.direction, 'leg');
  // Digits sent to the trunk are preferred to dst: 2125551234 went out as 12125551234.
  const bob = outbound.find((x) => x.c.dst === '2125551234')!;
  assert.equal(bob.r.dialled, '12125551234');
  // Carol's attempt that never reached Dial still counts, with what she dialled.
  assert.ok(outbound.some((x) => x.c.lastapp === 'Goto' && x.r.dialled === '447911123457'));
  // 1001's attempt after the lockout went to tollguard-locked.
  const locked = routed.filter((x) => x.r.direction === 'blocked');
  assert.equal(locked.length, 1);
  assert.equal(locked[0]!.r.identity!.endpoint, '1001');
  for (const x of outbound) assert.equal(x.r.suspiciousContext, null, 'dcontext "outbound" is internal by default');
});

test('without the trunk configured, the carrier legs are still never outbound calls', () => {
  const route = createRouter(pbxSchema.parse({}));
  const carrier = fixtureCdrs().filter((c) => c.channel.startsWith('IAX2/carrier-'));
  assert.ok(carrier.length > 0);
  for (const c of carrier) assert.notEqual(route(c).direction, 'outbound');
});

test('a trunk call from a guest context or the anonymous endpoint is outbound and suspicious', () => {
  const route = createRouter(pbxSchema.parse({}));
  const base = fixtureCdrs().find((c) => c.channel === 'IAX2/1001-15144')!;
  const guest = route({ ...base, channel: 'PJSIP/anonymous-0000001f', dcontext: 'default' });
  assert.equal(guest.direction, 'outbound');
  assert.equal(guest.identity!.endpoint, 'anonymous');
  assert.equal(guest.suspiciousContext, 'default');
  const fromDefault = route({ ...base, dcontext: 'default' });
  assert.equal(fromDefault.direction, 'outbound');
  assert.equal(fromDefault.suspiciousContext, 'default');
  const inbound = route({ ...base, dcontext: 'from-pstn', lastapp: 'Dial', lastdata: 'PJSIP/1002,20' });
  assert.equal(inbound.direction, 'inbound');
});

test('a call that came in on a trunk context and dialled the trunk again is outbound, placed by the trunk', () => {
  const decide = createRouteDecider(pbxSchema.parse({}));
  const out = scratch();
  const base = fixtureCdrs().find((c) => c.channel === 'IAX2/1001-15144')!;
  assert.equal(decide({ ...base, dcontext: 'from-pstn' }, out), 'outbound');
  assert.equal(out.from, 'trunk');
  assert.equal(out.dialled, '0118821234567');
  assert.equal(out.suspiciousContext, null, 'judged by trunk-to-trunk, not as a guest');
  // A configured trunk's own channel, whatever its context.
  const trunked = createRouteDecider(pbxSchema.parse({ trunks: ['telco'] }));
  assert.equal(trunked({ ...base, channel: 'PJSIP/telco-00000001', dcontext: 'from-internal' }, out), 'outbound');
  assert.equal(out.from, 'trunk');
  assert.equal(trunked({ ...base, channel: 'PJSIP/telco-00000001', dcontext: 'from-internal', lastapp: 'Dial', lastdata: 'PJSIP/1002,20' }, out), 'inbound');
});

test('Local channels: the ;2 half that dials the trunk is the call out; dialling the Local channel is not', () => {
  const decide = createRouteDecider(pbxSchema.parse({}));
  const out = scratch();
  const base = fixtureCdrs().find((c) => c.channel === 'IAX2/1001-15144')!;
  const forward = { ...base, channel: 'Local/0115351234567@outbound-00000000;2', dcontext: 'outbound', dst: '0115351234567', lastdata: 'IAX2/carrier/0115351234567,30' };
  assert.equal(decide(forward, out), 'outbound');
  assert.equal(out.from, 'local');
  assert.equal(out.dialled, '0115351234567');
  // ...and its attempt that never reached Dial, from an internal context.
  assert.equal(decide({ ...forward, lastapp: 'Congestion', lastdata: '' }, out), 'outbound');
  assert.equal(out.from, 'local');
  // A Local channel ringing an extension is internal.
  assert.equal(decide({ ...forward, channel: 'Local/1004@from-internal-0000000a;2', dst: '1004', lastdata: 'IAX2/1004,20' }, out), 'internal');
  // The call into the Local channel: from a trunk it stays inbound, from an extension that called
  // another extension it is internal (the forward is the Local channel's), from an extension that
  // dialled the number itself it is that extension's call.
  const into = { ...base, lastdata: 'Local/0115351234567@outbound,30', dstchannel: 'Local/0115351234567@outbound-00000000;1' };
  assert.equal(decide({ ...into, channel: 'IAX2/pstn-in-15463', dcontext: 'from-trunk', dst: '2125550104' }, out), 'inbound');
  assert.equal(decide({ ...into, dcontext: 'from-internal', dst: '1004' }, out), 'internal');
  assert.equal(decide({ ...into, dcontext: 'from-internal', dst: '0115351234567' }, out), 'outbound');
  assert.equal(out.from, 'extension');
});

test('the router reads every dial string as parseDialString does, on first sight and from its cache', () => {
  const pbx = pbxSchema.parse({ trunks: ['telco'] });
  const route = createRouter(pbx);
  const isTrunk = (n: string) => n === 'telco';
  const base = fixtureCdrs().find((c) => c.channel === 'IAX2/1001-15144')!;
  const strings = [
    'PJSIP/1002,20', 'PJSIP/1002&PJSIP/1003,20', 'PJSIP/12125551234@telco,60', 'PJSIP/911@telco', 'PJSIP/911@other',
    'PJSIP/1002&SIP/mytrunk/0044207946000,30', 'PJSIP//12125551234', 'IAX2/carrier:pw@127.0.0.1/12125551234,30',
    'Local/12125551234@from-internal', 'Local/1002@from-internal', 'DAHDI/g0/911', 'PJSIP/mytrunk/sip:+447911123456@sbc.example',
    'PJSIP/1002', '', ',', '&&', 'PJSIP/12125551234@telco&PJSIP/1002',
  ];
  for (const round of [1, 2]) {
    for (const lastdata of strings) {
      const r = route({ ...base, dcontext: 'from-internal', dst: '1002', lastapp: 'Dial', lastdata });
      // Calling 1002 through a Local channel is not a call out: the Local channel's own record is.
      const parsed = parseDialString(lastdata, isTrunk, pbx.extensionMaxDigits);
      const want = parsed && !isLocalTarget(parsed) ? parsed : null;
      assert.equal(r.direction, want ? 'outbound' : 'internal', `${lastdata} (pass ${round})`);
      assert.equal(r.dialled, want?.number ?? '', `${lastdata} (pass ${round})`);
    }
  }
});

test('a userfield saying tollguard-locked does not hide a call that reached the trunk', () => {
  const route = createRouter(pbxSchema.parse({ trunks: ['carrier'] }));
  const call = fixtureCdrs().find((c) => c.channel === 'IAX2/1001-15144')!;
  assert.equal(route({ ...call, userfield: 'tollguard-locked' }).direction, 'outbound');
  assert.equal(route({ ...call, dcontext: 'tollguard-locked' }).direction, 'outbound', 'it dialled the trunk');
  const lockedAttempt = fixtureCdrs().find((c) => c.dcontext === 'tollguard-locked')!;
  assert.equal(route(lockedAttempt).direction, 'blocked');
});

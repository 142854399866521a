// Pairing a Local channel's call with the call that created it, on the real
// hairpin capture and on variations of it: who the forward belongs to, in
// any row order, across a split read, and when it was an extension's own call.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '../../src/config/load.js';
import type { OutboundCall } from '../../src/enrichment/call.js';
import { compileAllowedForwards, ForwardPairing } from '../../src/enrichment/forwards.js';
import { createClock, createEnrichment } from '../../src/pipeline/setup.js';
import { createCsvSource } from '../../src/sources/cdr-csv.js';
import type { Cdr } from '../../src/sources/cdr.js';
import { FIXTURES, readAll } from '../sources/helpers.js';

const config = loadConfig({ env: { PBX_TIMEZONE: 'UTC', HOME_COUNTRY: 'US' } });
const clock = createClock(config);
const { cdrs: HAIRPIN } = await readAll(createCsvSource({ paths: [`${FIXTURES}asterisk-22.7-hairpin/Master.csv`], clock }));

/** Every row through the enricher and a pairing, then the held calls resolved. */
function pair(cdrs: readonly Cdr[], pbx = config.pbx, trunks: string[] = []): { resolved: (OutboundCall | null)[]; held: number } {
  const enrich = createEnrichment({ ...config, pbx }, clock);
  const pairing = new ForwardPairing(pbx);
  for (const cdr of cdrs) {
    const e = enrich(cdr);
    pairing.note(cdr, e);
    if (e.direction === 'outbound' && e.call.local) pairing.hold(e.call, undefined);
  }
  const held = pairing.holding;
  return { resolved: pairing.resolve(new Set(trunks)).map((r) => r.call), held };
}

const forwardRow = () => HAIRPIN.find((c) => c.channel.startsWith('Local/'))!;
const inboundLeg = () => HAIRPIN.find((c) => c.channel === 'IAX2/pstn-in-15463')!;

describe('forward pairing', () => {
  it('the capture: the Local ;2 call is the forward of DID 2125550104, from-trunk via pstn-in', () => {
    assert.ok(HAIRPIN.indexOf(forwardRow()) < HAIRPIN.indexOf(inboundLeg()), 'the forward is written before its inbound leg');
    const { resolved, held } = pair(HAIRPIN);
    assert.equal(held, 1);
    const call = resolved[0]!;
    assert.equal(call.extension, 'fwd:2125550104');
    assert.equal(call.local, undefined);
    assert.deepEqual(call.caller, {
      kind: 'forward', label: 'forward of DID 2125550104 (from-trunk via pstn-in)', trunk: 'pstn-in', context: 'from-trunk',
      forwardOf: '2125550104', localContext: 'outbound', extension: null,
    });
    assert.equal(call.destination.e164, '+5351234567');
    assert.equal(call.billsec, 33);
  });

  it('the same in any row order', () => {
    const reversed = pair([...HAIRPIN].reverse()).resolved[0]!;
    assert.equal(reversed.extension, 'fwd:2125550104');
    assert.equal(reversed.caller!.label, 'forward of DID 2125550104 (from-trunk via pstn-in)');
  });

  it('a read split in two and merged pairs as one read does', () => {
    const enrich = createEnrichment(config, clock);
    const cut = HAIRPIN.indexOf(inboundLeg());
    const halves = [HAIRPIN.slice(0, cut), HAIRPIN.slice(cut)].map((rows) => {
      const p = new ForwardPairing<undefined>(config.pbx);
      for (const cdr of rows) {
        const e = enrich(cdr);
        p.note(cdr, e);
        if (e.direction === 'outbound' && e.call.local) p.hold(e.call, undefined);
      }
      return p;
    });
    assert.equal(halves[0]!.holding, 1);
    halves[0]!.merge(halves[1]!.snapshot());
    assert.deepEqual(halves[0]!.resolve().map((r) => r.call), pair(HAIRPIN).resolved);
  });

  it('without the inbound leg: counted under the Local channel context, never under the dialled number', () => {
    const call = pair(HAIRPIN.filter((c) => c !== inboundLeg())).resolved[0]!;
    assert.equal(call.extension, 'fwd:@outbound');
    assert.equal(call.caller!.label, 'a Local channel into outbound (the call that created it was not found)');
    assert.doesNotMatch(call.extension, /0115351234567/);
  });

  it('a restarted Asterisk reuses Local channel names: the call that was in progress is the partner', () => {
    const hourEarlier = { ...inboundLeg(), dst: '2125550999', start: inboundLeg().start - 3_600_000, end: inboundLeg().end - 3_600_000, uniqueid: '1.1' };
    const call = pair([hourEarlier, ...HAIRPIN]).resolved[0]!;
    assert.equal(call.extension, 'fwd:2125550104');
  });

  it('by linkedid when the partner does not name the Local channel the same way (cdr_pgsql keeps linkedid)', () => {
    const partner = { ...inboundLeg(), dstchannel: 'Local/0115351234567@outbound-0000ffff;1' };
    const forward = { ...forwardRow(), linkedid: partner.uniqueid };
    const call = pair(HAIRPIN.map((c) => (c === inboundLeg() ? partner : c === forwardRow() ? forward : c))).resolved[0]!;
    assert.equal(call.extension, 'fwd:2125550104');
  });

  it("FreePBX's did column names the DID", () => {
    const call = pair(HAIRPIN.map((c) => (c === inboundLeg() ? { ...c, dst: 's', did: '2125550100' } : c))).resolved[0]!;
    assert.equal(call.extension, 'fwd:2125550100');
    assert.equal(call.caller!.label, 'forward of DID 2125550100 (from-trunk via pstn-in)');
  });

  it("an extension's forward: counted under that extension's forward, which the lock may lock", () => {
    // 1002 called 1004; 1004's forward dialled the number through a Local channel.
    const fromExtension = { ...inboundLeg(), channel: 'IAX2/1002-77', dcontext: 'from-internal', dst: '1004', src: '1002' };
    const call = pair(HAIRPIN.map((c) => (c === inboundLeg() ? fromExtension : c))).resolved[0]!;
    assert.equal(call.extension, 'fwd:1004');
    assert.equal(call.caller!.label, 'forward of extension 1004 (called by extension 1002)');
    assert.equal(call.caller!.extension, '1004');
  });

  it("a recognised trunk's channel in a context that is not a trunk context (FreePBX's ext-group) is a trunk's call", () => {
    const ringGroup = { ...inboundLeg(), channel: 'PJSIP/mytrunk-00000007', dcontext: 'ext-group', dst: '600' };
    const rows = HAIRPIN.map((c) => (c === inboundLeg() ? ringGroup : c));
    assert.equal(pair(rows, config.pbx, ['mytrunk']).resolved[0]!.caller!.label, 'forward of extension 600 (ext-group via mytrunk)');
    assert.equal(pair(rows).resolved[0]!.caller!.label, 'forward of extension 600 (called by extension mytrunk)', 'unless it is not known as a trunk');
  });

  it("an extension's own call placed through a Local channel is counted once, on the extension's record", () => {
    const own = { ...inboundLeg(), channel: 'IAX2/1002-77', dcontext: 'from-internal', dst: '0115351234567', src: '1002' };
    const { resolved } = pair(HAIRPIN.map((c) => (c === inboundLeg() ? own : c)));
    assert.deepEqual(resolved, [null]);
  });

  it('a PSTN caller who dialled the number through a Local channel is a hairpin, not a forward', () => {
    const dialled = { ...inboundLeg(), dst: '0115351234567' };
    const call = pair(HAIRPIN.map((c) => (c === inboundLeg() ? dialled : c))).resolved[0]!;
    assert.equal(call.extension, 'fwd:pstn-in@from-trunk');
    assert.equal(call.caller!.kind, 'trunk');
    assert.equal(call.caller!.label, 'from-trunk via pstn-in, through a Local channel into outbound');
  });

  it('ALLOWED_FORWARDS marks the forward it allows, by DID or extension and E.164 prefix or number', () => {
    const allowed = compileAllowedForwards(['2125550104:+53*', '1004:+447911123456', '1005:*']);
    assert.equal(allowed('2125550104', '+5351234567'), true);
    assert.equal(allowed('2125550104', '+88216123456'), false);
    assert.equal(allowed('1004', '+447911123456'), true);
    assert.equal(allowed('1004', '+447911123457'), false);
    assert.equal(allowed('1005', null), true);
    assert.equal(allowed('2125550105', '+5351234567'), false);
    assert.equal(pair(HAIRPIN, { ...config.pbx, allowedForwards: ['2125550104:+53*'] }).resolved[0]!.allowedForward, true);
    assert.equal(pair(HAIRPIN, { ...config.pbx, allowedForwards: ['2125550104:+44*'] }).resolved[0]!.allowedForward, undefined);
  });
});

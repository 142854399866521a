// PBX_DIALPLAN=freepbx: FreePBX's contexts as internal and trunk contexts, its
// detection from the contexts seen, and its ring group / follow-me Local
// channels paired by linkedid (the caller's dstchannel names another member),
// with did and cnum as FreePBX's table has them. Rows shaped as FreePBX writes
// them (core functions.inc.php: ext-did sets CDR(did); follow-me's FMGL channel
// has NoCDR and dials the number through another Local channel).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { freepbxContexts } from '../../src/config/dialplan-presets.js';
import { loadConfig } from '../../src/config/load.js';
import type { OutboundCall } from '../../src/enrichment/call.js';
import { ForwardPairing } from '../../src/enrichment/forwards.js';
import { createClock, createEnrichment } from '../../src/pipeline/setup.js';
import type { Cdr } from '../../src/sources/cdr.js';

const T0 = Date.parse('2026-11-26T14:00:00Z');
const row = (o: Partial<Cdr> & Pick<Cdr, 'channel' | 'uniqueid'>): Cdr => ({
  accountcode: '', src: '', dst: '', dcontext: '', clid: '', dstchannel: '', lastapp: 'Dial', lastdata: '', start: T0, answer: T0 + 5000, end: T0 + 65_000,
  duration: 65, billsec: 60, disposition: 'ANSWERED', amaflags: 'DOCUMENTATION', userfield: '', linkedid: o.uniqueid, origin: `cdr#${o.uniqueid}`, ...o,
});

function configFor(env: Record<string, string>) {
  return loadConfig({ env: { PBX_TIMEZONE: 'UTC', HOME_COUNTRY: 'US', TRUNKS: 'carrier', ...env } });
}

function outbound(cdrs: Cdr[], env: Record<string, string>): OutboundCall[] {
  const config = configFor(env);
  const enrich = createEnrichment(config, createClock(config));
  const pairing = new ForwardPairing(config.pbx);
  const out: OutboundCall[] = [];
  for (const cdr of cdrs) {
    const e = enrich(cdr);
    pairing.note(cdr, e);
    if (e.direction !== 'outbound') continue;
    if (e.call.local) pairing.hold(e.call, undefined);
    else out.push(e.call);
  }
  for (const r of pairing.resolve(new Set(['carrier']))) if (r.call) out.push(r.call);
  return out;
}

// A PSTN caller on DID 2125550104 reaches extension 7000, whose follow-me rings a mobile.
const followMe = [
  row({ channel: 'PJSIP/carrier-00000025', uniqueid: '1764165600.37', src: '2025550111', dst: '7000', dcontext: 'ext-findmefollow', did: '2125550104', cnum: '2025550111',
    dstchannel: 'Local/FMPR-7000@from-internal-00000014;1', lastdata: 'Local/FMPR-7000@from-internal&Local/FMGL-0115351234567#@from-internal,56,trIM(auto-blkvm)' }),
  row({ channel: 'Local/0115351234567@from-internal-00000016;2', uniqueid: '1764165601.41', linkedid: '1764165600.37', src: '2025550111', dst: '0115351234567', dcontext: 'from-internal',
    dstchannel: 'PJSIP/carrier-00000026', lastdata: 'PJSIP/0115351234567@carrier,300,Tb(func-apply-sipheaders^s^1)', did: '', cnum: '2025550111', start: T0 + 1000 }),
];
// Extension 101 calls ring group 600; member 102 answers (the dstchannel), the external member is dialled too.
const ringGroup = [
  row({ channel: 'PJSIP/101-00000001', uniqueid: '1764165700.1', src: '101', dst: '600', dcontext: 'ext-group', dstchannel: 'Local/102@from-internal-00000020;1', lastdata: 'Local/102@from-internal/n&Local/15551234567@from-internal/n,20,tr', cnum: '101', did: '' }),
  row({ channel: 'Local/15551234567@from-internal-00000021;2', uniqueid: '1764165700.7', linkedid: '1764165700.1', src: '101', dst: '15551234567', dcontext: 'from-internal',
    dstchannel: 'PJSIP/carrier-00000030', lastdata: 'PJSIP/15551234567@carrier,300,T', cnum: '101', did: '', duration: 20, billsec: 15 }),
];

describe('PBX_DIALPLAN=freepbx', () => {
  it("uses FreePBX's contexts unless INTERNAL_CONTEXTS / TRUNK_CONTEXTS are set", () => {
    const plain = configFor({}).pbx;
    assert.equal(plain.dialplan, 'asterisk');
    assert.ok(!plain.internalContexts.includes('ext-local'));
    const fp = configFor({ PBX_DIALPLAN: 'freepbx' }).pbx;
    for (const c of ['from-internal', 'ext-local', 'outbound-allroutes', 'outrt-*', 'macro-dialout-trunk', 'sub-dialout-trunk']) assert.ok(fp.internalContexts.includes(c), c);
    for (const c of ['from-trunk', 'from-pstn-*', 'from-did-direct', 'ext-did', 'ext-did-*']) assert.ok(fp.trunkContexts.includes(c), c);
    assert.deepEqual(configFor({ PBX_DIALPLAN: 'freepbx', INTERNAL_CONTEXTS: 'phones' }).pbx.internalContexts, ['phones']);
    assert.throws(() => configFor({ PBX_DIALPLAN: 'vitalpbx' }), /pbx\.dialplan/);
  });

  it("is recognised from FreePBX's contexts among those seen", () => {
    assert.deepEqual(freepbxContexts(['from-internal', 'outbound', 'from-trunk', 'carrier-sim']), []);
    assert.deepEqual(freepbxContexts(['from-internal', 'ext-local', 'outrt-3', 'ext-did-0001', 'from-trunk', 'ext-group']), ['ext-did-0001', 'ext-group', 'ext-local', 'outrt-3']);
  });

  it('a trunk call into an inbound FreePBX context that dials out is a hairpin, not a guest extension', () => {
    const hairpin = [row({ channel: 'PJSIP/pstn2-00000009', uniqueid: '1764165800.9', dst: '01153512345', dcontext: 'from-did-direct', lastdata: 'PJSIP/01153512345@carrier,300' })];
    const [plain] = outbound(hairpin, {});
    assert.equal(plain!.extension, 'pstn2', 'plain Asterisk presets: taken for an extension in a strange context');
    assert.equal(plain!.suspiciousContext, 'from-did-direct');
    const [fp] = outbound(hairpin, { PBX_DIALPLAN: 'freepbx' });
    assert.equal(fp!.extension, 'trunk:pstn2@from-did-direct');
    assert.equal(fp!.caller?.kind, 'trunk');
  });

  it("a phone's call through an outbound route is the extension's, from an internal context", () => {
    const calls = outbound([row({ channel: 'PJSIP/101-00000002', uniqueid: '1764165900.2', dst: '011442071234567', dcontext: 'macro-dialout-trunk', lastdata: 'PJSIP/011442071234567@carrier,300,T' })], { PBX_DIALPLAN: 'freepbx' });
    assert.equal(calls[0]!.extension, '101');
    assert.equal(calls[0]!.suspiciousContext, null);
  });

  it("follow-me's call out is the forward of the DID it came in on, paired by linkedid", () => {
    const [plain] = outbound(followMe, {});
    assert.equal(plain!.extension, 'fwd:@from-internal', 'without the preset the FMPR leg is not remembered');
    const [fp] = outbound(followMe, { PBX_DIALPLAN: 'freepbx' });
    assert.equal(fp!.extension, 'fwd:2125550104');
    assert.equal(fp!.caller?.label, 'forward of DID 2125550104 (ext-findmefollow via carrier)');
  });

  it("a ring group's external member is counted under the group, called by the extension", () => {
    const [fp] = outbound(ringGroup, { PBX_DIALPLAN: 'freepbx' });
    assert.equal(fp!.extension, 'fwd:600');
    assert.equal(fp!.caller?.label, 'forward of extension 600 (called by extension 101)');
    assert.equal(fp!.caller?.extension, '600');
  });

  it('without linkedid (older FreePBX tables) cnum names the caller, as caller ID: never a key or a lock', () => {
    const noLinkedid = ringGroup.map((c) => ({ ...c, linkedid: '' }));
    const [fp] = outbound(noLinkedid, { PBX_DIALPLAN: 'freepbx' });
    assert.equal(fp!.extension, 'fwd:@from-internal');
    assert.equal(fp!.caller?.label, "a Local channel into from-internal, caller ID 101 (FreePBX's cnum) (the call that created it was not found)");
    assert.equal(fp!.caller?.extension, null);
  });
});

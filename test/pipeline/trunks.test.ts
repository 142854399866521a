// Trunks recognised from the CDRs when TRUNKS is not set: a trunk whose own
// channel dials out from an internal context (FreePBX sends an inbound route
// to a custom destination in from-internal) is judged as a trunk, never as an
// extension, and `config check` lists what it recognised.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { planLockouts } from '../../src/actions/lockout/policy.js';
import { loadConfig } from '../../src/config/load.js';
import { masterCsvLine } from '../../src/demo/master-csv-writer.js';
import { runReport } from '../../src/pipeline/run-report.js';
import { createClock, createEnrichment, csvSourceFrom } from '../../src/pipeline/setup.js';
import { markTrunkProfiles, trunksInCdrs } from '../../src/pipeline/trunks.js';
import { runCli } from '../helpers/cli.js';
import { blankProfile } from '../helpers/profiles.js';

const dir = mkdtempSync(join(tmpdir(), 'tollguard-trunks-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const DAY = '2026-11-27';
const row = (o: { channel: string; dcontext: string; dst: string; lastdata: string; uid: string; at: string }) =>
  masterCsvLine({
    src: '3125550111', dst: o.dst, dcontext: o.dcontext, clid: '"" <3125550111>', channel: o.channel, dstchannel: '', lastapp: 'Dial', lastdata: o.lastdata,
    start: `${DAY} ${o.at}`, answer: `${DAY} ${o.at}`, end: `${DAY} ${o.at.slice(0, 6)}59`, duration: 50, billsec: 50, disposition: 'ANSWERED', uniqueid: o.uid,
  });
const csv = join(dir, 'Master.csv');
writeFileSync(
  csv,
  [
    // 1001 calls out on telco; a caller comes in on telco to from-pstn; then telco's own channel dials Cuba from from-internal.
    row({ channel: 'PJSIP/1001-00000001', dcontext: 'from-internal', dst: '2125550100', lastdata: 'PJSIP/12125550100@telco,60', uid: '1.1', at: '09:00:00' }),
    row({ channel: 'PJSIP/telco-00000002', dcontext: 'from-pstn', dst: '2125550104', lastdata: 'PJSIP/1004,20', uid: '1.2', at: '10:00:00' }),
    ...[3, 4, 5].map((n) => row({ channel: `PJSIP/telco-0000000${n}`, dcontext: 'from-internal', dst: `01153512345${n}0`, lastdata: `PJSIP/01153512345${n}0@telco,60`, uid: `1.${n}`, at: `03:0${n}:00` })),
  ].join('\n') + '\n',
);

async function judge(env: Record<string, string>) {
  const config = loadConfig({ env: { PBX_TIMEZONE: 'UTC', HOME_COUNTRY: 'US', CDR_CSV: csv, ...env } });
  const clock = createClock(config);
  return runReport({ config, clock, sources: [csvSourceFrom(config, clock)], enrich: createEnrichment(config, clock), window: { from: DAY, to: DAY }, onBadRow: () => {} });
}

test('without TRUNKS, the trunk named by the CDRs is judged as a trunk and never locked', async () => {
  const { report, trunks } = await judge({});
  assert.deepEqual(trunks, ['telco']);
  const telco = report.profiles.find((p) => p.extension === 'telco')!;
  assert.equal(telco.outboundCalls, 3);
  assert.equal(telco.caller?.kind, 'trunk');
  assert.equal(telco.caller?.label, 'trunk telco, dialling out on its own channel');
  const t2t = report.findings.find((f) => f.rule === 'trunk-to-trunk')!;
  assert.equal(t2t.extension, 'telco');
  assert.equal(t2t.severity, 'critical');
  assert.match(t2t.explanation, /Check the contexts where calls from trunk telco arrive/);
  assert.equal(report.summary.extensions, 1, '1001 alone is an extension');
  const plan = planLockouts(report.findings, new Date(`${DAY}T12:00:00Z`), { rules: [], minSeverity: 'critical', neverLock: [], maxPerRun: 5, maxFindingAgeHours: 24 }, new Set(), () => Date.parse('2026-11-28T00:00:00Z'));
  assert.deepEqual(plan.lock, [], 'locking telco would hang up every call on the trunk');
});

test('with TRUNKS, the same calls are known as the trunk\'s from their own rows', async () => {
  const { report, trunks } = await judge({ TRUNKS: 'telco' });
  assert.deepEqual(trunks, ['telco']);
  assert.deepEqual(report.profiles.map((p) => p.extension).sort(), ['1001', 'trunk:telco@from-internal']);
});

test('a profile under a recognised trunk becomes a trunk caller; at least its risky calls count', () => {
  const plain = blankProfile('telco', DAY, { internationalCalls: 2, highRiskCalls: 3 });
  const ext = blankProfile('1001', DAY);
  const [marked, untouched] = markTrunkProfiles([plain, ext], new Set(['telco']));
  assert.equal(marked!.caller?.riskyCalls, 3);
  assert.equal(untouched!.caller, undefined);
});

test('config check reads only the end of a large file', async () => {
  const today = new Date().toISOString().slice(0, 10);
  const tail = join(dir, 'tail.csv');
  const early = row({ channel: 'PJSIP/1001-00000010', dcontext: 'from-internal', dst: '2125550100', lastdata: 'PJSIP/12125550100@oldtrunk,60', uid: '2.1', at: '01:00:00' }).replaceAll(DAY, today);
  writeFileSync(tail, `${early}\n${readFileSync(csv, 'utf8').replaceAll(DAY, today)}`);
  const config = loadConfig({ env: { PBX_TIMEZONE: 'UTC', CDR_CSV: tail } });
  const clock = createClock(config);
  const days = { from: today, to: today };
  assert.deepEqual(await trunksInCdrs(config, clock, days), ['oldtrunk', 'telco']);
  // A tail that starts in the middle of the first row begins at the next line.
  assert.deepEqual(await trunksInCdrs(config, clock, days, statSync(tail).size - 5), ['telco']);
});

test('config check lists the trunks it recognised in recent CDRs, or TRUNKS', async () => {
  // Rows of today: config check reads the last week.
  const today = new Date().toISOString().slice(0, 10);
  const recent = join(dir, 'recent.csv');
  writeFileSync(recent, readFileSync(csv, 'utf8').replaceAll(DAY, today));
  const env = { PBX_TIMEZONE: 'UTC', CDR_CSV: recent, TOLLGUARD_STATE: join(dir, 'state.db') };
  const found = await runCli(['config', 'check'], { env, cwd: dir });
  assert.equal(found.status, 0, found.stderr);
  assert.match(found.stderr, /TRUNKS is not set; trunks recognised in the CDRs of \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}, the last 16 MB of each file \(.*\): telco\. Set TRUNKS/);
  const set = await runCli(['config', 'check'], { env: { ...env, TRUNKS: 'carrier,pstn-in' }, cwd: dir });
  assert.equal(set.status, 0, set.stderr);
  assert.match(set.stderr, /trunks \(TRUNKS\): carrier, pstn-in/);
});

// The sweep and calls Asterisk writes twice (cdr.conf unanswered=yes): the two
// records of a call may be read by different sweeps, or straddle midnight and
// with it the line where the sweep starts reading today's rows next time.
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../src/config/load.js';
import { runSweep } from '../../src/pipeline/sweep.js';
import { openStore } from '../../src/store/open.js';

const CAPTURE = fileURLToPath(new URL('../fixtures/asterisk-22.7-unanswered/Master.csv', import.meta.url));

async function setup(name: string) {
  const dir = mkdtempSync(join(tmpdir(), `tollguard-sweep-${name}-`));
  const csv = join(dir, 'Master.csv');
  const config = loadConfig({ env: { PBX_TIMEZONE: 'UTC', TRUNKS: 'carrier', HOME_COUNTRY: 'US', CDR_CSV: csv, TOLLGUARD_STATE: join(dir, 'state.db') } });
  const store = await openStore(config.store);
  const sweep = (now: string) => runSweep({ config, store, now: new Date(now), quarantinePath: join(dir, 'q.jsonl'), mail: false });
  return { csv, store, sweep };
}

test("a call's second record written after a sweep read its first: still one call", async (t) => {
  const { csv, store, sweep } = await setup('split');
  t.after(() => store.close());
  const lines = readFileSync(CAPTURE, 'utf8').trimEnd().split('\n');
  // Line 51 is 1003's busy call's Dial record, line 52 its Hangup record.
  assert.match(lines[50]!, /"Dial".*"1795749498\.85"/);
  assert.match(lines[51]!, /"Hangup".*"1795749498\.85"/);
  writeFileSync(csv, `${lines.slice(0, 51).join('\n')}\n`);
  await sweep('2026-11-27T03:18:19Z');
  appendFileSync(csv, `${lines.slice(51).join('\n')}\n`);
  await sweep('2026-11-27T03:40:00Z');
  const profiles = await store.loadProfiles({ from: '2026-11-27', to: '2026-11-27' });
  const carol = profiles.find((p) => p.extension === '1003')!;
  assert.equal(carol.outboundCalls, 13);
  assert.equal(carol.failedCalls, 1);
  assert.equal(profiles.find((p) => p.extension === '1006')!.outboundCalls, 5);
});

test('a call that rang over midnight is the day before\'s, in every sweep of the day after', async (t) => {
  const { csv, store, sweep } = await setup('midnight');
  t.after(() => store.close());
  const row = (channel: string, dstchannel: string, app: string, data: string, start: string, end: string, duration: number, disposition: string, uid: string) =>
    `"","1004","13125550101","outbound","""Dave"" <1004>","${channel}","${dstchannel}","${app}","${data}","${start}",,"${end}",${duration},0,"${disposition}","DOCUMENTATION","${uid}",""`;
  writeFileSync(
    csv,
    [
      row('IAX2/1004-11116', 'IAX2/carrier-2796', 'Dial', 'IAX2/carrier/13125550101,30', '2026-11-26 23:59:50', '2026-11-27 00:00:20', 30, 'NO ANSWER', '1795744790.9'),
      row('IAX2/1004-11116', '', 'Hangup', '', '2026-11-27 00:00:20', '2026-11-27 00:00:20', 0, 'NO ANSWER', '1795744790.9'),
      row('IAX2/1004-2001', 'IAX2/carrier-2002', 'Dial', 'IAX2/carrier/13125550100,30', '2026-11-27 00:00:30', '2026-11-27 00:00:30', 0, 'BUSY', '1795744830.11'),
    ].join('\n') + '\n',
  );
  await sweep('2026-11-27T00:01:00Z');
  await sweep('2026-11-27T00:10:00Z');
  const today = await store.loadProfiles({ from: '2026-11-27', to: '2026-11-27' });
  assert.equal(today.find((p) => p.extension === '1004')!.outboundCalls, 1, 'only the call placed after midnight');
});

test("the sweep replaces the day's CDR findings but keeps the live guard's, with their alert bookkeeping", async (t) => {
  const { csv, store, sweep } = await setup('live');
  t.after(() => store.close());
  writeFileSync(csv, readFileSync(CAPTURE, 'utf8'));
  const live = { extension: '1003', day: '2026-11-27', severity: 'critical' as const, rule: 'live-cost-rate', title: 'Money burning now', explanation: 'x', estimatedCost: 12.5, currency: 'USD', evidence: {}, fingerprint: 'live-cost-rate:1003:2026-11-27' };
  const stale = { ...live, rule: 'volume-spike', fingerprint: 'volume-spike:1003:2026-11-27' };
  await store.withRun('live', { from: '2026-11-27', to: '2026-11-27' }, async (tx) => {
    await tx.replaceFindings({ from: '2026-11-27', to: '2026-11-27' }, [live, stale]);
    await tx.markAlerted(live.fingerprint, 3, 12.5, '2026-11-27T03:10:00Z');
  });
  await sweep('2026-11-27T03:40:00Z');
  const after = await store.findings({ from: '2026-11-27', to: '2026-11-27' });
  const kept = after.find((f) => f.fingerprint === live.fingerprint);
  assert.ok(kept, "the live guard's finding is still stored");
  assert.equal(kept.alertedAt, '2026-11-27T03:10:00Z');
  assert.ok(!after.some((f) => f.fingerprint === stale.fingerprint), 'a CDR finding the sweep no longer makes is replaced');
});

// A generated month with one night of hairpinned calls (a PSTN caller sent
// out again through the trunk to Cuba) and a DID forwarded to a mobile at home
// every day: the report, a parallel read, the sweep and replay all find that
// night critical and nothing on the other nights, and never lock the trunk.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { renderJson } from '../../src/actions/report/json.js';
import { loadConfig } from '../../src/config/load.js';
import { DEMO_TRUNK } from '../../src/demo/generate.js';
import { planRead } from '../../src/pipeline/parallel/plan.js';
import { runReplay } from '../../src/pipeline/replay.js';
import { runReportJob } from '../../src/pipeline/report-job.js';
import { runReport } from '../../src/pipeline/run-report.js';
import { createClock, createEnrichment, csvSourceFrom } from '../../src/pipeline/setup.js';
import { runSweep } from '../../src/pipeline/sweep.js';
import { openStore } from '../../src/store/open.js';
import { addDays } from '../../src/time/pbx-clock.js';
import { FORWARD_KEY, hairpinMonth, HAIRPIN_KEY } from '../helpers/hairpin-month.js';

const dir = mkdtempSync(join(tmpdir(), 'tollguard-hairpin-month-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const END = '2026-03-31';
const NIGHT = '2026-03-24';
const WINDOW = { from: addDays(END, -13), to: END };
const ZONE = 'America/New_York';
const csv = join(dir, 'Master.csv');
const lines = hairpinMonth({ endDay: END, days: 45, night: NIGHT });
// Where two and three reader threads cut the file, a forward's Local channel row goes just
// before the cut, its inbound leg stays after it (Asterisk may write them apart).
const total = lines.reduce((n, l) => n + Buffer.byteLength(l) + 1, 0);
for (const at of [total / 3, total / 2, (2 * total) / 3].reverse()) splitForwardAt(lines, at);
writeFileSync(csv, `${lines.join('\n')}\n`);

function splitForwardAt(rows: string[], byte: number): void {
  let offset = 0;
  const line = rows.findIndex((l) => (offset += Buffer.byteLength(l) + 1) > byte);
  const forward = rows.findIndex((l, i) => i > line && /"Local\/[^"]+;2"/.test(l));
  const [row] = rows.splice(forward, 1);
  rows.splice(line - 2, 0, row!);
}

function setup(extra: Record<string, string> = {}) {
  const config = loadConfig({ env: { PBX_TIMEZONE: ZONE, HOME_COUNTRY: 'US', TRUNKS: DEMO_TRUNK, CDR_CSV: csv, TOLLGUARD_STATE: join(dir, 'state.db'), ...extra } });
  const clock = createClock(config);
  return { config, clock, enrich: createEnrichment(config, clock), source: csvSourceFrom(config, clock) };
}

async function monthReport(parallel?: { workers: number; overlapBytes: number }) {
  const s = setup();
  const { report } = await runReport({ ...s, sources: [s.source], window: WINDOW, onBadRow: () => {}, now: new Date('2026-04-01T06:00:00Z'), parallel: parallel && { source: s.source, ...parallel, minBytes: 0 } });
  return { report, json: renderJson(report), warnings: s.source.warnings };
}

test('the night of hairpinned calls is critical; no other night has a finding about calls without an extension', async () => {
  const { report } = await monthReport();
  const night = report.findings.filter((f) => f.day === NIGHT && f.extension === HAIRPIN_KEY);
  assert.ok(night.some((f) => f.rule === 'trunk-to-trunk' && f.severity === 'critical'), JSON.stringify(night.map((f) => [f.rule, f.severity])));
  const profile = report.profiles.find((p) => p.day === NIGHT && p.extension === HAIRPIN_KEY)!;
  assert.equal(profile.outboundCalls, 18);
  assert.equal(profile.caller?.label, 'from-trunk via telco');
  const elsewhere = report.findings.filter((f) => f.day !== NIGHT);
  assert.deepEqual(elsewhere.filter((f) => f.severity === 'critical').map((f) => `${f.extension} ${f.day} ${f.rule}`), []);
  assert.deepEqual(report.findings.filter((f) => f.extension !== HAIRPIN_KEY && (f.caller || f.rule === 'trunk-to-trunk')).map((f) => `${f.extension} ${f.day} ${f.rule}`), []);
  // The forwards home are counted every day, under their DID, and not flagged.
  const forwards = report.profiles.filter((p) => p.extension === FORWARD_KEY);
  assert.equal(forwards.length, 14);
  assert.ok(forwards.every((p) => p.outboundCalls === 3 && p.caller?.label === 'forward of DID 2125550110 (from-trunk via telco)'));
  assert.equal(report.summary.outboundCalls, report.profiles.reduce((n, p) => n + p.outboundCalls, 0));
});

test('read on two and three threads, with forwards split from their inbound legs at the cuts: the same report', async () => {
  const one = await monthReport();
  // Where the plan cuts, a forward's Local channel row lies before the cut and its inbound leg after it.
  const lineOf = (needle: string) => lines.findIndex((l) => l.includes(needle));
  const s = setup();
  for (const workers of [2, 3]) {
    const plan = planRead(await s.source.files(), workers, 'auto', 64 * 1024, 0)!;
    assert.ok(plan, 'the file is split');
    let offset = 0;
    const starts = lines.map((l) => ((offset += Buffer.byteLength(l) + 1), offset - Buffer.byteLength(l) - 1));
    const split = plan.cuts.filter((cut) => {
      const at = starts.findIndex((b) => b >= cut.b);
      return lines.slice(0, at).some((l) => {
        const m = /"(Local\/[^"]+-[0-9a-f]{8});2"/.exec(l);
        return m !== null && lineOf(`"${m[1]};1"`) >= at;
      });
    });
    assert.ok(split.length > 0, `${workers} threads: a cut falls between a forward and its inbound leg`);
    const many = await monthReport({ workers, overlapBytes: 64 * 1024 });
    assert.deepEqual(many.warnings, [], 'read on several threads');
    assert.equal(many.json, one.json, `${workers} threads`);
  }
});

test('the sweep alerts that night from the store, and the lockout never tries to lock the trunk', async () => {
  const s = setup({ LOCKOUT_MODE: 'dry-run' });
  const store = await openStore(s.config.store);
  try {
    await runReportJob({ config: s.config, window: { from: addDays(NIGHT, -30), to: addDays(NIGHT, -1) }, job: 'report', now: new Date(`${NIGHT}T00:05:00-04:00`), store, quarantinePath: join(dir, 'q.jsonl') });
    const sweep = await runSweep({ config: s.config, store, now: new Date(`${NIGHT}T04:00:00-04:00`), quarantinePath: join(dir, 'q.jsonl'), mail: false });
    const critical = sweep.report.findings.filter((f) => f.severity === 'critical' && f.extension === HAIRPIN_KEY);
    assert.ok(critical.some((f) => f.rule === 'trunk-to-trunk'), JSON.stringify(sweep.report.findings.map((f) => [f.extension, f.rule])));
    const plan = sweep.lockouts!.plan;
    assert.ok(!plan.lock.some((l) => l.extension.includes(DEMO_TRUNK)), JSON.stringify(plan.lock));
    assert.ok(plan.skipped.some((x) => x.extension === HAIRPIN_KEY && /not an extension/.test(x.why)));
    const stored = await store.loadProfiles({ from: NIGHT, to: NIGHT });
    assert.equal(stored.find((p) => p.extension === HAIRPIN_KEY)?.caller?.kind, 'trunk', 'the store keeps who made the calls');
  } finally {
    await store.close();
  }
});

test('replay alerts the hairpin night within a sweep interval and locks nothing', async () => {
  const { config } = setup({ LOCKOUT_MODE: 'enforce' });
  const r = await runReplay({ config, from: addDays(NIGHT, -1), to: NIGHT, everyMinutes: 10 });
  const alerts = r.events.filter((e) => e.extension === HAIRPIN_KEY);
  assert.deepEqual(alerts.map((e) => [e.day, e.action]), [[NIGHT, 'alert']]);
  assert.ok(alerts[0]!.callsBefore <= 2, `alerted after ${alerts[0]!.callsBefore} calls`);
  assert.deepEqual(r.events.filter((e) => e.action === 'lockout'), []);
  assert.deepEqual(r.events.filter((e) => e.day !== NIGHT), []);
});

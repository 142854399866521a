// Rerunning a report over days already in the state store recomputes and
// replaces them: the second run leaves the same state and gives the same report.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { storeSchema } from '../../src/config/store.js';
import { DEMO_TRUNK, generateDemoCsv } from '../../src/demo/generate.js';
import { openStore } from '../../src/store/open.js';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'tollguard-rerun-'));
const csv = join(dir, 'Master.csv');
writeFileSync(csv, `${[...generateDemoCsv({ endDay: '2026-11-25', days: 35, extensions: 25, seed: 3 })].join('\n')}\n`);
writeFileSync(join(dir, 'tollguard.json'), JSON.stringify({ pbx: { timezone: 'America/New_York', trunks: [DEMO_TRUNK] } }));
const state = join(dir, 'state.db');

async function reportOnce(from: string, to: string, name: string) {
  const out = join(dir, name);
  const r = await runCli(['report', '--config', join(dir, 'tollguard.json'), '--csv', csv, '--from', from, '--to', to, '--format', 'json', '--out', out], { env: { TOLLGUARD_STATE: state }, cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  const report = JSON.parse(readFileSync(out, 'utf8'));
  delete report.generatedAt;
  return report;
}

async function storedState() {
  const store = await openStore(storeSchema.parse({ statePath: state }));
  try {
    const days = { from: '2026-10-01', to: '2026-11-30' };
    const findings = (await store.findings(days)).map(({ runId: _r, ...f }) => f);
    return { profiles: await store.loadProfiles(days), findings, known: [...(await store.knownCountries('2026-12-01'))].map(([e, c]) => [e, [...c].sort()]).sort() };
  } finally {
    await store.close();
  }
}

test('the same window twice: same report, same stored profiles, findings and known countries', async () => {
  const first = await reportOnce('2026-11-19', '2026-11-25', 'a.json');
  const stateAfterFirst = await storedState();
  assert.ok(stateAfterFirst.profiles.length > 0);
  assert.ok(stateAfterFirst.findings.some((f) => f.extension === '1007' && f.severity === 'critical'));
  const second = await reportOnce('2026-11-19', '2026-11-25', 'b.json');
  assert.deepEqual(second, first);
  assert.deepEqual(await storedState(), stateAfterFirst);
});

test('an overlapping window replaces only its own days', async () => {
  const before = await storedState();
  await reportOnce('2026-11-24', '2026-11-25', 'c.json');
  const after = await storedState();
  assert.deepEqual(after.profiles, before.profiles);
  assert.deepEqual(after.findings.map((f) => f.fingerprint).sort(), before.findings.map((f) => f.fingerprint).sort());
});

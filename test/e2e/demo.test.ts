// End to end on the demo PBX: 35 days of synthetic CDRs with injected attacks.
// Every attack must be found, critical, on its own extension and day; nothing
// else (the legitimate heavy international callers included) may be flagged.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { planAttacks } from '../../src/demo/generate.js';
import { runCli } from '../helpers/cli.js';

const NOW = '2026-11-26T12:00:00Z';
const dir = mkdtempSync(join(tmpdir(), 'tollguard-demo-'));

test('tollguard demo finds every injected attack and flags nothing else', async () => {
  const r = await runCli(['demo', '--dir', dir, '--now', NOW]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /Open the report: .*report\.html/);
  assert.doesNotMatch(r.stdout, /NOT flagged/);

  const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
  const attacks = planAttacks('2026-11-25');
  for (const a of attacks) {
    const hits = report.findings.filter((f: { extension: string; day: string }) => f.extension === a.extension && f.day === a.day);
    assert.ok(hits.some((f: { severity: string }) => f.severity === 'critical'), `${a.id}: no critical finding for ${a.extension} on ${a.day}`);
  }
  const attacked = new Set(attacks.map((a) => `${a.extension}|${a.day}`));
  const stray = report.findings.filter((f: { extension: string; day: string }) => f.extension !== '*' && !attacked.has(`${f.extension}|${f.day}`));
  assert.deepEqual(stray.map((f: { extension: string; day: string; rule: string }) => `${f.extension} ${f.day} ${f.rule}`), []);
  // The PBX-wide cap may only fire on a day with an attack.
  for (const f of report.findings.filter((f: { extension: string }) => f.extension === '*')) {
    assert.ok(attacks.some((a) => a.day === f.day), `PBX-wide finding on a quiet day ${f.day}`);
  }
  // Sales extensions 1003 and 1009 call abroad every day: active in the window, never flagged.
  for (const ext of ['1003', '1009']) {
    assert.ok(report.profiles.some((p: { extension: string; internationalCalls: number }) => p.extension === ext && p.internationalCalls > 0));
  }
  // The two malformed rows were set aside, not dropped, and the counts add up.
  const s = report.summary;
  assert.equal(s.rowsQuarantined, 2);
  assert.equal(s.rowsRead, s.rowsUsed + s.rowsQuarantined + s.rowsOutsideWindow);
  const quarantined = readFileSync(join(dir, 'quarantine.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(quarantined.length, 2);
  for (const q of quarantined) assert.match(q.where, /Master\.csv$/);

  const html = readFileSync(join(dir, 'report.html'), 'utf8');
  assert.match(html, /1007/);
  assert.doesNotMatch(html, /<script/i);
  const csv = readFileSync(join(dir, 'flagged-calls.csv'), 'utf8');
  assert.ok(csv.split('\r\n').length > 180, 'the attack calls are listed');
});

test('the demo\'s "Run it yourself" command runs as printed on the demo\'s own state, never the real store', async () => {
  // A folder with a space and a quote, and a .env pointing at a PostgreSQL state store that must not be touched.
  const cwd = mkdtempSync(join(tmpdir(), 'tollguard-demo-cwd-'));
  const home = mkdtempSync(join(tmpdir(), 'tollguard-demo-home-'));
  writeFileSync(join(cwd, '.env'), 'DATABASE_URL=postgres://tollguard@127.0.0.1:1/real_state\n');
  const demoDir = join(cwd, "Bob's demo");
  const r = await runCli(['demo', '--dir', demoDir, '--now', NOW], { cwd, env: { HOME: home } });
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.split('\n');
  const printed = lines[lines.findIndex((l) => l.startsWith('Run it yourself')) + 1]!.trim();
  assert.match(printed, /^DATABASE_URL= TOLLGUARD_STATE='.*Bob'\\''s demo\/state\.db' npx tollguard report /);

  // `npx tollguard` resolved to this checkout, as in the folder where `npx tollguard demo` ran.
  const bin = mkdtempSync(join(tmpdir(), 'tollguard-demo-bin-'));
  writeFileSync(join(bin, 'npx'), `#!/bin/sh\n[ "$1" = tollguard ] || exit 99\nshift\nexec "${process.execPath}" --import "${import.meta.resolve('tsx')}" "${fileURLToPath(new URL('../helpers/cli-entry.ts', import.meta.url))}" "$@"\n`, { mode: 0o755 });
  const run = spawnSync('/bin/sh', ['-c', printed], { cwd, env: { PATH: `${bin}:${process.env.PATH}`, HOME: home }, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /1007/);
  assert.ok(existsSync(join(demoDir, 'state.db')), 'the demo folder holds its own state store');
  assert.ok(!existsSync(join(home, '.local', 'share', 'tollguard')), 'the default state store was not touched');
});

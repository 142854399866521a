// The fault probe's layout attack: one 16- or 21-column line at the top of an
// 18-column Master.csv used to fix the layout for the whole file, so every
// later row was quarantined and the attack's critical findings vanished (exit 0,
// no word). Each row's column count decides now, and most rows bad is loud.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fixture } from '../helpers/fixtures.js';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'tollguard-layout-'));
const env = { TRUNKS: 'carrier', HOME_COUNTRY: 'US', TOLLGUARD_STATE: join(dir, 'state.db') };
const window = ['--from', '2026-11-26', '--to', '2026-11-26'];
const master = readFileSync(fixture('Master.csv'), 'utf8');
// The fixture's first row without its uniqueid and userfield (16 columns), and with peeraccount, linkedid, sequence (21).
const first = master.slice(0, master.indexOf('\n'));
const sixteen = first.replace(/,"[^"]*",""$/, '');
const twentyOne = `${first},"","1795674912.61",7`;

async function criticalOf(csv: string): Promise<{ status: number | null; stderr: string; critical: number; quarantined: number }> {
  const path = join(dir, `Master-${Math.random().toString(36).slice(2)}.csv`);
  writeFileSync(path, csv);
  const out = join(dir, 'report.json');
  const r = await runCli(['report', '--csv', path, ...window, '--format', 'json', '--out', out], { env, cwd: dir });
  const report = JSON.parse(readFileSync(out, 'utf8'));
  return { status: r.status, stderr: r.stderr, critical: report.summary.findings.critical, quarantined: report.summary.rowsQuarantined };
}

test('a 16- or 21-column first line changes nothing for the 18-column rows after it', async () => {
  assert.ok(sixteen.endsWith('"DOCUMENTATION"') && sixteen !== first);
  const plain = await criticalOf(master);
  assert.ok(plain.critical > 0, 'the fixture has critical findings');
  for (const line of [sixteen, twentyOne]) {
    const r = await criticalOf(`${line}\n${master}`);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.quarantined, 0);
    assert.equal(r.critical, plain.critical);
    assert.doesNotMatch(r.stderr, /warning/);
  }
});

test('most rows set aside: a warning on standard error and in the report', async () => {
  const junk = Array.from({ length: 40 }, (_, i) => `"junk",${i}`).join('\n');
  const path = join(dir, 'Master.csv');
  writeFileSync(path, `${master}${junk}\n`);
  const r = await runCli(['report', '--csv', path, ...window], { env, cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /warning: .*Master\.csv: 40 of 69 rows were set aside as bad \(the first, line 30: 2 columns/);
  assert.match(r.stdout, /WARNING: 40 of 69 CDR rows were set aside as bad/);
});

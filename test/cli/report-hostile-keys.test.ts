// A CDR whose channel names an endpoint with "|", "@", "%" or a quote in it
// (the fault probe's `PJSIP/a|b-00005001`) must not stop a report: composite
// keys built from CDR data are never split on a character the data can contain.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fixture } from '../helpers/fixtures.js';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'tollguard-keys-'));
const env = { TRUNKS: 'carrier', HOME_COUNTRY: 'US', TOLLGUARD_STATE: join(dir, 'state.db') };
const window = ['--from', '2026-11-26', '--to', '2026-11-26'];

/** One answered call from `endpoint` to +882 through the carrier, as cdr_csv writes it. */
function hostileRow(endpoint: string, n: number): string {
  const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
  return [
    '', '1009', `01188212345${60 + n}`, 'outbound', '"Mallory" <1009>', `PJSIP/${endpoint}-0000500${n}`, `IAX2/127.0.0.1:4569-90${n}`, 'Dial',
    `IAX2/carrier:carrierpw@127.0.0.1/01188212345${60 + n},30`, '2026-11-26 07:00:00', '2026-11-26 07:00:01', '2026-11-26 07:03:01', '181', '180', 'ANSWERED', 'DOCUMENTATION', `1795676400.${n}`, '',
  ].map((v, i) => (i === 10 || i === 12 || i === 13 ? v : q(v))).join(',');
}

test('an endpoint with "|" in its name: the report runs, both the attack and the hostile endpoint are flagged', async () => {
  const csv = join(dir, 'Master.csv');
  const rows = ['a|b', 'a|b|2026-11-26', 'x@y', 'x', '"q"'].map(hostileRow);
  writeFileSync(csv, readFileSync(fixture('Master.csv'), 'utf8') + rows.join('\n') + '\n');
  const out = join(dir, 'report.json');
  const r = await runCli(['report', '--csv', csv, ...window, '--format', 'json', '--out', out, '--fail-on', 'critical'], { env, cwd: dir });
  assert.equal(r.status, 1, `critical findings exit 1: ${r.stderr}`);
  assert.doesNotMatch(r.stderr, /Invalid time value/);
  const report = JSON.parse(readFileSync(out, 'utf8'));
  const flagged = new Set(report.findings.filter((f: { severity: string }) => f.severity === 'critical').map((f: { extension: string }) => f.extension));
  for (const ext of ['1001', 'a|b', 'a|b|2026-11-26', 'x@y', 'x', '"q"']) assert.ok(flagged.has(ext), `${ext} flagged: ${[...flagged].join(', ')}`);
  const charted = new Map(report.flagged.map((f: { extension: string; day: string; series: unknown[] }) => [f.extension, f]));
  const ab = charted.get('a|b') as { day: string; series: { day: string; outboundCalls: number }[] };
  assert.equal(ab.day, '2026-11-26');
  assert.equal(ab.series.at(-1)!.outboundCalls, 1, "a|b's chart counts its own call, not a|b|2026-11-26's");

  // The text report, the CSV of flagged calls and the nightly job's path take the same keys.
  const text = await runCli(['report', '--csv', csv, ...window], { env, cwd: dir });
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /a\|b/);
  const calls = await runCli(['report', '--csv', csv, ...window, '--format', 'csv'], { env, cwd: dir });
  assert.equal(calls.status, 0, calls.stderr);
  assert.match(calls.stdout, /a\|b\|2026-11-26/);
});

test('the nightly run and the sweep take the same hostile rows: they finish and name the extension', async () => {
  const csv = join(dir, 'jobs', 'Master.csv');
  mkdirSync(join(dir, 'jobs'));
  writeFileSync(csv, readFileSync(fixture('Master.csv'), 'utf8') + ['a|b', 'a|b|2026-11-26'].map(hostileRow).join('\n') + '\n');
  const jobEnv = { ...env, CDR_CSV: csv, TOLLGUARD_STATE: join(dir, 'jobs', 'state.db') };
  for (const [job, now] of [['sweep', '2026-11-26T12:00:00Z'], ['nightly', '2026-11-27T06:00:00Z']] as const) {
    const r = await runCli(['run', job, '--now', now], { env: jobEnv, cwd: dir });
    // Exit 1: critical findings and no mail settings to carry them.
    assert.equal(r.status, 1, `${job}: ${r.stderr}`);
    const line = JSON.parse(r.stdout);
    assert.equal(line.status, 'ok', `${job}: ${r.stdout}`);
    const flagged = line.flagged.map((f: { extension: string }) => f.extension);
    for (const ext of ['a|b', 'a|b|2026-11-26']) assert.ok(flagged.includes(ext), `${job} flags ${ext}: ${flagged.join(', ')}`);
  }
});

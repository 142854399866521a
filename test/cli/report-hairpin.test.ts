// `tollguard report` on the real hairpin capture: calls from the PSTN sent out
// again through the trunk, and a DID forwarded abroad through a Local channel.
// No extension made them; the PBX paid for all four.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { hairpinFixture } from '../helpers/fixtures.js';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'tollguard-hairpin-'));
const window = ['--from', '2026-11-27', '--to', '2026-11-27'];

interface JsonFinding { extension: string; rule: string; severity: string; explanation: string; caller?: { kind: string; label: string } }

async function jsonReport(env: Record<string, string>) {
  const out = join(dir, `report-${Object.values(env).join('-') || 'plain'}.json`);
  const r = await runCli(['report', '--csv', hairpinFixture('Master.csv'), ...window, '--format', 'json', '--out', out, '--no-store'], { env: { HOME_COUNTRY: 'US', ...env }, cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(readFileSync(out, 'utf8'));
}

for (const env of [{}, { TRUNKS: 'carrier,pstn-in' }] as Record<string, string>[]) {
  test(`the four calls are outbound and flagged, the hairpins critical; the other legs are not counted (TRUNKS ${JSON.stringify(env)})`, async () => {
    const report = await jsonReport(env);
    const s = report.summary;
    assert.equal(s.outboundCalls, 4);
    assert.equal(s.otherLegs, 4, 'the originate legs');
    assert.equal(s.outboundCalls + s.internalCalls + s.inboundCalls + s.otherLegs + s.blockedCalls, 12);
    assert.equal(s.extensions, 0, 'no extension made them');
    const profiles = Object.fromEntries(report.profiles.map((p: { extension: string }) => [p.extension, p]));
    assert.deepEqual(Object.keys(profiles).sort(), ['fwd:2125550104', 'trunk:pstn-in@from-trunk']);
    assert.equal(profiles['trunk:pstn-in@from-trunk'].outboundCalls, 3);
    assert.equal(profiles['trunk:pstn-in@from-trunk'].caller.label, 'from-trunk via pstn-in');
    assert.equal(profiles['fwd:2125550104'].outboundCalls, 1);
    assert.equal(profiles['fwd:2125550104'].caller.label, 'forward of DID 2125550104 (from-trunk via pstn-in)');
    const t2t = (report.findings as JsonFinding[]).filter((f) => f.rule === 'trunk-to-trunk');
    assert.deepEqual(t2t.map((f) => [f.extension, f.severity]).sort(), [['fwd:2125550104', 'critical'], ['trunk:pstn-in@from-trunk', 'critical']]);
    const hairpin = t2t.find((f) => f.extension.startsWith('trunk:'))!;
    assert.match(hairpin.explanation, /3 call\(s\) on 2026-11-27 came in from the PSTN and left again through the trunk/);
    assert.match(hairpin.explanation, /Check context from-trunk \(asterisk -rx "dialplan show from-trunk"\).*include => outbound.*DISA/);
    assert.match(hairpin.explanation, /tollguard cannot lock a trunk/);
    assert.equal(hairpin.caller?.kind, 'trunk');
    const forward = t2t.find((f) => f.extension.startsWith('fwd:'))!;
    assert.match(forward.explanation, /ALLOWED_FORWARDS=2125550104:\+5351234567/);
  });
}

test('the text report names the path, never the dialled number as an extension', async () => {
  const r = await runCli(['report', '--csv', hairpinFixture('Master.csv'), ...window, '--no-store', '--fail-on', 'critical'], { env: { HOME_COUNTRY: 'US' }, cwd: dir });
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stdout, /\d\. CRITICAL from-trunk via pstn-in \(no extension\)  2026-11-27/);
  assert.match(r.stdout, /\d\. CRITICAL forward of DID 2125550104 \(from-trunk via pstn-in\)  2026-11-27/);
  // No extension to lock: what to change instead, and no lockout command for a trunk.
  assert.match(r.stdout, /do now: Close the door in the dialplan \(from-trunk via pstn-in\)/);
  assert.doesNotMatch(r.stdout, /lockout add (trunk|fwd):/);
  assert.doesNotMatch(r.stdout, /extension 0115351234567/);
  assert.match(r.stdout, /extensions with outbound calls: 0/);
});

test('an allowed forward is not flagged by trunk-to-trunk; the hairpins still are', async () => {
  const report = await jsonReport({ ALLOWED_FORWARDS: '2125550104:+53*' });
  const t2t = (report.findings as JsonFinding[]).filter((f) => f.rule === 'trunk-to-trunk');
  assert.deepEqual(t2t.map((f) => f.extension), ['trunk:pstn-in@from-trunk']);
});

test('the flagged calls CSV lists the four calls under their trunk and forward', async () => {
  const out = join(dir, 'calls.csv');
  const r = await runCli(['report', '--csv', hairpinFixture('Master.csv'), ...window, '--format', 'csv', '--out', out, '--no-store'], { env: { HOME_COUNTRY: 'US' }, cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  const rows: Record<string, string>[] = parse(readFileSync(out), { columns: true });
  assert.deepEqual(rows.map((row) => row.extension).sort(), ['fwd:2125550104', 'trunk:pstn-in@from-trunk', 'trunk:pstn-in@from-trunk', 'trunk:pstn-in@from-trunk']);
  assert.deepEqual(rows.map((row) => row.e164).sort(), ['="+5351234567"', '="+53581234567"', '="+53581234568"', '="+882161234562"']);
  assert.ok(rows.every((row) => row.flagged === 'yes' && (row.flagged_by ?? '').includes('trunk-to-trunk')), 'every call abroad is one the finding is about');
});

test('lockout never tries to lock a trunk or a forward without an extension, and says why', async () => {
  const env = { HOME_COUNTRY: 'US', LOCKOUT_MODE: 'dry-run', TOLLGUARD_STATE: join(dir, 'state.db') };
  const r = await runCli(['report', '--csv', hairpinFixture('Master.csv'), ...window, '--lockout', '--now', '2026-11-28T06:00:00Z'], { env, cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  assert.doesNotMatch(r.stderr, /lockout (dry-run|active|pending)/);
  assert.match(r.stderr, /lockout skipped: trunk:pstn-in@from-trunk \([a-z-]+\): not an extension \(a trunk: from-trunk via pstn-in\)/);
  assert.match(r.stderr, /lockout skipped: fwd:2125550104 \([a-z-]+\): not an extension \(a forward: forward of DID 2125550104/);
});

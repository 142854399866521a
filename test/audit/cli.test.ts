// `tollguard audit` end to end: formats, --out, --fail-on, and that no secret
// from the files ever reaches the output.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { AUDIT_FIXTURES } from '../helpers/audit.js';

const WEAK = `${AUDIT_FIXTURES}weak`;
const ENV = { LOCKOUT_MODE: 'enforce', AMI_USERNAME: 'tollguard' };
/** Every password in the weak tree and the hostile one below. */
const SECRETS = ['Summer2024', 'Lk29vXw81Qz7Tr4M', 'S3cr3t-<b>-pw'];

describe('tollguard audit (CLI)', () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'tollguard-audit-cli-'));
    cpSync(WEAK, join(dir, 'etc'), { recursive: true });
    // A context name and a password an attacker would choose, for the escaping checks.
    writeFileSync(join(dir, 'etc', 'pjsip.conf'), `${readFileSync(join(WEAK, 'pjsip.conf'), 'utf8')}\n[evil]\ntype=endpoint\ncontext=<script>alert(1)</script>\x1b[2J\n[evil]\ntype=auth\nusername=evil\npassword=S3cr3t-<b>-pw\n`);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('JSON: {"findings": [{check, severity, file, line, title, explanation, fix}]}, file relative to --etc', async () => {
    const r = await runCli(['audit', '--etc', join(dir, 'etc'), '--format', 'json'], { env: ENV });
    assert.equal(r.status, 0, r.stderr);
    const j = JSON.parse(r.stdout) as { findings: Record<string, unknown>[] };
    assert.ok(j.findings.length > 20);
    for (const f of j.findings) {
      assert.deepEqual(Object.keys(f), ['check', 'severity', 'file', 'line', 'title', 'explanation', 'fix']);
      assert.ok(!String(f.file).startsWith('/'), String(f.file));
    }
    for (const s of SECRETS) assert.ok(!r.stdout.includes(s), s);
  });

  it('text: control characters from the files never reach the terminal; no secret', async () => {
    const r = await runCli(['audit', '--etc', join(dir, 'etc')], { env: ENV });
    assert.match(r.stdout, /^tollguard audit of .*: \d+ critical, \d+ warning, \d+ info/);
    assert.ok(!r.stdout.includes('\x1b'), 'no escape sequence');
    for (const s of SECRETS) assert.ok(!r.stdout.includes(s), s);
  });

  it('HTML, written atomically with --out: escaped, self-contained, no secret', async () => {
    const out = join(dir, 'audit.html');
    const r = await runCli(['audit', '--etc', join(dir, 'etc'), '--format', 'html', '--out', out], { env: ENV });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, '');
    const html = readFileSync(out, 'utf8');
    assert.match(html, /^<!DOCTYPE html>/);
    assert.ok(!html.includes('<script>'), 'context name escaped');
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.doesNotMatch(html, /<link|src=/);
    for (const s of SECRETS) assert.ok(!html.includes(s) && !html.includes(s.replace('<', '&lt;').replace('>', '&gt;')), s);
    assert.deepEqual(readdirSync(dir).filter((n) => n.endsWith('.tmp')), []);
  });

  it('--fail-on: exit 1 at or above the severity, 0 below it; bad values are usage errors', async () => {
    assert.equal((await runCli(['audit', '--etc', join(dir, 'etc'), '--fail-on', 'critical'], { env: ENV })).status, 1);
    assert.equal((await runCli(['audit', '--etc', `${AUDIT_FIXTURES}hardened`, '--fail-on', 'info'], { env: ENV })).status, 0);
    const bad = await runCli(['audit', '--etc', WEAK, '--fail-on', 'high']);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--fail-on takes info or warning or critical/);
  });

  it('AUDIT_ETC is the default folder; the command is listed in --help', async () => {
    const r = await runCli(['audit', '--format', 'json'], { env: { ...ENV, AUDIT_ETC: `${AUDIT_FIXTURES}hardened` } });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout).findings, []);
    assert.match((await runCli(['--help'])).stdout, /audit +check the PBX's own configuration files/);
    assert.ok(existsSync(`${AUDIT_FIXTURES}hardened/README.md`));
  });
});

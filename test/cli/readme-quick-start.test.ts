// The README's quick start: the demo figures it quotes come back when the demo
// is run as the README says (with the --now it names: the demo is built
// relative to today), the "2 set aside" rows are explained, and the commands
// "on your PBX" use the installed `tollguard` command, not npx (which outside
// the tollguard folder fetches whatever package the npm registry has by that name).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../helpers/cli.js';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const section = (title: string) => README.slice(README.indexOf(`## ${title}`), README.indexOf('\n## ', README.indexOf(`## ${title}`) + 3));

test("the README's demo figures come back with the --now it names beside them", async () => {
  const quick = section('Quick start');
  const now = /tollguard demo --now (\S+?)`/.exec(quick)?.[1];
  assert.ok(now, 'the quick start names the --now its figures come from');
  const reading = section('Reading a report');
  assert.ok(reading.includes(`tollguard demo --now ${now}`), 'so does the report excerpt');
  const excerpt = /```\n(5 incidents need action[^\n]*)\n[\s\S]*?\n(1\. CRITICAL[^\n]*)\n([^\n]*)\n/.exec(reading)!;
  assert.ok(excerpt, 'the excerpt is there');
  const dir = mkdtempSync(join(tmpdir(), 'tollguard-readme-'));
  const r = await runCli(['demo', '--now', now!, '--dir', join(dir, 'demo')], { cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  const text = readFileSync(join(dir, 'demo', 'report.txt'), 'utf8');
  for (const line of excerpt.slice(1)) assert.ok(text.includes(`${line}\n`), `README line not in the demo's report.txt: ${line}`);
  assert.ok(quick.includes('USD 3,732.49') && text.includes('USD 3,732.49 estimated'));
  // The demo sets two rows aside on purpose; the README says so.
  assert.match(r.stdout, /\b2 set aside\b/);
  assert.match(quick, /"2 set aside": the demo writes two malformed CDR rows on purpose/);
});

test('the commands for your PBX use the installed tollguard command (docs/deployment.md), not npx', () => {
  const quick = section('Quick start');
  const pbx = quick.slice(quick.indexOf('On your PBX'));
  assert.match(pbx, /\/opt\/tollguard/);
  assert.match(pbx, /\/usr\/local\/bin\/tollguard/);
  assert.match(pbx, /docs\/deployment\.md/);
  const blocks = [...pbx.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
  assert.ok(blocks.length > 0);
  for (const b of blocks) {
    assert.doesNotMatch(b, /npx /, b);
    assert.match(b, /^sudo tollguard report /m);
  }
});

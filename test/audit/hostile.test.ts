// Hostile configuration folders: include loops, a missing include, a binary
// file, a 1 MB line, 10,000 contexts. Clear errors with file and line, no
// hang, no crash, through the real command.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../helpers/cli.js';

describe('audit on hostile input', () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'tollguard-hostile-'));
    const contexts: string[] = ['[general]\nstatic=yes\n'];
    for (let i = 0; i < 10_000; i++) contexts.push(`[ctx${i}]\nexten => _X.,1,Goto(ctx${i + 1},\${EXTEN},1)\ninclude => ctx${(i * 7) % 10_000}\n`);
    contexts.push('[ctx10000]\nexten => _X.,1,Dial(PJSIP/${EXTEN}@carrier)\n');
    contexts.push('[guest]\ninclude => ctx0\n#include loop-a.conf\n#include missing.conf\n#include blob.conf\n');
    writeFileSync(join(dir, 'extensions.conf'), contexts.join(''));
    writeFileSync(join(dir, 'loop-a.conf'), '#include loop-b.conf\n');
    writeFileSync(join(dir, 'loop-b.conf'), '#include loop-a.conf\n');
    writeFileSync(join(dir, 'blob.conf'), Buffer.concat([Buffer.from('[x]\n'), Buffer.from([0, 1, 2, 255, 0])]));
    writeFileSync(join(dir, 'pjsip.conf'), `[anonymous]\ntype=endpoint\ncontext=guest\nnote=${'A'.repeat(1024 * 1024)}\n`);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('names every problem with file and line, still walks 10,000 contexts to the trunk, exits normally', async () => {
    const r = await runCli(['audit', '--etc', dir, '--format', 'json']);
    assert.equal(r.status, 0, r.stderr);
    const { findings } = JSON.parse(r.stdout) as { findings: { check: string; file: string; line: number; explanation: string }[] };
    const problems = findings.filter((f) => f.check === 'config-file').map((f) => `${f.file}:${f.line} ${f.explanation}`);
    const has = (where: string, what: RegExp) => assert.ok(problems.some((p) => p.startsWith(`${where} `) && what.test(p)), `${where} ${what}\n${problems.join('\n')}`);
    has('loop-b.conf:1', /includes a file that is already being read \(loop-a.conf -> loop-b.conf -> loop-a.conf\)/);
    has('extensions.conf:30008', /#include missing.conf: no such file/);
    has('blob.conf:2', /not a text file/);
    has('pjsip.conf:4', /longer than 8190 bytes: Asterisk skips it/);
    const door = findings.find((f) => f.check === 'dialplan-unauthenticated-trunk');
    assert.ok(door, 'the walk through 10,000 contexts reaches the trunk');
    assert.match(door!.explanation, /\[ctx10000\]/);
    assert.ok(r.stdout.length < 2_000_000, 'the 1 MB line is not echoed');
  });

  it('a folder that does not exist, or holds no Asterisk files: exit 3 with the reason', async () => {
    const missing = await runCli(['audit', '--etc', join(dir, 'nope')]);
    assert.equal(missing.status, 3);
    assert.match(missing.stderr, /nope: no such folder/);
    const empty = mkdtempSync(join(tmpdir(), 'tollguard-empty-'));
    try {
      const r = await runCli(['audit', '--etc', empty]);
      assert.equal(r.status, 3);
      assert.match(r.stderr, /holds none of the files tollguard audits/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

// The configuration reader against main/config.c's behaviour, and hostile input.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parseConfigText } from '../../src/audit/config/parse.js';
import { expandBraces, loadConfigFile } from '../../src/audit/config/load.js';
import { diskSource } from '../../src/audit/config/node-source.js';
import { category, value } from '../../src/audit/config/types.js';
import { ETC, memorySource } from '../helpers/audit.js';

const load = (files: Record<string, string | Buffer>, name = 'x.conf') => loadConfigFile(name, { etc: ETC, source: memorySource(files) });

describe('config reader: syntax', () => {
  it('comments: ";" ends a line, "\\;" is a literal ";", ";-- --;" spans lines and nests, ";---" is a plain comment', () => {
    const f = load({ 'x.conf': '[a]\nk1 = v1 ; comment\nk2 = a\\;b\n;-- block\nk3 = hidden\n ;-- nested --;\nstill = hidden\n--; k4 = after\nk5 = x ;--- not a block\nk6 = y\n' });
    const a = category(f, 'a')!;
    assert.deepEqual(a.vars.map((v) => [v.name, v.value, v.line]), [['k1', 'v1', 2], ['k2', 'a;b', 3], ['k4', 'after', 8], ['k5', 'x', 9], ['k6', 'y', 10]]);
  });

  it('a "--;" with no block open: Asterisk ignores every later line, and says so', () => {
    const f = load({ 'x.conf': '[a]\nk1 = v--;\nk2 = lost\n' });
    assert.deepEqual(category(f, 'a')!.vars.map((v) => v.name), ['k1']);
    assert.match(f.problems[0]!.message, /ignores every line after this one/);
  });

  it('"=" and "=>", "+=" appending, and a leading backslash escape', () => {
    const f = load({ 'x.conf': '[a]\nexten => 1,1,NoOp(a=b)\nallow = ulaw\nallow += ,alaw\n\\[x = y\n' });
    const a = category(f, 'a')!;
    assert.deepEqual(a.vars.map((v) => [v.name, v.value, v.object]), [['exten', '1,1,NoOp(a=b)', true], ['allow', 'ulaw,alaw', false], ['[x', 'y', false]]);
  });

  it('templates: (!) is no object, (tpl) copies its lines first (file and line kept), (+) adds to the first non-template of that name', () => {
    const f = load({ 'x.conf': '[t](!)\ncontext=from-internal\n[1001](t)\nauth=1001\n[1001](+)\ncallerid=Alice\n[1001]\ntype=aor\n' });
    assert.equal(f.categories.filter((c) => !c.template).length, 2);
    const ep = category(f, '1001')!;
    assert.deepEqual(ep.bases, ['t']);
    assert.deepEqual(ep.vars.map((v) => [v.name, v.line, v.inherited]), [['context', 2, true], ['auth', 4, false], ['callerid', 6, false]]);
    assert.equal(value(ep, 'context'), 'from-internal');
  });

  it('errors that make Asterisk refuse the file name file and line', () => {
    const f = load({ 'x.conf': 'orphan=1\n[a](nosuch)\n[b\n[c](+)\n[d](!\n' });
    const lines = f.problems.map((p) => p.line).sort((a, b) => a - b);
    assert.deepEqual(lines, [1, 2, 3, 4, 5]);
    assert.ok(f.problems.every((p) => p.fileRejected && p.file === 'x.conf'));
    assert.match(f.problems.find((p) => p.line === 2)!.message, /inherits from "nosuch"/);
  });

  it('a UTF-8 BOM on the first line and CRLF line ends', () => {
    const f = load({ 'x.conf': '\uFEFF[a]\r\nk = v\r\n' });
    assert.equal(value(category(f, 'a')!, 'k'), 'v');
  });

  it('lines longer than 8190 bytes are skipped, as Asterisk does, with a problem naming the line', () => {
    const p = parseConfigText(`[a]\nk=${'x'.repeat(8188)}\nlong=${'y'.repeat(1_000_000)}\nafter=1\n`);
    assert.deepEqual(p.statements.map((s) => (s.kind === 'var' ? s.name : s.kind)), ['category', 'k', 'after']);
    assert.deepEqual(p.problems.map((x) => [x.line, x.kind]), [[3, 'long-line']]);
  });
});

describe('config reader: #include', () => {
  it('paths are relative to the configuration folder (not the including file); globs and {a,b} expand in order', () => {
    const f = load({
      'x.conf': '[a]\nk0=0\n#include sub/*.conf\n#include "other.conf"\n#tryinclude <{one,two}.conf>\n',
      'sub/1.conf': 'k1=1\n#include inner.conf\n',
      'sub/2.conf': '[b]\nk2=2\n',
      'inner.conf': 'kin=in\n',
      'other.conf': 'k3=3\n',
      'two.conf': 'k4=4\n',
    });
    assert.deepEqual(f.files, ['x.conf', 'sub/1.conf', 'inner.conf', 'sub/2.conf', 'other.conf', 'two.conf']);
    // The included file's lines continue the current category.
    assert.deepEqual(category(f, 'a')!.vars.map((v) => `${v.name}@${v.file}:${v.line}`), ['k0@x.conf:2', 'k1@sub/1.conf:1', 'kin@inner.conf:1']);
    assert.deepEqual(category(f, 'b')!.vars.map((v) => v.name), ['k2', 'k3', 'k4']);
    assert.deepEqual(f.problems, []);
  });

  it('a missing #include names file and line; a missing #tryinclude is fine', () => {
    const f = load({ 'x.conf': '[a]\n#tryinclude gone.conf\n#include gone.conf\n#include none/*.conf\n' });
    assert.deepEqual(f.problems.map((p) => [p.file, p.line, p.kind, p.fileRejected]), [['x.conf', 3, 'missing-include', true], ['x.conf', 4, 'missing-include', true]]);
  });

  it('include loops stop at once with the chain named, no hang', () => {
    const f = load({ 'x.conf': '[a]\n#include b.conf\n', 'b.conf': 'k=1\n#include c.conf\n', 'c.conf': '#include b.conf\n#include x.conf\n' });
    const loops = f.problems.filter((p) => p.kind === 'include-loop');
    assert.deepEqual(loops.map((p) => [p.file, p.line]), [['c.conf', 1], ['c.conf', 2]]);
    assert.match(loops[0]!.message, /\(b.conf -> c.conf -> b.conf\)/);
    assert.match(loops[1]!.message, /\(x.conf -> b.conf -> c.conf -> x.conf\)/);
  });

  it('more than 10 nested levels: Asterisk refuses the file', () => {
    const files: Record<string, string> = { 'x.conf': '[a]\n#include l1.conf\n' };
    for (let i = 1; i <= 12; i++) files[`l${i}.conf`] = `k${i}=${i}\n#include l${i + 1}.conf\n`;
    const f = load(files);
    const deep = f.problems.find((p) => p.kind === 'include-depth')!;
    assert.equal(deep.file, 'l10.conf');
    assert.equal(deep.line, 2);
  });

  it('a binary file is refused with the line of its first NUL byte; #exec is named, never run', () => {
    const f = load({ 'x.conf': '[a]\n#include bin.conf\n#exec /bin/sh -c "touch /tmp/tollguard-pwned"\n', 'bin.conf': Buffer.from([0x6b, 0x3d, 0x31, 0x0a, 0x00, 0xff, 0xfe]) });
    assert.deepEqual(f.problems.map((p) => [p.file, p.line, p.kind]), [['bin.conf', 2, 'binary'], ['x.conf', 3, 'exec']]);
    assert.match(f.problems[1]!.message, /^#exec \/bin\/sh is not run by tollguard/);
  });

  it('brace expansion', () => {
    assert.deepEqual(expandBraces('/a/{x,y{1,2}}.conf'), ['/a/x.conf', '/a/y1.conf', '/a/y2.conf']);
    assert.deepEqual(expandBraces('/a/{x}.conf'), ['/a/{x}.conf']);
  });
});

describe('config reader on disk', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tollguard-audit-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('globs on disk: sorted, dotfiles skipped, directories ignored, unreadable text is not a crash', () => {
    mkdirSync(join(dir, 'd'));
    mkdirSync(join(dir, 'd', 'sub.conf'));
    writeFileSync(join(dir, 'd', 'b.conf'), 'kb=1\n');
    writeFileSync(join(dir, 'd', 'a.conf'), 'ka=1\n');
    writeFileSync(join(dir, 'd', '.hidden.conf'), 'kh=1\n');
    writeFileSync(join(dir, 'x.conf'), '[a]\n#include d/*.conf\n');
    const f = loadConfigFile('x.conf', { etc: dir, source: diskSource });
    assert.deepEqual(f.files, ['x.conf', 'd/a.conf', 'd/b.conf']);
    assert.deepEqual(f.problems, []);
  });
});

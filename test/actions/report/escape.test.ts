import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { csvCell, csvText, escapeHtml, jsonLine, oneLine, terminalText } from '../../../src/actions/report/escape.js';
import { HOSTILE } from '../../helpers/report.js';

test('escapeHtml turns markup and both quote kinds into entities', () => {
  assert.equal(escapeHtml(HOSTILE.script), '&lt;script&gt;alert(1)&lt;/script&gt;');
  assert.equal(escapeHtml(`a&b 'c' "d"`), 'a&amp;b &#39;c&#39; &quot;d&quot;');
  assert.equal(escapeHtml(null), '');
  assert.equal(escapeHtml(42), '42');
});

test('escapeHtml shows control characters and bidi overrides as U+FFFD, keeps line breaks', () => {
  assert.equal(escapeHtml('a\x00b\x1bc\x7fd\u0085e'), 'a\uFFFDb\uFFFDc\uFFFDd\uFFFDe');
  assert.equal(escapeHtml(HOSTILE.bidi), 'evil\uFFFDgnp.exe');
  assert.equal(escapeHtml('a\tb\nc'), 'a\tb\nc');
});

test('csvCell neutralises formulas with a leading apostrophe', () => {
  for (const s of [HOSTILE.formula, HOSTILE.at, '+cmd', '-2+3', '\t=1', '  =1+1', '\uFF1D1+1']) {
    const cell = csvCell(s);
    const [row] = parse(cell + '\r\n', { relax_quotes: false }) as string[][];
    assert.equal(row![0], `'${s}`, `cell for ${JSON.stringify(s)} was ${JSON.stringify(cell)}`);
  }
});

test('csvCell leaves bare numbers and E.164 numbers as they are', () => {
  for (const s of ['+88216123456', '-3', '+1.5', '0088216123456', '42']) assert.equal(csvCell(s), s);
  assert.equal(csvCell(-3), '-3');
  assert.equal(csvCell(Number.NaN), '');
  assert.equal(csvCell(true), 'true');
  assert.equal(csvCell(null), '');
  // Not a bare number: a formula can follow the digits.
  assert.equal(csvCell('+44 20 7946 0000'), "'+44 20 7946 0000");
  assert.equal(csvCell('-1+cmd'), "'-1+cmd");
});

test('csvCell quotes per RFC 4180 and the value parses back', () => {
  for (const s of [HOSTILE.multiline, 'a,b', 'say "hi"', 'x;y', ' padded ', 'plain']) {
    const [row] = parse(`${csvCell(s)},end\r\n`) as string[][];
    assert.deepEqual(row, [s.replace(/\r\n/g, '\n'), 'end']);
  }
  assert.equal(csvCell('plain'), 'plain');
  assert.equal(csvCell('say "hi"'), '"say ""hi"""');
});

test('oneLine removes line breaks and control characters and bounds the length', () => {
  assert.equal(oneLine('Subject\r\nBcc: victim@example.com'), 'Subject Bcc: victim@example.com');
  assert.equal(oneLine(HOSTILE.ansi), 'Alice [2J [H');
  assert.ok(!oneLine(HOSTILE.ansi).includes('\x1b'));
  assert.equal(oneLine('  a \t\t b  '), 'a b');
  assert.equal(oneLine('abcdefghij', 5), 'abcd…');
  assert.equal(Array.from(oneLine('😀😀😀😀😀😀', 4)).length, 4);
  assert.equal(oneLine('abc', 3), 'abc');
  assert.equal(oneLine(undefined, 3), '');
});

test('csvText keeps digit strings text in a spreadsheet and leaves everything else to csvCell', () => {
  for (const s of ['011882373925276', '+88216123456', '1007', '1764051325.123']) {
    const [row] = parse(`${csvText(s)}\r\n`) as string[][];
    assert.equal(row![0], `="${s}"`, s);
  }
  assert.equal(csvText(HOSTILE.formula), csvCell(HOSTILE.formula));
  assert.equal(csvText('-3'), '-3');
  assert.equal(csvText('PJSIP/1007-0000002a'), 'PJSIP/1007-0000002a');
  assert.equal(csvText(null), '');
});

test('csvCell and csvText drop what would steer a terminal (ESC, BEL, BS, C1, bidi overrides) and keep quoted line breaks', () => {
  const hostile = 'Mal\x1b]0;pwned\x07lo\x08\x08ry\u009b31m\u202Egnp.exe';
  for (const cell of [csvCell(hostile), csvText(hostile), csvCell(`=${hostile}`)]) {
    assert.doesNotMatch(cell, /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/, JSON.stringify(cell));
    assert.match(cell, /Mal\uFFFD\]0;pwned\uFFFDlo\uFFFD\uFFFDry\uFFFD31m\uFFFDgnp\.exe/, 'replaced visibly, not dropped');
  }
  assert.equal(csvCell('line one\nline two'), '"line one\nline two"', 'RFC 4180 keeps a quoted line break');
  assert.equal(csvCell('\x01=cmd'), '\uFFFD=cmd', 'a control before = is no way around the formula guard');
});

test('csvCell and csvText: a lone CR becomes U+FFFD and CR LF inside a field becomes LF, so no CR reaches a terminal', () => {
  assert.equal(csvText('"Line1\rSPOOFED" <888>'), '"""Line1\uFFFDSPOOFED"" <888>"');
  assert.equal(csvCell('line one\r\nline two'), '"line one\nline two"');
  assert.equal(csvCell('a\r\r\nb\rc'), '"a\uFFFD\nb\uFFFDc"');
  assert.equal(csvCell('\r=1'), '\uFFFD=1', 'a CR before = is no way around the formula guard either');
  const [row] = parse(`${csvCell('line one\r\nline two')},end\r\n`) as string[][];
  assert.deepEqual(row, ['line one\nline two', 'end'], 'the field is still one quoted CSV field');
});

test('terminalText: each line cleaned as oneLine cleans it, line breaks and indentation kept', () => {
  assert.equal(terminalText('bad row\x1b[2J\x1b[H: "x\r"\n  second\u202E line\u0085'), 'bad row [2J [H: "x "\n  second  line ');
});

test('jsonLine: the same JSON, with the C1 controls and bidi overrides JSON.stringify leaves raw escaped', () => {
  const value = { extension: '1010\u202Egnp', name: 'Eve\u009b31m\x1b[2J', n: 1 };
  const line = jsonLine(value);
  assert.deepEqual(JSON.parse(line), value);
  assert.doesNotMatch(line, /[\u0000-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/);
});

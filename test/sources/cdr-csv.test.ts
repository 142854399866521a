import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, copyFileSync, mkdirSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { InputError } from '../../src/sources/cdr.js';
import { BadRowError, createCsvSource } from '../../src/sources/cdr-csv.js';
import { PbxClock } from '../../src/time/pbx-clock.js';
import { ALL_DAYS, FIXTURES, csvLine, readAll, tempDir } from './helpers.js';

const MASTER = join(FIXTURES, 'asterisk-22.7/Master.csv');
const SALES = join(FIXTURES, 'asterisk-22.7/sales.csv');
const MALFORMED = join(FIXTURES, 'malformed/Master.csv');
const utc = new PbxClock('UTC');
const ny = new PbxClock('America/New_York');

test('real Asterisk 22.7 Master.csv: every row, exact values', async () => {
  const source = createCsvSource({ paths: [MASTER], clock: utc });
  const { cdrs, bad } = await readAll(source);
  assert.equal(cdrs.length, 29);
  assert.deepEqual(bad, []);
  assert.deepEqual(source.stats, { rowsRead: 29, rowsQuarantined: 0, rowsOutsideWindow: 0, rowsMerged: 0 });
  assert.deepEqual(source.warnings, []);

  const noAnswer = cdrs.find((c) => c.origin === 'Master.csv:28')!;
  assert.equal(noAnswer.answer, null);
  assert.equal(noAnswer.disposition, 'NO ANSWER');
  assert.equal(noAnswer.duration, 30);
  assert.equal(noAnswer.billsec, 0);
  assert.equal(noAnswer.start, Date.parse('2026-11-26T06:35:12Z'));
  assert.equal(noAnswer.end, Date.parse('2026-11-26T06:35:42Z'));

  const alice = cdrs.find((c) => c.origin === 'Master.csv:19')!;
  assert.equal(alice.clid, '"Alice" <1001>');
  assert.equal(alice.channel, 'IAX2/1001-15144');
  assert.equal(alice.dst, '0118821234567');
  assert.equal(alice.lastdata, 'IAX2/carrier:carrierpw@127.0.0.1/0118821234567,30');
  assert.equal(alice.answer, Date.parse('2026-11-26T06:35:12Z'));
  assert.equal(alice.billsec, 8);
  assert.equal(alice.disposition, 'ANSWERED');
  assert.equal(alice.uniqueid, '1795674912.64');
  assert.equal(alice.linkedid, '', 'the 18-column layout has no linkedid');

  const locked = cdrs.find((c) => c.origin === 'Master.csv:26')!;
  assert.equal(locked.userfield, 'tollguard-locked');
  assert.equal(locked.dcontext, 'tollguard-locked');
  assert.equal(locked.disposition, 'FAILED');

  const first = cdrs[0]!;
  assert.equal(first.clid, '"" <>');
  assert.equal(first.src, '');
  assert.equal(first.origin, 'Master.csv:1');
});

test('sales.csv alone is read normally', async () => {
  const source = createCsvSource({ paths: [SALES], clock: utc });
  const { cdrs } = await readAll(source);
  assert.deepEqual(cdrs.map((c) => c.uniqueid), ['1795674912.76', '1795674912.71']);
  assert.ok(cdrs.every((c) => c.accountcode === 'sales'));
  assert.deepEqual(source.warnings, []);
});

test('Master.csv with sales.csv: the per-accountcode copy is skipped with a warning', async () => {
  const source = createCsvSource({ paths: [join(FIXTURES, 'asterisk-22.7/*.csv')], clock: utc });
  const { cdrs } = await readAll(source);
  assert.equal(cdrs.length, 29);
  assert.equal(new Set(cdrs.map((c) => c.uniqueid)).size, 29, 'no duplicates');
  assert.equal(source.warnings.length, 1);
  assert.match(source.warnings[0]!, /sales\.csv.*copies of Master\.csv/);
});

test('--csv history.csv --csv Master.csv: a file of other rows is read, whatever its name', async (t) => {
  const dir = tempDir(t);
  // Last month's Master.csv kept under another name, beside this month's.
  copyFileSync(MASTER, join(dir, 'history.csv'));
  copyFileSync(join(FIXTURES, 'asterisk-22.7-unanswered/Master.csv'), join(dir, 'Master.csv'));
  const source = createCsvSource({ paths: [join(dir, 'history.csv'), join(dir, 'Master.csv')], clock: utc });
  const { cdrs } = await readAll(source);
  assert.equal(cdrs.length, 29 + 140);
  assert.deepEqual(source.warnings, []);
  assert.deepEqual((await source.files()).map((f) => f.path.slice(dir.length + 1)).sort(), ['Master.csv', 'history.csv']);
});

test('a per-accountcode file is skipped only when its rows are copies of an input\'s rows', async (t) => {
  const dir = tempDir(t);
  // sales.csv beside a Master.csv that does not hold its rows (rotated away): its calls are read.
  copyFileSync(SALES, join(dir, 'sales.csv'));
  copyFileSync(join(FIXTURES, 'asterisk-22.7-unanswered/Master.csv'), join(dir, 'Master.csv'));
  const apart = createCsvSource({ paths: [join(dir, '*.csv')], clock: utc });
  assert.equal((await readAll(apart)).cdrs.length, 140 + 2);
  assert.deepEqual(apart.warnings, []);
  // With accountlogs=yes and rotated together: sales.csv repeats Master.csv's sales rows, sales.csv.1 Master.csv.1's.
  const unanswered = readFileSync(join(FIXTURES, 'asterisk-22.7-unanswered/Master.csv'), 'utf8').split('\n');
  writeFileSync(join(dir, 'sales.csv'), `${unanswered.filter((l) => l.startsWith('"sales"')).join('\n')}\n`);
  copyFileSync(SALES, join(dir, 'sales.csv.1'));
  copyFileSync(MASTER, join(dir, 'Master.csv.1'));
  const rotated = createCsvSource({ paths: [join(dir, '*.csv*')], clock: utc });
  assert.equal((await readAll(rotated)).cdrs.length, 140 + 29);
  assert.equal(rotated.warnings.length, 2, rotated.warnings.join('\n'));
  assert.match(rotated.warnings.join('\n'), /skipped .*sales\.csv: its rows are copies of Master\.csv's beside it/);
  assert.match(rotated.warnings.join('\n'), /skipped .*sales\.csv\.1: its rows are copies of Master\.csv\.1's beside it/);
});

test('a per-accountcode file sharing only some rows with Master.csv is read, and said', async (t) => {
  const dir = tempDir(t);
  // sales.csv kept longer than Master.csv: a sales call Master.csv no longer holds, then the two it does.
  const older = readFileSync(join(FIXTURES, 'asterisk-22.7-unanswered/Master.csv'), 'utf8').split('\n').find((l) => l.startsWith('"sales"'))!;
  writeFileSync(join(dir, 'sales.csv'), `${older}\n${readFileSync(SALES, 'utf8')}`);
  copyFileSync(MASTER, join(dir, 'Master.csv'));
  const source = createCsvSource({ paths: [join(dir, '*.csv')], clock: utc });
  const { cdrs } = await readAll(source);
  assert.ok(cdrs.some((c) => c.uniqueid === '1795749498.85'), 'the call only sales.csv holds is read');
  assert.equal(source.warnings.length, 1);
  assert.match(source.warnings[0]!, /sales\.csv: some of its rows are also in Master\.csv beside it, and those calls may count twice/);
});

test('16- and 21-column files are detected; missing columns become ""', async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'a.csv'), `${csvLine(16, { uid: 'x' })}\n`);
  writeFileSync(join(dir, 'b.csv'), `${csvLine(21, { uid: 'u21', userfield: 'uf', linkedid: 'L1' })}\n`);
  const a = await readAll(createCsvSource({ paths: [join(dir, 'a.csv')], clock: utc }));
  assert.equal(a.cdrs.length, 1);
  assert.deepEqual([a.cdrs[0]!.uniqueid, a.cdrs[0]!.userfield, a.cdrs[0]!.linkedid, a.cdrs[0]!.amaflags], ['', '', '', 'DOCUMENTATION']);
  const b = await readAll(createCsvSource({ paths: [join(dir, 'b.csv')], clock: utc }));
  assert.deepEqual([b.cdrs[0]!.uniqueid, b.cdrs[0]!.userfield, b.cdrs[0]!.linkedid], ['u21', 'uf', 'L1']);
});

test('17 columns need the layout configured', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'Master.csv');
  writeFileSync(path, `${csvLine(17, { uid: 'only-uid' })}\n`);
  const auto = createCsvSource({ paths: [path], clock: utc });
  const a = await readAll(auto);
  assert.equal(a.cdrs.length, 0);
  assert.match(a.bad[0]!.reason, /^17 columns: .*set CDR_CSV_LAYOUT to uniqueid17 or userfield17/);
  assert.match(auto.warnings.join('\n'), /Master\.csv: 1 of 1 rows were set aside as bad \(the first, line 1: 17 columns/);
  const u = await readAll(createCsvSource({ paths: [path], clock: utc, layout: 'uniqueid17' }));
  assert.equal(u.cdrs[0]!.uniqueid, 'only-uid');
  const f = await readAll(createCsvSource({ paths: [path], clock: utc, layout: 'userfield17' }));
  assert.deepEqual([f.cdrs[0]!.uniqueid, f.cdrs[0]!.userfield], ['', 'only-uid']);
  // A configured layout makes other column counts bad rows.
  const s = await readAll(createCsvSource({ paths: [path], clock: utc, layout: 'standard18' }));
  assert.equal(s.cdrs.length, 0);
  assert.match(s.bad[0]!.reason, /17 columns, layout standard18 has 18/);
});

test('rotated and gzipped files are read oldest first, globs expanded', async (t) => {
  const dir = tempDir(t);
  const line = (uid: string): string => `${csvLine(18, { uid })}\n`;
  writeFileSync(join(dir, 'Master.csv'), line('live'));
  writeFileSync(join(dir, 'Master.csv.1'), line('r1'));
  writeFileSync(join(dir, 'Master.csv.2.gz'), gzipSync(line('r2a') + line('r2b')));
  writeFileSync(join(dir, 'Master.csv.10'), line('r10'));
  const source = createCsvSource({ paths: [join(dir, 'Master.csv*'), join(dir, 'Master.csv')], clock: utc, batchSize: 1 });
  const { cdrs } = await readAll(source);
  assert.deepEqual(cdrs.map((c) => c.uniqueid), ['r10', 'r2a', 'r2b', 'r1', 'live']);
  assert.deepEqual(cdrs.map((c) => c.origin), ['Master.csv.10:1', 'Master.csv.2.gz:1', 'Master.csv.2.gz:2', 'Master.csv.1:1', 'Master.csv:1']);
});

test('a corrupt .gz is an InputError naming the file', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'Master.csv.1.gz');
  writeFileSync(path, gzipSync(`${csvLine(18, { uid: 'a' })}\n`).subarray(0, 15));
  await assert.rejects(readAll(createCsvSource({ paths: [path], clock: utc })), (err: Error) => err instanceof InputError && err.message.includes(path));
});

test('missing files, empty globs and directories are InputErrors naming the path', async (t) => {
  const dir = tempDir(t);
  const missing = join(dir, 'nope/Master.csv');
  for (const [paths, pattern] of [
    [[missing], /CDR file not found: .*nope\/Master\.csv/],
    [[join(dir, '*.csv')], /no CDR file matches .*\*\.csv/],
    [[dir], /is not a file/],
  ] as const) {
    await assert.rejects(readAll(createCsvSource({ paths: [...paths], clock: utc })), (err: Error) => {
      assert.ok(err instanceof InputError, String(err));
      assert.match(err.message, pattern);
      return true;
    });
  }
  if (process.getuid?.() !== 0) {
    const locked = join(dir, 'locked.csv');
    writeFileSync(locked, '');
    chmodSync(locked, 0o000);
    await assert.rejects(readAll(createCsvSource({ paths: [locked], clock: utc })), /cannot read CDR file .*locked\.csv: EACCES/);
  }
});

test('malformed corpus: every bad row is set aside with its line and reason, the good rows survive', async () => {
  const source = createCsvSource({ paths: [MALFORMED], clock: utc });
  const { cdrs, bad } = await readAll(source);
  const expected: [number, RegExp][] = [
    [2, /^17 columns: cdr_csv writes 17 with loguniqueid or loguserfield alone/],
    [4, /^bad start time "2026-11-26 25:61:00"$/],
    [5, /^negative duration -5$/],
    [6, /^billsec "x3" is not a whole number/],
    [7, /^end before start$/],
    [8, /^answer before start$/],
    [9, /^billsec 9 greater than duration 8$/],
    [10, /^field lastdata is 1100 bytes/],
    [11, /invalid UTF-8/],
    [12, /embedded NUL/],
    [13, /^unknown disposition "MAYBE"$/],
    [17, /^malformed CSV: text after a closing quote$/],
    [18, /^malformed CSV: quote inside an unquoted field$/],
    [19, /^1 columns; cdr_csv writes 16, 17, 18 or 21$/],
    [21, /^malformed CSV: quote not closed$/],
  ];
  assert.deepEqual(bad.map((b) => b.line), expected.map(([line]) => line));
  for (const [i, [line, reason]] of expected.entries()) {
    assert.match(bad[i]!.reason, reason, `line ${line}`);
    assert.equal(bad[i]!.where, MALFORMED);
  }
  const rawLines = readFileSync(MALFORMED, 'latin1').split('\n');
  assert.equal(bad.find((b) => b.line === 13)!.raw, rawLines[12], 'raw is the line as written');
  assert.deepEqual(cdrs.map((c) => c.origin), ['1', '3', '14', '16', '20', '22', '23'].map((n) => `Master.csv:${n}`));
  assert.equal(cdrs[2]!.lastdata, 'IAX2/carrier/123\nsecond "line", of lastdata');
  assert.equal(cdrs[3]!.disposition, 'ANSWERED');
  assert.equal(cdrs[4]!.clid, 'Bob "the builder" <1002>');
  assert.equal(cdrs[1]!.answer, null);
  assert.deepEqual(source.stats, { rowsRead: 22, rowsQuarantined: 15, rowsOutsideWindow: 0, rowsMerged: 0 });
});

test('strict mode throws at the first bad row, naming file and line', async () => {
  const source = createCsvSource({ paths: [MALFORMED], clock: utc, strict: true });
  await assert.rejects(readAll(source), (err: Error) => {
    assert.ok(err instanceof BadRowError);
    assert.ok(err instanceof InputError);
    assert.match(err.message, /^.*malformed\/Master\.csv line 2: 17 columns: cdr_csv writes 17/);
    return true;
  });
});

test('window filter by local start day; rowsRead adds up', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'Master.csv');
  // New York: 2026-11-26 23:30 local is 04:30Z on the 27th; the day is still the 26th.
  const lines = [
    csvLine(18, { uid: 'a', start: '2026-11-25 23:59:59' }),
    csvLine(18, { uid: 'b', start: '2026-11-26 00:00:00' }),
    csvLine(18, { uid: 'c', start: '2026-11-26 23:30:00' }),
    'garbage',
    csvLine(18, { uid: 'd', start: '2026-11-27 00:00:00' }),
  ];
  writeFileSync(path, `${lines.join('\n')}\n`);
  const source = createCsvSource({ paths: [path], clock: ny });
  const { cdrs, bad } = await readAll(source, { from: '2026-11-26', to: '2026-11-26' });
  assert.deepEqual(cdrs.map((c) => c.uniqueid), ['b', 'c']);
  assert.ok(cdrs.every((c) => ny.local(c.start).day === '2026-11-26'));
  assert.equal(bad.length, 1);
  assert.deepEqual(source.stats, { rowsRead: 5, rowsQuarantined: 1, rowsOutsideWindow: 2, rowsMerged: 0 });
  assert.equal(source.stats.rowsRead, cdrs.length + source.stats.rowsQuarantined + source.stats.rowsOutsideWindow);
  // Stats restart with each read.
  await readAll(source, { from: '2026-11-25', to: '2026-11-27' });
  assert.deepEqual(source.stats, { rowsRead: 5, rowsQuarantined: 1, rowsOutsideWindow: 0, rowsMerged: 0 });
});

test('GMT stamps versus PBX local time', async () => {
  const local = await readAll(createCsvSource({ paths: [MASTER], clock: ny }));
  assert.equal(local.cdrs[0]!.start, Date.parse('2026-11-26T11:35:12Z'));
  const gmt = await readAll(createCsvSource({ paths: [MASTER], clock: ny, gmt: true }));
  assert.equal(gmt.cdrs[0]!.start, Date.parse('2026-11-26T06:35:12Z'));
  // With GMT stamps 2026-11-26 02:00 is still the 25th in New York.
  assert.equal(ny.local(Date.parse('2026-11-26T02:00:00Z')).day, '2026-11-25');
});

test('CRLF line ends and a last line without newline', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'Master.csv');
  writeFileSync(path, `${csvLine(18, { uid: 'a', userfield: 'x' })}\r\n${csvLine(18, { uid: 'b' })}`);
  const source = createCsvSource({ paths: [path], clock: utc });
  const { cdrs, bad } = await readAll(source);
  assert.deepEqual(bad, []);
  assert.deepEqual(cdrs.map((c) => [c.uniqueid, c.userfield]), [['a', 'x'], ['b', '']]);
  assert.deepEqual(source.warnings, []);
});

test('records spanning chunk boundaries: same records for every chunk size', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'big.csv');
  copyFileSync(MALFORMED, path);
  const whole = await readAll(createCsvSource({ paths: [path], clock: utc }));
  const body = readFileSync(MALFORMED);
  mkdirSync(join(dir, 'x'));
  // Many copies so records straddle the 256 KiB read chunks at varied places.
  const many = Buffer.concat(Array.from({ length: 800 }, () => body));
  writeFileSync(join(dir, 'x/many.csv'), many);
  const big = await readAll(createCsvSource({ paths: [join(dir, 'x/many.csv')], clock: utc }));
  assert.equal(big.cdrs.length, whole.cdrs.length * 800);
  assert.equal(big.bad.length, whole.bad.length * 800);
  const perCopy = body.toString('latin1').split('\n').length - 1;
  assert.deepEqual(big.bad.slice(-whole.bad.length).map((b) => b.line), whole.bad.map((b) => Number(b.line) + perCopy * 799));
  assert.deepEqual(big.bad.slice(-whole.bad.length).map((b) => b.reason), whole.bad.map((b) => b.reason));
});

test('a line over 1 MiB without newline is set aside without being held in memory; reading goes on', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'Master.csv');
  writeFileSync(path, `${csvLine(18, { uid: 'a' })}\n"${'x'.repeat(3 * 1024 * 1024)}\n${csvLine(18, { uid: 'b' })}\n`);
  const source = createCsvSource({ paths: [path], clock: utc });
  const { cdrs, bad } = await readAll(source);
  assert.deepEqual(cdrs.map((c) => c.origin), ['Master.csv:1', 'Master.csv:3']);
  assert.deepEqual(bad.map((b) => [b.line, b.reason.slice(0, 16), b.raw.length < 2000]), [[2, 'line longer than', true]]);
  assert.deepEqual(source.stats, { rowsRead: 3, rowsQuarantined: 1, rowsOutsideWindow: 0, rowsMerged: 0 });
});

test('the same file named twice, or an identical copy, is read once', async (t) => {
  const dir = tempDir(t);
  copyFileSync(MASTER, join(dir, 'Master.csv'));
  copyFileSync(MASTER, join(dir, 'Master.csv.1'));
  const source = createCsvSource({ paths: [join(dir, 'Master.csv*'), join(dir, 'Master.csv')], clock: new PbxClock('UTC') });
  let rows = 0;
  for await (const batch of source.read({ days: ALL_DAYS, onBadRow: () => assert.fail('no bad rows') })) rows += batch.length;
  assert.equal(rows, 29);
  assert.equal(source.stats.rowsRead, 29);
  assert.equal(source.warnings.filter((w) => /already read/.test(w)).length, 1);
});

test('the layout is decided per row: a 16- or 21-column first line does not make the 18-column rows bad', async (t) => {
  const dir = tempDir(t);
  for (const first of [16, 21] as const) {
    const path = join(dir, `Master-${first}.csv`);
    const rows = [csvLine(first, { uid: 'odd', src: '1009' }), ...Array.from({ length: 20 }, (_, i) => csvLine(18, { uid: `u${i}`, userfield: 'uf' }))];
    writeFileSync(path, `${rows.join('\n')}\n`);
    const source = createCsvSource({ paths: [path], clock: utc });
    const { cdrs, bad } = await readAll(source);
    assert.deepEqual(bad, [], `first line of ${first} columns`);
    assert.equal(cdrs.length, 21);
    assert.deepEqual([cdrs[0]!.uniqueid, cdrs[0]!.src], [first === 16 ? '' : 'odd', '1009']);
    assert.deepEqual([cdrs[1]!.uniqueid, cdrs[1]!.userfield, cdrs[1]!.linkedid], ['u0', 'uf', '']);
    assert.deepEqual(source.warnings, []);
  }
});

test('a 17-column row among 18-column ones is set aside, not the end of the run; most rows bad is a warning', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'Master.csv');
  writeFileSync(path, `${[csvLine(17, { uid: 'x' }), csvLine(18, { uid: 'a' }), csvLine(18, { uid: 'b' })].join('\n')}\n`);
  const source = createCsvSource({ paths: [path], clock: utc });
  const { cdrs, bad } = await readAll(source);
  assert.deepEqual(cdrs.map((c) => c.uniqueid), ['a', 'b']);
  assert.equal(bad.length, 1);
  assert.match(bad[0]!.reason, /^17 columns: .*CDR_CSV_LAYOUT.*uniqueid17 or userfield17/);
  assert.deepEqual(source.warnings, []);

  const mostlyBad = join(dir, 'bad', 'Master.csv');
  mkdirSync(join(dir, 'bad'));
  writeFileSync(mostlyBad, `${[csvLine(18, { uid: 'a' }), 'junk,1,2', 'junk,1,2', csvLine(17, { uid: 'x' })].join('\n')}\n`);
  const worse = createCsvSource({ paths: [mostlyBad], clock: utc });
  assert.equal((await readAll(worse)).bad.length, 3);
  assert.equal(worse.warnings.length, 1);
  assert.match(worse.warnings[0]!, /Master\.csv: 3 of 4 rows were set aside as bad .*line 2: 3 columns/);
});

test('a call across the DST fall-back hour: the duration decides which 01:xx was meant (America/New_York, 2026-11-01)', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'Master.csv');
  writeFileSync(path, `${[
    // 01:50 EDT to 01:10 EST: 20 minutes, written as an end before the start.
    csvLine(18, { uid: 'across', start: '2026-11-01 01:50:00', answer: '2026-11-01 01:50:05', end: '2026-11-01 01:10:00', duration: 1200, billsec: 1195 }),
    // Begins in the second 01:xx (EST): start 01:50, end 02:10, 20 minutes.
    csvLine(18, { uid: 'second', start: '2026-11-01 01:50:00', answer: '2026-11-01 01:50:10', end: '2026-11-01 02:10:00', duration: 1200, billsec: 1190 }),
    // Within the first 01:xx: left as read.
    csvLine(18, { uid: 'first', start: '2026-11-01 01:05:00', end: '2026-11-01 01:25:00', duration: 1200, billsec: 1200 }),
    // A real end before the start outside the repeated hour is still bad.
    csvLine(18, { uid: 'bad', start: '2026-11-02 10:00:00', end: '2026-11-02 09:00:00', duration: 1200 }),
  ].join('\n')}\n`);
  const { cdrs, bad } = await readAll(createCsvSource({ paths: [path], clock: ny }));
  assert.deepEqual(bad.map((b) => [b.line, b.reason]), [[4, 'end before start']]);
  const by = Object.fromEntries(cdrs.map((c) => [c.uniqueid, c]));
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  assert.deepEqual([iso(by.across!.start), iso(by.across!.answer), iso(by.across!.end)], ['2026-11-01T05:50:00.000Z', '2026-11-01T05:50:05.000Z', '2026-11-01T06:10:00.000Z']);
  assert.deepEqual([iso(by.second!.start), iso(by.second!.answer), iso(by.second!.end)], ['2026-11-01T06:50:00.000Z', '2026-11-01T06:50:10.000Z', '2026-11-01T07:10:00.000Z']);
  assert.deepEqual([iso(by.first!.start), iso(by.first!.end)], ['2026-11-01T05:05:00.000Z', '2026-11-01T05:25:00.000Z']);
});

// Differential tests: the fast cdr_csv splitter against csv-parse, and the
// stamp shortcut against PbxClock.parseNaive.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { createCsvSource } from '../../src/sources/cdr-csv.js';
import { CsvRecordReader } from '../../src/sources/cdr-csv-reader.js';
import { CSV_PARSE_OPTIONS, INCOMPLETE, RecordSplitter } from '../../src/sources/cdr-csv-split.js';
import { StampParser } from '../../src/sources/cdr-csv-stamp.js';
import { PbxClock } from '../../src/time/pbx-clock.js';
import { FIXTURES, readAll } from './helpers.js';

/** Deterministic PRNG so a failure can be replayed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let x = Math.imul(s ^ (s >>> 15), 1 | s);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const HOSTILE = ['"', '""', ',', '\n', '\r', '\r\n', ' ', 'a', 'Z', '9', 'é', '€', '😀', '\t', '<', '>', ';', "'", '\\', '\u2028'];

function randomText(r: () => number, max: number): string {
  let s = '';
  const n = Math.floor(r() * max);
  for (let i = 0; i < n; i++) s += HOSTILE[Math.floor(r() * HOSTILE.length)]!;
  return s;
}

const quoted = (v: string): string => `"${v.replace(/"/g, '""')}"`;

/** A record: mostly well formed, sometimes with the mistakes of hand edits and hostile input. */
function randomRecord(r: () => number): string {
  const n = 1 + Math.floor(r() * 22);
  const fields: string[] = [];
  for (let k = 0; k < n; k++) {
    const kind = r();
    if (kind < 0.5) fields.push(quoted(randomText(r, 8)));
    else if (kind < 0.7) fields.push(String(Math.floor(r() * 1000)));
    else if (kind < 0.8) fields.push('');
    else if (kind < 0.9) fields.push(randomText(r, 5).replace(/[\n]/g, '')); // bare, may hold stray quotes
    else fields.push(`"${randomText(r, 5)}"${r() < 0.5 ? randomText(r, 2) : ''}`); // broken quoting
  }
  return fields.join(',') + (r() < 0.8 ? '\n' : '\r\n');
}

test('fast splitter = csv-parse on fuzzed records (fields, errors, extent)', () => {
  const r = rng(20261126);
  const fast = new RecordSplitter(true);
  const ref = new RecordSplitter(false);
  let fastHandled = 0, errors = 0;
  for (let iter = 0; iter < 30_000; iter++) {
    const text = randomRecord(r) + randomRecord(r); // a following record, so extents matter
    const a = fast.split(text, 0);
    const b = ref.split(text, 0);
    const ctx = JSON.stringify(text);
    assert.equal(a, b, `extent ${ctx}`);
    if (a === INCOMPLETE) continue;
    assert.equal(fast.error, ref.error, `error ${ctx}`);
    if (ref.error) { errors++; continue; }
    assert.deepEqual(fast.fields.slice(0, fast.count), ref.fields.slice(0, ref.count), `fields ${ctx}`);
    // And csv-parse on the record by itself is the same single row.
    assert.deepEqual(parse(text.slice(0, a), CSV_PARSE_OPTIONS), [ref.fields.slice(0, ref.count)], ctx);
    fastHandled++;
  }
  assert.ok(fastHandled > 5000 && errors > 1000, `both paths exercised: ${fastHandled} ok, ${errors} errors`);
});

/** Reads text through CsvRecordReader in the given chunk sizes; returns [line, fields] per record. */
function readInChunks(bytes: Buffer, chunkSizes: () => number): { rows: [number, string[]][]; bad: [number, string][] } {
  const rows: [number, string[]][] = [];
  const bad: [number, string][] = [];
  const reader = new CsvRecordReader(
    {
      record: (fields, count, line) => rows.push([line, fields.slice(0, count)]),
      bad: (line, reason) => bad.push([line, reason]),
    },
    new RecordSplitter(true),
  );
  for (let p = 0; p < bytes.length; ) {
    const n = Math.max(1, chunkSizes());
    reader.push(bytes.subarray(p, p + n));
    p += n;
  }
  reader.finish(true);
  assert.equal(reader.offset, bytes.length);
  return { rows, bad };
}

test('whole files: the reader yields exactly what csv-parse yields, at the right lines, for any chunking', () => {
  const r = rng(7);
  for (let file = 0; file < 60; file++) {
    const records: string[][] = [];
    let text = '';
    const lines: number[] = [];
    let line = 1;
    for (let k = 0, n = 1 + Math.floor(r() * 60); k < n; k++) {
      const fields = Array.from({ length: 1 + Math.floor(r() * 21) }, () => randomText(r, 10));
      const rec = `${fields.map((f) => (r() < 0.3 && /^[a-zA-Z0-9]*$/.test(f) ? f : quoted(f))).join(',')}${r() < 0.9 ? '\n' : '\r\n'}`;
      if (fields.length === 1 && fields[0] === '') continue; // csv-parse reads a bare "" line as an empty record too; keep it simple
      records.push(fields);
      lines.push(line);
      line += rec.split('\n').length - 1;
      text += rec;
    }
    const bytes = Buffer.from(text);
    assert.deepEqual(parse(text, CSV_PARSE_OPTIONS), records, 'the generator writes what it means');
    for (const chunk of [() => bytes.length, () => 1, () => 1 + Math.floor(r() * 200)]) {
      const got = readInChunks(bytes, chunk);
      assert.deepEqual(got.bad, []);
      assert.deepEqual(got.rows, records.map((f, i) => [lines[i]!, f]));
    }
  }
});

test('real fixtures: the reader and csv-parse agree', () => {
  for (const name of ['asterisk-22.7/Master.csv', 'asterisk-22.7/sales.csv']) {
    const bytes = readFileSync(join(FIXTURES, name));
    const got = readInChunks(bytes, () => 100);
    assert.deepEqual(got.rows.map(([, f]) => f), parse(bytes.toString(), CSV_PARSE_OPTIONS));
    assert.deepEqual(got.rows.map(([l]) => l), got.rows.map((_, i) => i + 1));
  }
});

test('the malformed corpus gives the same result with csv-parse for every record', async () => {
  const clock = new PbxClock('Europe/London');
  const paths = [join(FIXTURES, 'malformed/Master.csv')];
  const fast = await readAll(createCsvSource({ paths, clock }));
  const ref = await readAll(createCsvSource({ paths, clock, parser: 'csv-parse' }));
  assert.deepEqual(fast, ref);
  assert.ok(fast.bad.length > 10 && fast.cdrs.length > 5);
});

test('StampParser = clock.parseNaive, including DST changes and malformed stamps', () => {
  const r = rng(99);
  for (const zone of ['UTC', 'America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'Asia/Kolkata']) {
    const clock = new PbxClock(zone);
    for (const gmt of [false, true]) {
      const fast = new StampParser(clock, gmt);
      const ref = new PbxClock(zone);
      let base = Date.UTC(2026, 0, 1);
      for (let i = 0; i < 20_000; i++) {
        base += Math.floor(r() * 4 * 3_600_000) * (r() < 0.1 ? -1 : 1);
        let stamp = new Date(base).toISOString().slice(0, 19).replace('T', ' ');
        const mutate = r();
        if (mutate < 0.05) stamp = stamp.slice(0, 14) + String(Math.floor(r() * 100)).padStart(2, '0') + stamp.slice(16);
        else if (mutate < 0.1) stamp = stamp.slice(0, 17) + String(Math.floor(r() * 100)).padStart(2, '0');
        else if (mutate < 0.12) stamp = stamp.slice(0, 11) + String(Math.floor(r() * 30)).padStart(2, '0') + stamp.slice(13);
        else if (mutate < 0.14) stamp = stamp.replace(':', 'x');
        else if (mutate < 0.15) stamp = `${stamp}.5`;
        else if (mutate < 0.16) stamp = stamp.slice(0, 8) + '31' + stamp.slice(10);
        const want = ref.parseNaive(stamp, gmt);
        const got = fast.parse(stamp);
        assert.ok(Object.is(got, want), `${zone} gmt=${gmt} ${stamp}: ${got} != ${want}`);
      }
    }
  }
});

// Differential tests of the byte-level reader (cdr-csv-bytes.ts, byte-intern.ts):
// on generated Master.csv files full of what hostile or broken input holds, it
// must give the same records, the same bad rows with the same reasons and raw
// text, and the same line numbers and end offset as csv-parse reading every record.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { ByteInterner } from '../../src/sources/byte-intern.js';
import { ByteSplitter, ESCAPED, QUOTED, SLOT } from '../../src/sources/cdr-csv-bytes.js';
import { createCsvSource } from '../../src/sources/cdr-csv.js';
import { CsvRecordReader } from '../../src/sources/cdr-csv-reader.js';
import { CSV_PARSE_OPTIONS, RecordSplitter } from '../../src/sources/cdr-csv-split.js';
import { PbxClock } from '../../src/time/pbx-clock.js';
import { readAll, tempDir } from './helpers.js';

/** Deterministic PRNG (seeded): a failure replays. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let x = Math.imul(s ^ (s >>> 15), 1 | s);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const q = (s: string): string => `"${s.replace(/"/g, '""')}"`;
const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const pad = (n: number): string => String(n).padStart(2, '0');

const NAMES = ['Alice', 'Bob "the builder"', 'José', 'Zoë, sales', '北京', 'O\'Brien', '', 'a""b', '😀'];
const CONTEXTS = ['from-internal', 'outbound', 'from-trunk', 'default', 'macro-dialout-trunk'];
const APPS = ['Dial', 'Hangup', 'Playback', 'VoiceMail', 'Queue'];
const DISPOSITIONS = ['ANSWERED', 'NO ANSWER', 'BUSY', 'FAILED', 'CONGESTION', 'CANCEL', 'WHATEVER', '8'];

/** One Asterisk-like line of 16, 18 or 21 columns, some fields bare as cdr_csv writes numbers and the empty answer. */
function cdrLine(r: () => number, columns: 16 | 18 | 21, id: number): string[] {
  const ext = String(1000 + Math.floor(r() * 40));
  const dst = r() < 0.5 ? `011${Math.floor(r() * 1e12)}` : String(2000 + Math.floor(r() * 50));
  const t0 = Date.UTC(2026, 10, 1 + Math.floor(r() * 3), Math.floor(r() * 24), Math.floor(r() * 60), Math.floor(r() * 60));
  const dur = Math.floor(r() * 600);
  const bill = r() < 0.7 ? Math.floor(r() * (dur + 1)) : 0;
  const stamp = (t: number) => { const d = new Date(t); return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`; };
  const answered = bill > 0 || r() < 0.3;
  const f = [
    q(r() < 0.8 ? '' : 'acct1'), q(ext), q(dst), q(pick(r, CONTEXTS)), q(`"${pick(r, NAMES)}" <${ext}>`), q(`PJSIP/${ext}-${id.toString(16).padStart(8, '0')}`),
    q(r() < 0.5 ? '' : `PJSIP/telco-${id.toString(16)}`), q(pick(r, APPS)), q(`PJSIP/${dst}@telco,60,tT`), q(stamp(t0)),
    answered ? q(stamp(t0 + (dur - bill) * 1000)) : '', q(stamp(t0 + dur * 1000)), String(dur), String(bill), q(pick(r, DISPOSITIONS)), q('DOCUMENTATION'),
  ];
  if (columns >= 18) f.push(q(`1764${id}.${id % 97}`), q(r() < 0.9 ? '' : pick(r, NAMES)));
  if (columns === 21) f.push(q(''), q(`1764${id}.1`), String(id % 7));
  return f;
}

const EDITS = ['"', '""', ',', '\n', '\r\n', '\r', '\0', 'é', '\u2028', ' '];

/** Mutations of hand edits, truncated writes and hostile input; most lines stay clean. */
function mutate(r: () => number, f: string[]): Buffer {
  const k = Math.floor(r() * f.length);
  const m = r();
  if (m < 0.04) f[k] = `${f[k]}${pick(r, EDITS)}`; // stray character after a field (a quote there is malformed)
  else if (m < 0.08) f[k] = q(`${pick(r, NAMES)}${pick(r, EDITS)}${pick(r, EDITS)}`); // quoted, with quotes, commas or line breaks inside
  else if (m < 0.1) f.push(r() < 0.5 ? q('extra') : '7'); // extra columns
  else if (m < 0.12) f.splice(k, 1); // a column missing
  else if (m < 0.13) f[k] = q('x'.repeat(1020 + Math.floor(r() * 10))); // about Asterisk's 1024-byte limit
  else if (m < 0.15) f[k] = pick(r, ['-5', '1e3', ' 12', '', '""', '"2026-11-31 10:00:00"', '"2026-11-01 25:00:00"', '"yesterday"']);
  else if (m < 0.16) f[k] = `"${f[k]!.replace(/"/g, '')}`; // opened, never closed
  let line = Buffer.from(`${f.join(',')}${r() < 0.85 ? '\n' : '\r\n'}`);
  const b = r();
  if (b < 0.02) { // invalid UTF-8: a lone continuation byte, a cut sequence, 0xff
    const at = Math.floor(r() * (line.length - 1));
    line = Buffer.concat([line.subarray(0, at), Buffer.from(pick(r, [[0x80], [0xc3], [0xe2, 0x82], [0xff]])), line.subarray(at)]);
  } else if (b < 0.03) line = line.subarray(0, Math.floor(r() * line.length)); // truncated: runs into the next line
  else if (b < 0.035) line = Buffer.from('\n');
  return line;
}

function generate(seed: number, lines: number): Buffer {
  const r = rng(seed);
  const parts: Buffer[] = [];
  const columns = pick(r, [16, 18, 21] as const);
  for (let i = 0; i < lines; i++) parts.push(mutate(r, cdrLine(r, r() < 0.97 ? columns : pick(r, [16, 18, 21] as const), i)));
  return Buffer.concat(parts);
}

type Read = { rows: [number, string[]][]; bad: [number, string, string][]; offset: number; line: number };

function readChunked(bytes: Buffer, fastPath: boolean, sizes: () => number): Read {
  const out: Read = { rows: [], bad: [], offset: 0, line: 0 };
  const reader = new CsvRecordReader(
    {
      record: (fields, count, line, raw) => {
        out.rows.push([line, fields.slice(0, count)]);
        // The raw text is the record's own line(s), as the string way gives it.
        if (line % 97 === 0) out.bad.push([line, 'raw', raw.text()]);
      },
      bad: (line, reason, raw) => out.bad.push([line, reason, raw]),
    },
    new RecordSplitter(fastPath, fastPath),
  );
  for (let p = 0; p < bytes.length; ) {
    const n = Math.max(1, sizes());
    reader.push(bytes.subarray(p, p + n));
    p += n;
  }
  reader.finish(true);
  out.offset = reader.offset;
  out.line = reader.line;
  return out;
}

test('byte reader = csv-parse on 120,000 generated lines, chunked at random', () => {
  let fast = 0;
  for (const seed of [1, 2, 3, 4]) {
    const bytes = generate(seed, 30_000);
    // The same chunking for both: whole 256 KiB reads, and 1-4096 bytes at random.
    const chunkings = [() => () => 256 * 1024, () => { const r = rng(seed * 31); return () => 1 + Math.floor(r() * 4096); }];
    for (const chunks of chunkings) {
      const ref = readChunked(bytes, false, chunks());
      const got = readChunked(bytes, true, chunks());
      assert.equal(got.rows.length, ref.rows.length, `seed ${seed}: rows`);
      for (let i = 0; i < ref.rows.length; i++) assert.deepEqual(got.rows[i], ref.rows[i], `seed ${seed} row ${i}`);
      assert.deepEqual(got.bad, ref.bad, `seed ${seed}: bad rows`);
      assert.deepEqual([got.offset, got.line], [ref.offset, ref.line]);
      fast += got.rows.length;
    }
  }
  assert.ok(fast > 150_000, `most lines are records (${fast})`);
});

test('byte reader as a source: the same CDRs and bad rows (reasons, raw, lines) as csv-parse', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'Master.csv');
  const bytes = generate(20261127, 100_000);
  writeFileSync(path, bytes);
  const clock = new PbxClock('America/New_York');
  const got = await readAll(createCsvSource({ paths: [path], clock, parser: 'bytes' }));
  const ref = await readAll(createCsvSource({ paths: [path], clock, parser: 'csv-parse' }));
  assert.equal(got.cdrs.length, ref.cdrs.length);
  for (let i = 0; i < ref.cdrs.length; i++) assert.deepEqual(got.cdrs[i], ref.cdrs[i], `cdr ${i}`);
  assert.deepEqual(got.bad, ref.bad);
  // Every kind of trouble was generated (and so compared).
  const kinds = ['malformed CSV: quote', 'malformed CSV: text after', 'embedded NUL byte', 'invalid UTF-8 (shown as U+FFFD)', 'field clid is', 'bad start time', 'negative duration', 'unknown disposition', '19 columns'];
  for (const kind of kinds) assert.ok(ref.bad.some((b) => b.reason.startsWith(kind)), `no bad row "${kind}..."`);
  assert.ok(ref.cdrs.length > 60_000 && ref.bad.length > 5_000, `${ref.cdrs.length} CDRs, ${ref.bad.length} bad`);
});

test('ByteSplitter: field bounds and flags of the dialect, -1 for anything else', () => {
  const s = new ByteSplitter();
  const fields = (text: string) => {
    const buf = Buffer.from(text);
    const n = s.split(buf, 0, buf.indexOf(10));
    if (n < 0) return null;
    return Array.from({ length: n }, (_, k) => [buf.toString('utf8', s.bounds[k * SLOT]!, s.bounds[k * SLOT + 1]!), s.bounds[k * SLOT + 2]!]);
  };
  assert.deepEqual(fields('"a","b""c",,12,""\n'), [['a', QUOTED], ['b""c', QUOTED | ESCAPED], ['', 0], ['12', 0], ['', QUOTED]]);
  assert.deepEqual(fields('"a",\r\n'), [['a', QUOTED], ['', 0]]);
  assert.deepEqual(fields('a\rb\n'), [['a\rb', 0]]); // a lone CR is data, as csv-parse reads it
  assert.deepEqual(fields('\n'), [['', 0]]);
  for (const bad of ['"a"b\n', 'a"b\n', '"a\n', '"a"\r\r\n', `${'1,'.repeat(64)}1\n`]) assert.equal(fields(bad), null, JSON.stringify(bad));
  for (const ok of ['"a","b""c",,12,""\n', 'a\rb\n']) {
    assert.deepEqual(fields(ok)!.map(([v, f]) => ((f as number) & ESCAPED ? (v as string).replaceAll('""', '"') : v)), parse(ok, CSV_PARSE_OPTIONS)[0]);
  }
});

test('ByteInterner: each value decoded right, hits and misses, also after it starts over', () => {
  const interner = new ByteInterner();
  const r = rng(5);
  for (let i = 0; i < 600_000; i++) {
    const v = i % 3 === 0 ? `ctx-${Math.floor(r() * 50)}` : `n${Math.floor(r() * 400_000)}""x`;
    const buf = Buffer.from(`,${v},`);
    const got = interner.value(buf, 1, buf.length - 1, v.includes('""'));
    assert.equal(got, v.replaceAll('""', '"'));
  }
});

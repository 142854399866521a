// `tollguard report` and what it is given to read: files by any name, files
// that yield nothing, windows without CDRs, days that do not exist.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runCli } from '../helpers/cli.js';

const FIRST = fileURLToPath(new URL('../fixtures/asterisk-22.7/Master.csv', import.meta.url));
const UNANSWERED = fileURLToPath(new URL('../fixtures/asterisk-22.7-unanswered/Master.csv', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'tollguard-inputs-'));
const env = { TRUNKS: 'carrier', HOME_COUNTRY: 'US', TOLLGUARD_STATE: join(dir, 'state.db') };

test('--csv history.csv --csv Master.csv: the history is read, not skipped as a per-accountcode copy', async () => {
  copyFileSync(FIRST, join(dir, 'history.csv'));
  copyFileSync(UNANSWERED, join(dir, 'Master.csv'));
  const out = join(dir, 'history.json');
  const r = await runCli(['report', '--csv', join(dir, 'history.csv'), '--csv', join(dir, 'Master.csv'), '--from', '2026-11-27', '--to', '2026-11-27', '--no-store', '--format', 'json', '--out', out], { env, cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  assert.doesNotMatch(r.stderr, /skipped/);
  const report = JSON.parse(readFileSync(out, 'utf8'));
  assert.equal(report.summary.rowsRead, 29 + 147);
  assert.equal(report.summary.rowsUsed - report.summary.rowsInWindow, 29, "the history's rows teach the baselines");
});

const PNG = fileURLToPath(new URL('../../docs/screenshots/report-phone.png', import.meta.url));
const day = ['--from', '2026-11-27', '--to', '2026-11-27', '--no-store'];

test('input that yields no usable CDR row exits 3 and says what was wrong: a PNG, an empty file, every row bad', async () => {
  copyFileSync(PNG, join(dir, 'Master.csv.png'));
  writeFileSync(join(dir, 'empty.csv'), '');
  writeFileSync(join(dir, 'junk.csv'), 'a,b,c\n1,2,3\n"x","y"\n');
  for (const [file, why] of [['Master.csv.png', /all 1?[0-9,]+ rows were set aside as bad/], ['empty.csv', /no rows at all/], ['junk.csv', /all 3 rows were set aside as bad/]] as const) {
    const r = await runCli(['report', '--csv', join(dir, file), ...day, '--quarantine', join(dir, 'q.jsonl')], { env, cwd: dir });
    assert.equal(r.status, 3, `${file}: ${r.stderr}`);
    assert.match(r.stderr, new RegExp(`no usable CDR row.*${file.replace('.', '\\.')}`), file);
    assert.match(r.stderr, why, file);
    assert.equal(r.stdout, '', `${file}: no report that looks like an all clear`);
  }
  // One good file among them: the report is made from it; the empty one is no error.
  const ok = await runCli(['report', '--csv', join(dir, 'empty.csv'), '--csv', join(dir, 'Master.csv'), ...day], { env, cwd: dir });
  assert.equal(ok.status, 0, ok.stderr);
});

test('--fail-on: a window without CDRs is not all clear', async () => {
  const quiet = ['--csv', join(dir, 'Master.csv'), '--from', '2026-11-20', '--to', '2026-11-20', '--no-store'];
  const plain = await runCli(['report', ...quiet], { env, cwd: dir });
  assert.equal(plain.status, 0, plain.stderr);
  assert.match(plain.stdout, /no CDRs at all for the whole window/);
  for (const level of ['info', 'warning', 'critical']) {
    const r = await runCli(['report', ...quiet, '--fail-on', level], { env, cwd: dir });
    assert.equal(r.status, 1, `--fail-on ${level}: ${r.stderr}`);
    assert.match(r.stderr, /--fail-on: no CDRs for 2026-11-20/);
  }
});

test('a day that does not exist is refused (exit 2) with what is wrong; leap days are days', async () => {
  for (const [flag, value, why] of [['--from', '2026-02-30', /--from 2026-02-30 is not a day: February 2026 has 28 days/], ['--to', '2026-04-31', /--to 2026-04-31 is not a day: April 2026 has 30 days/], ['--from', '2026-02-29', /February 2026 has 28 days/], ['--from', '2026-13-01', /--from takes a day as YYYY-MM-DD/]] as const) {
    const r = await runCli(['report', '--csv', join(dir, 'Master.csv'), flag, value, '--no-store'], { env, cwd: dir });
    assert.equal(r.status, 2, `${flag} ${value}: ${r.stderr}`);
    assert.match(r.stderr, why);
  }
  const leap = await runCli(['report', '--csv', join(dir, 'Master.csv'), '--from', '2024-02-29', '--no-store'], { env, cwd: dir });
  assert.equal(leap.status, 0, leap.stderr);
});

test('days in the future: a window that has not begun is refused; one that runs past today stops at today, and says so', async () => {
  const now = ['--now', '2026-11-27T12:00:00Z'];
  const ahead = await runCli(['report', '--csv', join(dir, 'Master.csv'), '--from', '2026-12-01', '--to', '2026-12-07', ...now, '--no-store'], { env, cwd: dir });
  assert.equal(ahead.status, 2, ahead.stderr);
  assert.match(ahead.stderr, /--from 2026-12-01 is in the future \(today is 2026-11-27 in UTC\)/);
  const replay = await runCli(['replay', '--csv', join(dir, 'Master.csv'), '--from', '2099-01-01'], { env, cwd: dir });
  assert.equal(replay.status, 2, replay.stderr);
  assert.match(replay.stderr, /--from 2099-01-01 is in the future/);

  const out = join(dir, 'future.json');
  const past = await runCli(['report', '--csv', join(dir, 'Master.csv'), '--from', '2026-11-26', '--to', '2026-12-03', ...now, '--no-store', '--format', 'json', '--out', out, '--fail-on', 'critical'], { env, cwd: dir });
  assert.match(past.stderr, /--to 2026-12-03 is in the future: the report stops at today, 2026-11-27/);
  assert.match(past.stderr, /2026-11-27 is today and not over: its figures are partial/);
  const report = JSON.parse(readFileSync(out, 'utf8'));
  assert.deepEqual([report.window.from, report.window.to], ['2026-11-26', '2026-11-27']);
  assert.doesNotMatch(past.stderr, /no CDRs for 2026-11-2[89]/, 'days still to come are not days without CDRs');
});

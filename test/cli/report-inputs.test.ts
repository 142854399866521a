// `tollguard report` and what it is given to read: files by any name, files
// that yield nothing, windows without CDRs, days that do not exist.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
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

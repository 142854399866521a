// --out: a path that cannot work is refused before any CDR is read (exit 2,
// saying why); a write that fails part-way (a full disk) leaves the file as it
// was, no partial report and no temporary file, and the error names the path.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { fixture } from '../helpers/fixtures.js';
import { runCli, type CliResult } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'tollguard-out-'));
const env = { TRUNKS: 'carrier', HOME_COUNTRY: 'US', TOLLGUARD_STATE: join(dir, 'state.db'), PBX_TIMEZONE: 'UTC' };
const window = ['--from', '2026-11-26', '--to', '2026-11-26'];

test('a bad --out path is refused before reading CDRs: exit 2, naming the path and what is wrong', async () => {
  const folder = join(dir, 'a-folder');
  mkdirSync(folder);
  for (const [out, why] of [
    [join(dir, 'missing/report.html'), /--out .*missing\/report\.html: the folder .*missing does not exist/],
    [folder, /--out .*a-folder: is a folder/],
    [join(dir, 'Master.csv', 'report.html'), /--out .*Master\.csv\/report\.html: .*Master\.csv is not a folder/],
  ] as const) {
    writeFileSync(join(dir, 'Master.csv'), readFileSync(fixture('Master.csv')));
    // A CDR file that does not exist: refusing --out first shows the run never got as far as reading.
    for (const command of [['report', '--csv', join(dir, 'no-such/Master.csv'), ...window, '--format', 'html'], ['audit', '--etc', join(dir, 'no-such-etc')]]) {
      const r = await runCli([...command, '--out', out], { env, cwd: dir });
      assert.equal(r.status, 2, `${command[0]} ${out}: ${r.stderr}`);
      assert.match(r.stderr, why);
    }
  }
});

/** The CLI with files limited to 1 KiB (RLIMIT_FSIZE): a write past it fails with EFBIG, as on a full disk. */
function runCliSmallDisk(args: string[]): Promise<CliResult> {
  const tsx = import.meta.resolve('tsx');
  const entry = fileURLToPath(new URL('../helpers/cli-entry.ts', import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', 'trap "" XFSZ; ulimit -f 1; exec "$0" "$@"', process.execPath, '--import', tsx, entry, ...args], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

test('a write that fails part-way keeps the earlier file whole and names the path', async () => {
  const folder = join(dir, 'out');
  mkdirSync(folder);
  const out = join(folder, 'report.html');
  writeFileSync(out, 'last week\'s report\n');
  const r = await runCliSmallDisk(['report', '--csv', fixture('Master.csv'), ...window, '--format', 'html', '--no-store', '--out', out]);
  assert.equal(r.status, 4, r.stderr);
  assert.match(r.stderr, /cannot write .*out\/report\.html: EFBIG/);
  assert.equal(readFileSync(out, 'utf8'), 'last week\'s report\n', 'not a partial report');
  assert.deepEqual(readdirSync(folder), ['report.html'], 'no temporary file left behind');
});

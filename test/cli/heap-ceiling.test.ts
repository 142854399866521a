// The heap ceiling the CLI starts report/run/replay/demo under: when it applies,
// how an admin overrides it, and that a run too big for it still finishes.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { DEFAULT_HEAP_MB, heapCeiling } from '../../src/cli/heap-ceiling.js';
import { tempDir } from '../sources/helpers.js';

test('commands that read CDRs get the default ceiling; light ones, --help and the daemon none', () => {
  for (const args of [['report', '--from', '2026-11-01'], ['run', 'nightly'], ['replay', '--from', 'x'], ['demo']]) {
    assert.deepEqual(heapCeiling(args, {}, []), { mb: DEFAULT_HEAP_MB }, args.join(' '));
  }
  for (const args of [[], ['--help'], ['report', '--help'], ['status'], ['config', 'check'], ['lockout', 'add', '1001'], ['daemon']]) {
    assert.deepEqual(heapCeiling(args, {}, []), { mb: null }, args.join(' '));
  }
});

test('TOLLGUARD_HEAP_MB sets it, 0 turns it off, node flags and NODE_OPTIONS win, nonsense is an error', () => {
  assert.deepEqual(heapCeiling(['report'], { TOLLGUARD_HEAP_MB: '300' }, []), { mb: 300 });
  assert.deepEqual(heapCeiling(['report'], { TOLLGUARD_HEAP_MB: '0' }, []), { mb: null });
  assert.deepEqual(heapCeiling(['report'], { NODE_OPTIONS: '--enable-source-maps --max-old-space-size=2048' }, []), { mb: null });
  assert.deepEqual(heapCeiling(['report'], { TOLLGUARD_HEAP_MB: '300' }, ['--max_old_space_size=100']), { mb: null });
  for (const bad of ['12', '1.5', 'lots', '-1']) {
    const d = heapCeiling(['report'], { TOLLGUARD_HEAP_MB: bad }, []);
    assert.equal(d.mb, null);
    assert.match((d as { error: string }).error, /TOLLGUARD_HEAP_MB=.* is not a size in MB/);
  }
});

/** A stand-in for the CLI: prints the heap limit it got; with "grow", keeps memory until a 100 MB heap cannot hold it. */
const SCRIPT = `
import v8 from 'node:v8';
const limit = Math.round(v8.getHeapStatistics().heap_size_limit / 2 ** 20);
if (process.argv[2] === 'grow' && limit < 150) { const keep = []; for (;;) keep.push(new Array(1e5).fill(keep.length)); }
console.log(JSON.stringify({ limit, args: process.argv.slice(2), env: process.env.TOLLGUARD_HEAP_MB ?? null }));
process.exitCode = 3;
`;

function run(t: Parameters<typeof tempDir>[0], mb: number, args: string[]) {
  const entry = join(tempDir(t), 'cli.mjs');
  writeFileSync(entry, SCRIPT);
  const helper = new URL('../helpers/heap-runner.ts', import.meta.url).pathname;
  return spawnSync(process.execPath, ['--import', 'tsx', helper, entry, String(mb), ...args], { encoding: 'utf8' });
}

test('the run gets the ceiling, its arguments, and its exit code comes back', (t) => {
  const r = run(t, 100, ['report', '--from', '2026-11-01']);
  assert.equal(r.status, 3, r.stderr);
  const out = JSON.parse(r.stdout) as { limit: number; args: string[] };
  assert.ok(out.limit >= 100 && out.limit < 150, `heap limit ${out.limit} MB`);
  assert.deepEqual(out.args, ['report', '--from', '2026-11-01']);
});

test('a run that does not fit under the ceiling is run again without it, and says so', (t) => {
  const r = run(t, 100, ['grow']);
  assert.equal(r.status, 3, r.stderr);
  assert.match(r.stderr, /stopped at the 100 MB heap ceiling \(TOLLGUARD_HEAP_MB\); running it again without one/);
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as { limit: number; env: string };
  assert.ok(out.limit > 150, `second run's heap limit ${out.limit} MB`);
  assert.equal(out.env, '0');
});

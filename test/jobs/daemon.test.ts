// `tollguard daemon` as a child process: it runs the sweep on its schedule, logs
// one JSON line per run, refuses a second daemon on the same state store, and
// exits cleanly (status 0) on SIGTERM.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { DEMO_TRUNK } from './helpers.js';

const TSX = import.meta.resolve('tsx');
const ENTRY = fileURLToPath(new URL('../helpers/cli-entry.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'tollguard-daemon-'));
const csv = join(dir, 'Master.csv');
writeFileSync(csv, '"","1001","0049301234567","from-internal","""Ann"" <1001>","PJSIP/1001-00000001","PJSIP/telco-00000002","Dial","PJSIP/0049301234567@telco,60","2026-01-05 10:00:00","2026-01-05 10:00:05","2026-01-05 10:01:05",65,60,"ANSWERED","DOCUMENTATION","1767607200.1",""\n');
const env = {
  PBX_TIMEZONE: 'UTC', TRUNKS: DEMO_TRUNK, CDR_CSV: csv, TOLLGUARD_STATE: join(dir, 'state.db'),
  // node-cron's seconds field: a sweep every second keeps the test short.
  SWEEP_SCHEDULE: '* * * * * *', NIGHTLY_ENABLED: 'no', TOLLGUARD_LOG_FILE: join(dir, 'tollguard.log'),
};

function startDaemon(): { child: ChildProcess; lines: Record<string, unknown>[]; waitFor: (pred: (l: Record<string, unknown>) => boolean) => Promise<Record<string, unknown>>; exit: Promise<number | null>; stderr: () => string } {
  const child = spawn(process.execPath, ['--import', TSX, ENTRY, 'daemon'], { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: Record<string, unknown>[] = [];
  const waiters: { pred: (l: Record<string, unknown>) => boolean; resolve: (l: Record<string, unknown>) => void }[] = [];
  let buf = '';
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  child.stdout!.on('data', (d) => {
    buf += d;
    let nl;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const l = JSON.parse(buf.slice(0, nl)) as Record<string, unknown>;
      buf = buf.slice(nl + 1);
      lines.push(l);
      for (const w of [...waiters]) if (w.pred(l)) (waiters.splice(waiters.indexOf(w), 1), w.resolve(l));
    }
  });
  const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const waitFor = (pred: (l: Record<string, unknown>) => boolean) => {
    const found = lines.find(pred);
    return found ? Promise.resolve(found) : new Promise<Record<string, unknown>>((resolve) => waiters.push({ pred, resolve }));
  };
  return { child, lines, waitFor, exit, stderr: () => err };
}

test('the daemon sweeps on schedule, logs each run, allows no second daemon and exits 0 on SIGTERM', { timeout: 60_000 }, async () => {
  const d = startDaemon();
  try {
    const started = await d.waitFor((l) => l.event === 'daemon-started');
    assert.deepEqual((started.jobs as { job: string }[]).map((j) => j.job), ['sweep']);
    const run = await d.waitFor((l) => l.job === 'sweep' && l.status === 'ok');
    for (const key of ['time', 'runId', 'durationMs', 'rowsRead', 'findings', 'alerts', 'lockouts', 'error']) assert.ok(key in run, `log line has ${key}`);

    const second = await runCli(['daemon'], { env });
    assert.notEqual(second.status, 0);
    assert.match(second.stderr, /daemon\.lock is held by pid \d+/);
  } finally {
    d.child.kill('SIGTERM');
  }
  assert.equal(await d.exit, 0, d.stderr());
  const stopped = d.lines.at(-1)!;
  assert.equal(stopped.event, 'daemon-stopped');
  assert.equal(stopped.signal, 'SIGTERM');
  assert.match(readFileSync(env.TOLLGUARD_LOG_FILE, 'utf8'), /"job":"sweep","runId":\d+,"status":"ok"/);

  // The lock went with the daemon: status reads the runs it left.
  const status = await runCli(['status', '--format', 'json'], { env });
  assert.equal(status.status, 0, status.stderr);
  const s = JSON.parse(status.stdout);
  assert.equal(s.jobs.find((j: { job: string }) => j.job === 'sweep').lastRun.status, 'ok');
  assert.ok(s.next.find((n: { job: string }) => n.job === 'sweep').next);
});

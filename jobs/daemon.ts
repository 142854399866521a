// `tollguard daemon`: runs the jobs on their cron schedules in the PBX timezone.
// One daemon per state store (a lock file); a job never overlaps itself (the
// runner's lock, and node-cron's noOverlap); a failing job is logged and the
// daemon carries on. SIGTERM/SIGINT stop the schedules, let a running job finish
// for shutdownGraceSeconds, else abandon it (its run rolls back: every write
// commits at its end) and exit.
import { appendFileSync } from 'node:fs';
import cron, { type ScheduledTask } from 'node-cron';
import { ConfigError, type Config } from '../src/config/load.js';
import { describeStray, strayNames } from '../src/config/env-names.js';
import { emailNote, setupProblems } from '../src/config/readiness.js';
import type { JobName } from '../src/config/schedule.js';
import type { StateStore } from '../src/store/store.js';
import { JOBS } from './index.js';
import { acquireLock, lockPath, type DaemonSchedule } from './lock.js';
import { runJob } from './runner.js';
import { LiveGuard } from '../src/pipeline/live-guard.js';
import { jsonLine, terminalText } from '../src/actions/report/escape.js';

export interface DaemonOptions {
  config: Config;
  store: StateStore;
  quarantinePath: string;
  /** One JSON object per line (standard output and schedule.logFile). */
  log?: (record: Record<string, unknown>) => void;
  /** Resolves to stop the daemon (default: the first SIGTERM or SIGINT). */
  stopSignal?: Promise<string>;
}

export function enabledJobs(config: Config): { job: JobName; cron: string }[] {
  const s = config.schedule;
  const out: { job: JobName; cron: string }[] = [];
  if (s.nightly.enabled) out.push({ job: 'nightly', cron: s.nightly.cron });
  if (s.sweep.enabled) out.push({ job: 'sweep', cron: s.sweep.cron });
  return out;
}

/** When each job runs next on these schedules (default: the configuration's), in the PBX timezone; `runs` holds the next `count`. */
export function nextRuns(config: Config, schedule: DaemonSchedule = { timezone: config.pbx.timezone, jobs: enabledJobs(config) }, count = 1): { job: JobName; cron: string; next: Date | null; runs: Date[] }[] {
  return schedule.jobs.map(({ job, cron: expr }) => {
    const task = cron.createTask(expr, () => undefined, { timezone: schedule.timezone });
    try {
      const runs = task.getNextRuns(count);
      return { job, cron: expr, next: runs[0] ?? null, runs };
    } finally {
      void task.destroy();
    }
  });
}

export function lineLogger(config: Config): (record: Record<string, unknown>) => void {
  return (record) => {
    const text = `${jsonLine(record)}\n`;
    process.stdout.write(text);
    if (config.schedule.logFile) {
      try {
        appendFileSync(config.schedule.logFile, text);
      } catch (e) {
        process.stderr.write(`tollguard: cannot write log file ${config.schedule.logFile}: ${(e as Error).message}\n`);
      }
    }
  };
}

export async function runDaemon(o: DaemonOptions): Promise<void> {
  const { config } = o;
  const log = o.log ?? lineLogger(config);
  const jobs = enabledJobs(config);
  if (jobs.length === 0) throw new ConfigError(['no job is enabled (NIGHTLY_ENABLED, SWEEP_ENABLED)']);
  // The lock file carries the schedule, so `status` shows what this daemon runs.
  const release = acquireLock(lockPath(config, 'daemon'), { timezone: config.pbx.timezone, jobs });
  const tasks: ScheduledTask[] = [];
  // LIVE_GUARD=on: the live guard runs beside the jobs on the same store and log.
  const live = config.live.guard === 'on' ? new LiveGuard({ config, store: o.store, log }) : null;
  // Every job in flight: the nightly and a sweep can run side by side, and shutdown waits for both.
  const running = new Set<Promise<unknown>>();
  try {
    for (const { job, cron: expr } of jobs) {
      const fire = async (): Promise<void> => {
        const p = runJob(job, JOBS[job], { config, store: o.store, now: new Date(), quarantinePath: o.quarantinePath })
          .then((r) => log({ ...r.log }))
          .catch((e: unknown) => log({ time: new Date().toISOString(), job, status: 'failed', error: e instanceof Error ? e.message : String(e) }));
        running.add(p);
        await p;
        running.delete(p);
      };
      tasks.push(cron.schedule(expr, fire, { timezone: config.pbx.timezone, noOverlap: true, name: `tollguard-${job}` }));
    }
    // Without mail (or with locks that cannot be made) findings reach nobody: say so where the admin looks first.
    const strays = strayNames(Object.keys(process.env)).filter((n) => n.likelyOurs).map((n) => describeStray(n, ' in the environment'));
    const warnings = [...setupProblems(config), emailNote(config) ?? [], ...strays].flat();
    for (const w of warnings) process.stderr.write(`tollguard: warning: ${terminalText(w)}\n`);
    await live?.start();
    log({ time: new Date().toISOString(), event: 'daemon-started', pid: process.pid, store: o.store.description, timezone: config.pbx.timezone, jobs: jobs.map((j, i) => ({ ...j, next: tasks[i]!.getNextRun()?.toISOString() ?? null })), liveGuard: live !== null, warnings });

    const signal = await (o.stopSignal ?? untilSignal());
    for (const t of tasks) await t.stop();
    await live?.stop();
    let outcome = 'idle';
    if (running.size > 0) {
      const grace = config.schedule.shutdownGraceSeconds * 1000;
      let timer: NodeJS.Timeout | undefined;
      const what = running.size > 1 ? `${running.size} running jobs` : 'the running job';
      const all = Promise.all([...running]).then(() => true);
      const finished = await Promise.race([all, new Promise<boolean>((r) => (timer = setTimeout(() => r(false), grace)))]);
      clearTimeout(timer);
      outcome = finished ? `finished ${what}` : `abandoned ${what} after ${config.schedule.shutdownGraceSeconds} s`;
    }
    log({ time: new Date().toISOString(), event: 'daemon-stopped', signal, outcome });
  } finally {
    await live?.stop();
    for (const t of tasks) await t.destroy();
    release();
  }
}

/** Resolves with the first SIGTERM or SIGINT (the daemon and `tollguard watch` stop on either). */
export function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    const on = (s: NodeJS.Signals) => {
      process.off('SIGTERM', on);
      process.off('SIGINT', on);
      resolve(s);
    };
    process.on('SIGTERM', on);
    process.on('SIGINT', on);
  });
}

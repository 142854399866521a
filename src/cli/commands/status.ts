import { oneLine } from '../../actions/report/escape.js';
import { nextRuns } from '../../../jobs/daemon.js';
import { JOB_NAMES } from '../../../jobs/index.js';
import { lockHolder, lockPath, type LockHolder } from '../../../jobs/lock.js';
import { folderOutbox } from '../../actions/email/outbox.js';
import { emailNote } from '../../config/readiness.js';
import type { RunRecord } from '../../store/store.js';
import { parseOptions } from '../args.js';
import type { Command } from '../command.js';
import { EXIT, UsageError } from '../exit.js';
import { JOB_OPTIONS, jobConfig } from '../job-options.js';
import { withStore } from '../with-store.js';
import { createClock } from '../../pipeline/setup.js';

export const status: Command = {
  usage: `Usage: tollguard status [--format text|json] [--config FILE] [--timezone IANA]

Shows each scheduled job (nightly, sweep): whether it is running now, its last
run and what that run found, and when it runs next on the running daemon's
schedule (else this configuration's), in the PBX timezone; whether email is
configured, mail waiting in the outbox, lockouts waiting to be retried (pending)
and current lockouts, and what a dry run (LOCKOUT_MODE=dry-run) would have locked.
Run it with the service's environment (deploy/tollguard-env).`,
  async run(argv) {
    const { values } = parseOptions(argv, { ...JOB_OPTIONS, format: { type: 'string', default: 'text' } });
    if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`--format takes text or json, not "${values.format}"`);
    const config = jobConfig(values);
    const clock = createClock(config);
    const local = (t: string) => clock.iso(Date.parse(t));
    const holder = (h: LockHolder | null) => (h ? { pid: h.pid, host: h.host, since: local(h.since) } : null);
    const s = await withStore(config, async (store) => {
      const last = await Promise.all(JOB_NAMES.map(async (job) => ({ job, run: (await store.recentRuns(1, job))[0] ?? null })));
      const outbox = config.email.outboxDir ? await folderOutbox(config.email.outboxDir).list() : await store.outbox();
      const lockouts = await store.lockouts();
      // A dry run locks nobody: what it would have locked (in the day up to its latest decision) is said here, or nowhere.
      const dryEvents = (await store.lockoutEvents(undefined, 500)).filter((e) => e.action === 'dry-run');
      const since = dryEvents.length ? Date.parse(dryEvents[0]!.at) - 24 * 3_600_000 : 0;
      const dry = new Map<string, { extension: string; at: string; actor: string; detail: string }>();
      for (const e of dryEvents) {
        if (Date.parse(e.at) >= since && !dry.has(e.extension)) dry.set(e.extension, { extension: e.extension, at: local(e.at), actor: e.actor, detail: e.detail });
      }
      const daemon = lockHolder(lockPath(config, 'daemon'));
      const ours = nextRuns(config);
      // A running daemon runs its own schedule, whatever this shell's configuration says.
      const next = daemon?.schedule ? nextRuns(config, daemon.schedule) : ours;
      const mail = emailNote(config);
      return {
        store: store.description,
        timezone: config.pbx.timezone,
        daemon: daemon ? { ...holder(daemon)!, schedule: daemon.schedule ?? null } : null,
        email: mail ? { configured: false, note: mail } : { configured: true, to: config.email.to },
        jobs: last.map(({ job, run }) => ({ job, running: holder(lockHolder(lockPath(config, job))), lastRun: run && describeRun(run, local) })),
        next: next.map((n) => ({
          job: n.job,
          cron: n.cron,
          next: n.next ? clock.iso(n.next.getTime()) : null,
          schedule: daemon?.schedule ? 'daemon' : 'configuration',
          configured: ours.find((o) => o.job === n.job)?.cron ?? null,
        })),
        outbox: { pending: outbox.length, oldest: outbox[0]?.createdAt ?? null, lastError: outbox.at(-1)?.lastError ?? null },
        lockouts: {
          pending: lockouts.filter((l) => l.status === 'pending').map((l) => ({ extension: l.extension, since: l.createdAt, error: l.error })),
          current: lockouts.filter((l) => l.status === 'active').map((l) => ({ extension: l.extension, since: l.createdAt, reason: l.reason, expiresAt: l.expiresAt })),
          mode: config.lockout.mode,
          wouldLock: [...dry.values()],
        },
      };
    });
    if (values.format === 'json') {
      process.stdout.write(`${JSON.stringify(s, null, 2)}\n`);
      return EXIT.ok;
    }
    const out = [
      `State store: ${s.store} (PBX timezone ${s.timezone})`,
      `Daemon: ${s.daemon ? `running, pid ${s.daemon.pid} on ${s.daemon.host} since ${s.daemon.since}` : 'not running (or the jobs run from cron/systemd timers)'}`,
      `Email: ${s.email.configured ? `to ${s.email.to!.join(', ')}` : s.email.note!.replace(/^email is /, '')}`,
      '',
      'Jobs:',
    ];
    for (const j of s.jobs) {
      const r = j.lastRun;
      const n = s.next.find((x) => x.job === j.job);
      if (j.running) out.push(`  ${j.job.padEnd(8)} running now (pid ${j.running.pid} on ${j.running.host} since ${j.running.since})`);
      out.push(`  ${(j.running ? '' : j.job).padEnd(8)} last: ${r ? `${outcome(r)} at ${r.startedAt} (run ${r.id}${r.window ? `, ${r.window.from}${r.window.to !== r.window.from ? `..${r.window.to}` : ''}` : ''})${r.message ? `: ${r.message}` : ''}` : 'never'}`);
      out.push(`  ${''.padEnd(8)} next: ${n ? `${n.next ?? 'none'} (${n.cron}${nextSource(n)})` : 'not scheduled (disabled)'}`);
    }
    out.push('', `Outbox: ${s.outbox.pending} message(s) waiting${s.outbox.pending ? ` since ${s.outbox.oldest}; last error: ${s.outbox.lastError}` : ''}`);
    out.push(`Pending lockouts: ${s.lockouts.pending.length ? s.lockouts.pending.map((l) => `${l.extension} (${l.error ?? 'waiting'})`).join(', ') : 'none'}`);
    out.push(`Current lockouts: ${s.lockouts.current.length ? s.lockouts.current.map((l) => `${l.extension} since ${l.since}`).join(', ') : 'none'}`);
    if (s.lockouts.wouldLock.length || s.lockouts.mode === 'dry-run') {
      const w = s.lockouts.wouldLock;
      out.push(`Dry run (LOCKOUT_MODE=${s.lockouts.mode}): ${w.length ? `would have locked ${w.map((d) => `${oneLine(d.extension, 40)} (${d.at}, ${oneLine(d.actor, 80)})`).join(', ')}; nobody was locked` : 'nothing would have been locked'}`);
    }
    process.stdout.write(`${out.join('\n')}\n`);
    return EXIT.ok;
  },
};

/** Times in the PBX zone, like the next runs beside them. */
function describeRun(r: RunRecord, local: (t: string) => string) {
  return { id: r.id, status: r.status, startedAt: local(r.startedAt), finishedAt: r.finishedAt && local(r.finishedAt), window: r.window, counts: r.counts, message: r.message };
}

/** What a run found, not just that it ran: "7 critical, 2 warning", "ok, nothing found", "failed". */
function outcome(r: ReturnType<typeof describeRun>): string {
  if (r.status === 'failed') return 'failed';
  if (r.status === 'running') return 'unfinished';
  const found = (['critical', 'warning', 'info'] as const).filter((k) => (r.counts[k] ?? 0) > 0).map((k) => `${r.counts[k]} ${k}`);
  return found.length ? found.join(', ') : 'ok, nothing found';
}

function nextSource(n: { schedule: string; cron: string; configured: string | null }): string {
  if (n.schedule !== 'daemon') return '';
  return n.configured === n.cron ? ", the daemon's schedule" : `, the daemon's schedule; this configuration says ${n.configured ?? 'disabled'}`;
}

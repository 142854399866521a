import { nextRuns } from '../../../jobs/daemon.js';
import { JOB_NAMES } from '../../../jobs/index.js';
import { lockHolder, lockPath } from '../../../jobs/lock.js';
import { folderOutbox } from '../../actions/email/outbox.js';
import type { RunRecord } from '../../store/store.js';
import { parseOptions } from '../args.js';
import type { Command } from '../command.js';
import { EXIT, UsageError } from '../exit.js';
import { JOB_OPTIONS, jobConfig } from '../job-options.js';
import { withStore } from '../with-store.js';
import { createClock } from '../../pipeline/setup.js';

export const status: Command = {
  usage: `Usage: tollguard status [--format text|json] [--config FILE] [--timezone IANA]

Shows the last run of each scheduled job (nightly, sweep) and its outcome, when
each runs next on the daemon's schedule (PBX timezone), mail waiting in the
outbox, lockouts waiting to be retried (pending) and current lockouts.`,
  async run(argv) {
    const { values } = parseOptions(argv, { ...JOB_OPTIONS, format: { type: 'string', default: 'text' } });
    if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`--format takes text or json, not "${values.format}"`);
    const config = jobConfig(values);
    const clock = createClock(config);
    const s = await withStore(config, async (store) => {
      const last = await Promise.all(JOB_NAMES.map(async (job) => ({ job, run: (await store.recentRuns(1, job))[0] ?? null })));
      const outbox = config.email.outboxDir ? await folderOutbox(config.email.outboxDir).list() : await store.outbox();
      const lockouts = await store.lockouts();
      const daemon = lockHolder(lockPath(config, 'daemon'));
      return {
        store: store.description,
        timezone: config.pbx.timezone,
        daemon: daemon ? { pid: daemon.pid, host: daemon.host, since: clock.iso(Date.parse(daemon.since)) } : null,
        jobs: last.map(({ job, run }) => ({ job, lastRun: run && describeRun(run, clock.iso.bind(clock)) })),
        next: nextRuns(config).map((n) => ({ job: n.job, cron: n.cron, next: n.next ? clock.iso(n.next.getTime()) : null })),
        outbox: { pending: outbox.length, oldest: outbox[0]?.createdAt ?? null, lastError: outbox.at(-1)?.lastError ?? null },
        lockouts: {
          pending: lockouts.filter((l) => l.status === 'pending').map((l) => ({ extension: l.extension, since: l.createdAt, error: l.error })),
          current: lockouts.filter((l) => l.status === 'active').map((l) => ({ extension: l.extension, since: l.createdAt, reason: l.reason, expiresAt: l.expiresAt })),
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
      '',
      'Jobs:',
    ];
    for (const j of s.jobs) {
      const r = j.lastRun;
      const n = s.next.find((x) => x.job === j.job);
      out.push(`  ${j.job.padEnd(8)} last: ${r ? `${r.status} at ${r.startedAt} (run ${r.id}${r.window ? `, ${r.window.from}${r.window.to !== r.window.from ? `..${r.window.to}` : ''}` : ''}${r.message ? `: ${r.message}` : ''})` : 'never'}`);
      out.push(`  ${''.padEnd(8)} next: ${n ? `${n.next ?? 'none'} (${n.cron})` : 'not scheduled (disabled)'}`);
    }
    out.push('', `Outbox: ${s.outbox.pending} message(s) waiting${s.outbox.pending ? ` since ${s.outbox.oldest}; last error: ${s.outbox.lastError}` : ''}`);
    out.push(`Pending lockouts: ${s.lockouts.pending.length ? s.lockouts.pending.map((l) => `${l.extension} (${l.error ?? 'waiting'})`).join(', ') : 'none'}`);
    out.push(`Current lockouts: ${s.lockouts.current.length ? s.lockouts.current.map((l) => `${l.extension} since ${l.since}`).join(', ') : 'none'}`);
    process.stdout.write(`${out.join('\n')}\n`);
    return EXIT.ok;
  },
};

/** Times in the PBX zone, like the next runs beside them. */
function describeRun(r: RunRecord, local: (ms: number) => string) {
  const at = (t: string | null) => (t ? local(Date.parse(t)) : null);
  return { id: r.id, status: r.status, startedAt: at(r.startedAt)!, finishedAt: at(r.finishedAt), window: r.window, counts: r.counts, message: r.message };
}

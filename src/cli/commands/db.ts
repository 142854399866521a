import { createClock } from '../../pipeline/setup.js';
import { openStore } from '../../store/open.js';
import { CONFIG_OPTIONS, configFrom, parseOptions } from '../args.js';
import type { Command } from '../command.js';
import { EXIT } from '../exit.js';
import { withStore } from '../with-store.js';
import { oneLine } from '../../actions/report/escape.js';
import type { RunRecord } from '../../store/store.js';

export const dbMigrate: Command = {
  usage: `Usage: tollguard db migrate [--config FILE]

Applies the migrations in sql/ to the state store: the SQLite file at
TOLLGUARD_STATE (default ~/.local/share/tollguard/state.db), or PostgreSQL when
DATABASE_URL is set. Safe to run twice.`,
  async run(argv) {
    const { values } = parseOptions(argv, CONFIG_OPTIONS);
    const config = configFrom(values);
    const store = await openStore(config.store, { migrate: false });
    try {
      const applied = await store.migrate();
      process.stdout.write(`${store.description}: ${applied.length ? `applied ${applied.join(', ')}` : 'up to date'}\n`);
    } finally {
      await store.close();
    }
    return EXIT.ok;
  },
};

export const history: Command = {
  usage: `Usage: tollguard history [--limit N] [--job NAME] [--json] [--config FILE] [--timezone IANA]

Recent runs from the state store, newest first; times in the PBX timezone, as status shows them.`,
  async run(argv) {
    const { values } = parseOptions(argv, { ...CONFIG_OPTIONS, limit: { type: 'string', default: '20' }, job: { type: 'string' }, json: { type: 'boolean' } });
    const config = configFrom(values);
    const limit = Math.max(1, Math.min(1000, Number(values.limit) || 20));
    const clock = createClock(config);
    const local = (t: string) => clock.iso(Date.parse(t));
    const runs = (await withStore(config, (store) => store.recentRuns(limit, values.job))).map((r) => ({ ...r, outcome: runOutcome(r), startedAt: local(r.startedAt), finishedAt: r.finishedAt && local(r.finishedAt) }));
    if (values.json) {
      process.stdout.write(`${JSON.stringify(runs, null, 2)}\n`);
      return EXIT.ok;
    }
    if (!runs.length) process.stdout.write('no runs recorded yet\n');
    for (const r of runs) {
      const window = r.window ? `${r.window.from}..${r.window.to}` : '-';
      const counts = Object.entries(r.counts).map(([k, v]) => `${k}=${v}`).join(' ');
      process.stdout.write(`#${r.id}  ${r.job.padEnd(8)} ${r.outcome.padEnd(7)} ${r.startedAt}  ${window}  ${counts}${r.message ? `  ${oneLine(r.message)}` : ''}\n`);
    }
    return EXIT.ok;
  },
};

/** A lockout run commits whatever AMI said; its outcome (pending, failed) is in its counts, as lockoutAdd/lockoutRemove record it. */
export function runOutcome(r: Pick<RunRecord, 'job' | 'status' | 'counts'>): string {
  if (r.status !== 'ok' || r.job !== 'lockout') return r.status;
  if ((r.counts.failed ?? 0) > 0) return 'failed';
  if ((r.counts.pending ?? 0) > 0) return 'pending';
  return r.status;
}

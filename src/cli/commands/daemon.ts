import { runDaemon } from '../../../jobs/daemon.js';
import { LockHeldError } from '../../../jobs/lock.js';
import { openStore } from '../../store/open.js';
import { parseOptions } from '../args.js';
import type { Command } from '../command.js';
import { EXIT, UsageError } from '../exit.js';
import { JOB_OPTIONS, JOB_OPTIONS_USAGE, jobConfig, jobQuarantine } from '../job-options.js';

export const daemon: Command = {
  usage: `Usage: tollguard daemon [--source csv|postgres|mysql] [--csv PATH]... [--config FILE] [--timezone IANA] [--quarantine FILE]

Runs the jobs on cron schedules in the PBX timezone: nightly (NIGHTLY_SCHEDULE,
default "15 6 * * *") and sweep (SWEEP_SCHEDULE, default "*/10 * * * *"); turn one
off with NIGHTLY_ENABLED=no or SWEEP_ENABLED=no. One daemon per state store. Logs
one JSON line per run on standard output (and to TOLLGUARD_LOG_FILE when set).
With LIVE_GUARD=on the live guard (see \`tollguard watch --help\`) runs beside
the jobs on the same state store and log.
SIGTERM or SIGINT: a running job may finish for schedule.shutdownGraceSeconds
(default 30), else it is abandoned and its run rolled back; then the daemon exits 0.

${JOB_OPTIONS_USAGE}`,
  async run(argv) {
    const { values } = parseOptions(argv, JOB_OPTIONS);
    const config = jobConfig(values);
    const store = await openStore(config.store);
    try {
      await runDaemon({ config, store, quarantinePath: jobQuarantine(config, values.quarantine) });
    } catch (e) {
      // Starting a second daemon is a usage mistake (exit 2), not a failed action.
      if (e instanceof LockHeldError) throw new UsageError(`a daemon already runs on ${store.description}: ${e.message}`);
      throw e;
    } finally {
      await store.close();
    }
    // An abandoned job may still hold sockets or files open: do not wait for it.
    setTimeout(() => process.exit(EXIT.ok), 1000).unref();
    return EXIT.ok;
  },
};

import { JOB_NAMES, JOBS, runJob } from '../../../jobs/index.js';
import type { JobName } from '../../config/schedule.js';
import { withStore } from '../with-store.js';
import { nowOption, parseOptions } from '../args.js';
import type { Command } from '../command.js';
import { EXIT, UsageError } from '../exit.js';
import { JOB_OPTIONS, JOB_OPTIONS_USAGE, jobConfig, jobQuarantine } from '../job-options.js';
import { jsonLine, terminalText } from '../../actions/report/escape.js';

export const run: Command = {
  usage: `Usage: tollguard run nightly|sweep [--now ISO-TIME] [--source csv|postgres|mysql] [--csv PATH]... [--config FILE]
                     [--timezone IANA] [--quarantine FILE]

  nightly  yesterday's whole-day report, remembered in the state store, mailed,
           with lockouts by policy (LOCKOUT_MODE).
  sweep    today so far: reads the CDRs written since the last sweep, judges the
           intraday rules, mails critical findings at once and locks by policy.

A job never runs beside itself: a second one started while the first runs is
skipped. Prints one JSON log line on standard output; notes go to standard error.

  --now ISO-TIME   run as if it were then (replay a past day; lockouts only for
                   findings up to LOCKOUT_MAX_AGE_HOURS old as of then).
${JOB_OPTIONS_USAGE}

Exit status: 0 done (or skipped), 1 critical findings that no mail carried (email
is not configured), 2 bad usage or configuration, 3 CDRs could not be read, 4 the
job failed, mail failed (queued for the next run: delivered later) or a lockout
could not be made (pending, retried by the next run).`,
  async run(argv) {
    const { values, positionals } = parseOptions(argv, { ...JOB_OPTIONS, now: { type: 'string' } }, true);
    if (positionals.length !== 1 || !JOB_NAMES.includes(positionals[0] as JobName)) {
      throw new UsageError(`run takes one job: ${JOB_NAMES.join(' or ')}${positionals.length ? `, not "${positionals.join(' ')}"` : ''}`);
    }
    const name = positionals[0] as JobName;
    const config = jobConfig(values);
    const now = nowOption(values.now);
    const result = await withStore(config, (store) => runJob(name, JOBS[name], { config, store, now, quarantinePath: jobQuarantine(config, values.quarantine) }));
    for (const n of result.summary?.notes ?? []) process.stderr.write(`tollguard: ${terminalText(n)}\n`);
    process.stdout.write(`${jsonLine(result.log)}\n`);
    if (result.log.status === 'skipped') process.stderr.write(`tollguard: ${name} skipped: ${terminalText(String(result.log.error))}\n`);
    if (result.error !== undefined) throw result.error;
    if (result.log.mailFailed > 0 || result.log.lockoutsFailed > 0) return EXIT.failure;
    // Critical findings that reached nobody: cron and systemd see a non-zero status.
    return result.log.undelivered > 0 ? EXIT.findings : EXIT.ok;
  },
};

import { emailMissing } from '../../config/email.js';
import { ConfigError } from '../../config/load.js';
import { emailReport } from '../../actions/email/index.js';
import { REPORT_FORMATS, renderReport, type ReportFormat } from '../../actions/report/index.js';
import { SEVERITIES, severityRank, type Severity } from '../../detection/rule.js';
import { runReportJob } from '../../pipeline/report-job.js';
import { createClock } from '../../pipeline/setup.js';
import { openStore } from '../../store/open.js';
import { addDays } from '../../time/pbx-clock.js';
import { CONFIG_OPTIONS, dayOption, nowOption, parseOptions, pastWindow } from '../args.js';
import { jobConfig, jobQuarantine } from '../job-options.js';
import type { Command } from '../command.js';
import { EXIT, UsageError } from '../exit.js';
import { lockoutFailures } from '../../actions/lockout/commands.js';
import { describeLockouts } from '../lockout-summary.js';
import { terminalText } from '../../actions/report/escape.js';
import { checkOutPath, writeFileAtomic } from '../write-atomic.js';

export const report: Command = {
  usage: `Usage: tollguard report [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--source csv|postgres|mysql] [--csv PATH]...
                        [--timezone IANA] [--format text|json|html|csv] [--out FILE]
                        [--config FILE] [--fail-on info|warning|critical] [--strict]
                        [--quarantine FILE] [--now ISO-TIME] [--lockout] [--email] [--no-store]

Reads CDRs, learns each extension's baseline from the days before --from
(LOOKBACK_DAYS, default 28, read from the same input and the state store) and
reports what looks like toll fraud on each day from --from to --to (whole local
days in the PBX timezone, both inclusive; default: yesterday). The days' profiles
and findings replace what the state store held for them, so a rerun is idempotent.

  --source S       where CDRs come from: csv (Master.csv), postgres (cdr_pgsql) or mysql
                   (FreePBX's asteriskcdrdb.cdr); default CDR_SOURCE, else csv. postgres and
                   mysql read the table CDR_TABLE at CDR_DATABASE_URL.
  --csv PATH       Master.csv files or globs; may repeat (default CDR_CSV or
                   /var/log/asterisk/cdr-csv/Master.csv*). Rotated (.1) and .gz files too.
  --format F       text (default), json, html (one self-contained file) or csv (the
                   calls of flagged extension-days).
  --out FILE       write the report there instead of standard output.
  --fail-on S      exit with status 1 when a finding is at least this severe
                   (info, warning or critical), or a day has no CDRs at all.
  --timezone IANA  the PBX timezone, e.g. America/New_York (default PBX_TIMEZONE,
                   else the system's); days are whole local days there.
  --strict         stop at the first bad CDR row instead of setting it aside.
  --quarantine F   where bad rows are appended (JSON lines; default CDR_QUARANTINE_FILE,
                   or tollguard-quarantine.jsonl beside the state store).
  --now ISO-TIME   run as if it were then ("yesterday" and the lockout age limit
                   are computed from it).
  --lockout        lock extensions by policy (LOCKOUT_MODE dry-run or enforce);
                   findings older than LOCKOUT_MAX_AGE_HOURS never lock anyone.
  --email          mail the report to ALERT_EMAIL_TO (HTML, text and the flagged
                   calls as CSV; a short "all clear" when nothing was found).
  --no-store       judge from the CDRs alone; read and write no state store.`,
  async run(argv) {
    const { values } = parseOptions(argv, {
      ...CONFIG_OPTIONS,
      from: { type: 'string' },
      to: { type: 'string' },
      csv: { type: 'string', multiple: true },
      source: { type: 'string' },
      format: { type: 'string', default: 'text' },
      out: { type: 'string' },
      'fail-on': { type: 'string' },
      strict: { type: 'boolean' },
      quarantine: { type: 'string' },
      now: { type: 'string' },
      lockout: { type: 'boolean' },
      email: { type: 'boolean' },
      'no-store': { type: 'boolean' },
    });
    const format = values.format as ReportFormat;
    if (!REPORT_FORMATS.includes(format)) throw new UsageError(`--format takes ${REPORT_FORMATS.join(', ')}, not "${values.format}"`);
    const failOn = values['fail-on'] as Severity | undefined;
    if (failOn !== undefined && !SEVERITIES.includes(failOn)) throw new UsageError(`--fail-on takes ${SEVERITIES.join(' or ')}, not "${failOn}"`);
    if (values.lockout && values['no-store']) throw new UsageError('--lockout needs the state store (it records every lock); drop --no-store');
    if (values.out) checkOutPath(values.out);

    const config = jobConfig(values);
    const now = nowOption(values.now);
    const today = createClock(config).today(now);
    const yesterday = addDays(today, -1);
    const asked = dayOption(values.from, '--from') ?? dayOption(values.to, '--to') ?? yesterday;
    const askedTo = dayOption(values.to, '--to') ?? (values.from ? asked : yesterday);
    if (asked > askedTo) throw new UsageError(`--from ${asked} is after --to ${askedTo}`);
    const { from, to, warnings: dayWarnings } = pastWindow(asked, askedTo, today, config.pbx.timezone);
    const missingMail = values.email ? emailMissing(config.email) : [];
    if (missingMail.length) throw new ConfigError([`--email: email is not configured; set ${missingMail.join(', ')}`]);
    for (const w of dayWarnings) process.stderr.write(`tollguard: warning: ${w}\n`);
    if (values.lockout && config.lockout.mode === 'off') process.stderr.write('tollguard: --lockout given but LOCKOUT_MODE is off: nobody will be locked\n');

    const store = values['no-store'] ? null : await openStore(config.store);
    const progress = process.stderr.isTTY ? (n: number) => process.stderr.write(`\rtollguard: ${n.toLocaleString('en-US')} rows read`) : undefined;
    let result;
    let mail: Awaited<ReturnType<typeof emailReport>> | null = null;
    try {
      result = await runReportJob({
        config,
        window: { from, to },
        job: 'report',
        now,
        store,
        quarantinePath: jobQuarantine(config, values.quarantine),
        withCalls: format === 'csv' || values.email === true,
        lockout: values.lockout ? config.lockout.mode : undefined,
        onProgress: progress,
        requireRows: true,
      });
      if (values.email) mail = await emailReport(config, result.report, store ?? undefined);
    } finally {
      if (progress) process.stderr.write('\r\x1b[K');
      await store?.close();
    }
    const r = result.report;
    for (const w of result.warnings) process.stderr.write(`tollguard: warning: ${terminalText(w)}\n`);
    const text = renderReport(r, format);
    if (values.out) writeFileAtomic(values.out, text);
    else process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    if (r.summary.rowsQuarantined) process.stderr.write(`tollguard: ${r.summary.rowsQuarantined} bad CDR rows set aside in ${terminalText(r.summary.quarantineFile ?? '(not written)')}\n`);
    if (result.lockouts) process.stderr.write(describeLockouts(result.lockouts));
    if (mail) process.stderr.write(`tollguard: report mail ${mail.ok ? 'sent' : 'NOT sent (queued for the next run)'} via ${mail.server}\n`);
    if (mail && !mail.ok) return EXIT.failure;
    if (lockoutFailures(result.lockouts) > 0) return EXIT.failure;
    if (failOn && r.findings.some((f) => severityRank(f.severity) >= severityRank(failOn))) return EXIT.findings;
    // A day without a single CDR was not judged: never an all clear, whatever the level asked.
    if (failOn && r.summary.daysWithoutCdrs.length > 0) {
      const days = r.summary.daysWithoutCdrs;
      const list = days.length <= 7 ? days.join(', ') : `${days.slice(0, 3).join(', ')} ... ${days.slice(-2).join(', ')} (${days.length} days)`;
      process.stderr.write(`tollguard: --fail-on: no CDRs for ${list}: not judged, so not all clear\n`);
      return EXIT.findings;
    }
    return EXIT.ok;
  },
};

// The nightly job: yesterday's whole-day report (every rule), remembered in the
// store, mailed, with lockouts by policy. Alerts already mailed by the sweep are
// in the report; the report mail replaces a second alert.
import { addDays } from '../src/time/pbx-clock.js';
import { lockoutFailures, lockoutsMade, wouldLock } from '../src/actions/lockout/commands.js';
import { describeLockouts } from '../src/cli/lockout-summary.js';
import { mailFailures, mailNightlyReport, type ReportMailOutcome } from '../src/pipeline/job-mail.js';
import { nightlyConfiguration } from '../src/pipeline/nightly-audit.js';
import { runReportJob } from '../src/pipeline/report-job.js';
import { createClock } from '../src/pipeline/setup.js';
import type { Job } from './job.js';
import { flaggedOf, mailReach } from './summary.js';

export const nightly: Job = async ({ config, store, now, quarantinePath }) => {
  const yesterday = addDays(createClock(config).today(now), -1);
  const window = { from: yesterday, to: yesterday };
  let mail: ReportMailOutcome = { skipped: 'not run', webhook: null };
  const configuration = nightlyConfiguration(config, now);
  const r = await runReportJob({
    config, window, now, store, quarantinePath,
    job: 'nightly',
    withCalls: true,
    lockout: config.lockout.mode === 'off' ? undefined : config.lockout.mode,
    inRun: async (tx, report) => {
      mail = await mailNightlyReport(config, store, tx, configuration ? { ...report, configuration } : report, now);
    },
  });
  const m = mail as ReportMailOutcome;
  const s = r.report.summary;
  const reach = mailReach(config, s.findings.critical);
  const warnings = [...r.warnings, ...reach.warnings];
  const notes = warnings.map((w) => `warning: ${w}`);
  const w = m.webhook;
  if (w && 'incidents' in w) {
    if (w.incidents) notes.push(`webhook: ${w.incidents} incident(s) posted or queued`);
    for (const e of w.webhook.errors) notes.push(`webhook post failed (queued for the next run): ${e.message}`);
  }
  if (configuration) notes.push(configuration.error ? `configuration audit of ${configuration.etc} could not run: ${configuration.error}` : `configuration audit of ${configuration.etc}: ${configuration.findings.length} open finding(s)`);
  if ('skipped' in m) {
    if (!reach.warnings.length) notes.push(`report not mailed: ${m.skipped}`);
  } else {
    if (m.flushed.sent) notes.push(`sent ${m.flushed.sent} queued mail(s)`);
    if (m.delivery && !m.delivery.ok) notes.push(`report mail failed${m.delivery.queued ? ' (queued for the next run)' : ''}: ${m.delivery.error.message}`);
  }
  if (r.lockouts) notes.push(...describeLockouts(r.lockouts).trimEnd().split('\n').map((l) => l.replace(/^tollguard: /, '')));
  return {
    runId: r.runId, window, rowsRead: s.rowsRead,
    findings: { critical: s.findings.critical, warning: s.findings.warning, info: s.findings.info },
    mails: 'skipped' in m ? 0 : m.flushed.sent + (m.delivery ? 1 : 0),
    mailFailed: mailFailures(m),
    lockouts: lockoutsMade(r.lockouts),
    lockoutsFailed: lockoutFailures(r.lockouts),
    wouldLock: wouldLock(r.lockouts),
    flagged: flaggedOf(r.report.findings),
    undelivered: reach.undelivered,
    warnings,
    notes,
  };
};

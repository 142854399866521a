// The sweep job: today so far, every few minutes (src/pipeline/sweep.ts).
import { lockoutFailures, lockoutsMade, wouldLock } from '../src/actions/lockout/commands.js';
import { describeLockouts } from '../src/cli/lockout-summary.js';
import { mailFailures } from '../src/pipeline/job-mail.js';
import { runSweep } from '../src/pipeline/sweep.js';
import type { Job } from './job.js';
import { flaggedOf, mailReach } from './summary.js';

export const sweep: Job = async ({ config, store, now, quarantinePath }) => {
  const r = await runSweep({ config, store, now, quarantinePath });
  const s = r.report.summary;
  const reach = mailReach(config, s.findings.critical);
  const warnings = [...r.warnings, ...reach.warnings];
  const notes = warnings.map((w) => `warning: ${w}`);
  if (r.past) notes.push(`as of ${now.toISOString()}, before the last sweep: files read whole, read position kept`);
  const a = r.alerts;
  if ('skipped' in a) {
    if (!reach.warnings.length) notes.push(`alerts not mailed: ${a.skipped}`);
  } else {
    if (a.flushed.sent) notes.push(`sent ${a.flushed.sent} queued mail(s)`);
    if (a.incidents || a.suppressed) notes.push(`alerts: ${a.incidents} incident(s) alerted, ${a.suppressed} already alerted`);
    if (a.webhookFlushed?.sent) notes.push(`posted ${a.webhookFlushed.sent} queued webhook post(s)`);
    for (const e of a.errors) notes.push(`alert mail failed: ${e.message}`);
    for (const e of a.webhook.errors) notes.push(`webhook post failed (queued for the next run): ${e.message}`);
  }
  if (r.lockouts) notes.push(...describeLockouts(r.lockouts).trimEnd().split('\n').map((l) => l.replace(/^tollguard: /, '')));
  return {
    runId: r.runId, window: r.window, rowsRead: s.rowsRead, rowsNew: r.rowsNew,
    findings: { critical: s.findings.critical, warning: s.findings.warning, info: s.findings.info },
    mails: 'skipped' in a ? 0 : a.sent + a.queued + a.flushed.sent,
    mailFailed: mailFailures(a),
    lockouts: lockoutsMade(r.lockouts),
    lockoutsFailed: lockoutFailures(r.lockouts),
    wouldLock: wouldLock(r.lockouts),
    flagged: flaggedOf(r.report.findings),
    undelivered: reach.undelivered,
    warnings,
    notes,
  };
};

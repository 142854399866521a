import { runReplay, type ReplayResult } from '../../pipeline/replay.js';
import { runLiveReplay, type EngineOutcome, type LiveReplayResult } from '../../pipeline/replay-live.js';
import { QuarantineWriter, withQuarantine } from '../../sources/quarantine.js';
import { dayOption, parseOptions, pastWindow } from '../args.js';
import { createClock } from '../../pipeline/setup.js';
import type { Command } from '../command.js';
import { EXIT, UsageError } from '../exit.js';
import { JOB_OPTIONS, JOB_OPTIONS_USAGE, jobConfig, jobQuarantine } from '../job-options.js';
import { oneLine, terminalText } from '../../actions/report/escape.js';

export const replay: Command = {
  usage: `Usage: tollguard replay --from YYYY-MM-DD [--to YYYY-MM-DD] [--every 10m] [--live]
                        [--format text|json] [--source csv|postgres|mysql] [--csv PATH]... [--quarantine FILE]
                        [--config FILE] [--timezone IANA]

Replays the sweep every --every minutes (default 10m; also 1h) over the days
from --from to --to, each sweep seeing only the CDRs written by then. Reports,
for each extension-day, when it would first have been alerted (a critical
finding) and locked out (by LOCKOUT_MODE's policy, unless it is off), with the
calls and estimated cost it had made before that moment and over the whole day.
Nothing is mailed, nobody is locked and the state store is not used: change
thresholds in the configuration and replay last month's incident.

  --live           also feed the live guard's engine with AMI events derived from
                   the CDRs (dialled at start, answered at answer, hung up at end)
                   and compare, per attack, when each would have locked and its
                   exposure: the cost up to the lock, calls still up counted up to it.
  --format F       text (default) or json: {"events": [{time, extension, action,
                   severity, rule, callsBefore, costBefore, ...}], ...}; with --live
                   each event has "engine" ("live" or "sweep") and "exposure", and
                   "attacks" compares the two.
${JOB_OPTIONS_USAGE}`,
  async run(argv) {
    const { values } = parseOptions(argv, { ...JOB_OPTIONS, from: { type: 'string' }, to: { type: 'string' }, every: { type: 'string', default: '10m' }, format: { type: 'string', default: 'text' }, live: { type: 'boolean' } });
    const asked = dayOption(values.from, '--from');
    if (!asked) throw new UsageError('replay needs --from YYYY-MM-DD');
    const askedTo = dayOption(values.to, '--to') ?? asked;
    if (asked > askedTo) throw new UsageError(`--from ${asked} is after --to ${askedTo}`);
    const every = parseEvery(values.every);
    if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`--format takes text or json, not "${values.format}"`);
    const config = jobConfig(values);
    const { from, to, warnings } = pastWindow(asked, askedTo, createClock(config).today(), config.pbx.timezone);
    for (const w of warnings) process.stderr.write(`tollguard: warning: ${w}\n`);
    const quarantine = new QuarantineWriter(jobQuarantine(config, values.quarantine));
    const options = { config, from, to, everyMinutes: every, onBadRow: quarantine.write };
    const result: ReplayResult | LiveReplayResult = await withQuarantine(quarantine, () => (values.live ? runLiveReplay(options) : runReplay(options)));
    if (quarantine.problem) process.stderr.write(`tollguard: warning: ${terminalText(quarantine.problem)}\n`);
    else if (quarantine.count) process.stderr.write(`tollguard: ${quarantine.count} bad CDR rows set aside in ${quarantine.path}\n`);
    process.stdout.write(values.format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : values.live ? renderLiveText(result as LiveReplayResult) : renderText(result));
    return EXIT.ok;
  },
};

export function parseEvery(text: string | undefined): number {
  const m = /^(\d+)\s*(m|min|h)?$/.exec(text ?? '');
  const n = m ? Number(m[1]) * (m[2] === 'h' ? 60 : 1) : NaN;
  if (!(n >= 1 && n <= 24 * 60)) throw new UsageError(`--every takes minutes such as 10m or 1h (1 minute to 24 hours), not "${text}"`);
  return n;
}

/** CDR-derived text reaches a terminal: no control characters or bidi overrides. */
const plain = (s: string): string => oneLine(s, 200);

function renderText(r: ReplayResult): string {
  const lines = [`Replay of the sweep every ${r.everyMinutes} min, ${r.from} to ${r.to} (${r.timezone}); lockouts: ${r.lockoutMode}`, `${r.sweeps} sweeps judged new CDRs; ${r.rowsRead} rows read`, ''];
  if (r.events.length === 0) lines.push('No sweep would have alerted or locked anyone.');
  for (const e of r.events) {
    lines.push(`${e.time}  ${e.action.padEnd(7)} ${plain(e.extension).padEnd(10)} ${e.severity.padEnd(8)} ${e.rule}`);
    lines.push(`    ${e.callsBefore} calls, ${e.costBefore.toFixed(2)} ${r.currency} before this; the whole day: ${e.callsDay} calls, ${e.costDay.toFixed(2)} ${r.currency}. ${plain(e.title)}`);
  }
  return `${lines.join('\n')}\n`;
}

function renderLiveText(r: LiveReplayResult): string {
  const lines = [
    `Replay of the live guard (${r.liveEvents} AMI events derived from the CDRs) and of the sweep every ${r.everyMinutes} min, ${r.from} to ${r.to} (${r.timezone}); lockouts: ${r.lockoutMode}`,
    `exposure: what the extension's calls cost up to the lock, calls still up counted only up to it (${r.currency}, estimated where no rate deck matched)`,
    '',
  ];
  if (r.attacks.length === 0) lines.push('Neither engine would have alerted or locked anyone.');
  const one = (name: string, o: EngineOutcome | null): string =>
    o ? `    ${name} ${o.action} at ${o.time}${o.minutesAfterFirstCall === null ? '' : ` (${o.minutesAfterFirstCall} min after the first call)`}, ${o.rule}; exposure ${o.exposure.toFixed(2)}` : `    ${name} nothing`;
  for (const a of r.attacks) {
    lines.push(`${plain(a.extension)} on ${a.day}: first call ${a.firstCall ?? '?'}; the whole day without tollguard: ${a.costDay.toFixed(2)} ${r.currency}`);
    lines.push(one('live: ', a.live), one('sweep:', a.sweep));
  }
  return `${lines.join('\n')}\n`;
}

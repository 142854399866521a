import { lockoutAdd, lockoutList, lockoutRemove } from '../../actions/lockout/commands.js';
import type { LockOutcome } from '../../actions/lockout/lockout-service.js';
import { astdbKeyProblem, extensionProblem } from '../../actions/lockout/extension.js';
import { dayEndIn } from '../../actions/lockout/policy.js';
import { createClock } from '../../pipeline/setup.js';
import { CONFIG_OPTIONS, configFrom, dayOption, nowOption, parseOptions } from '../args.js';
import type { Command } from '../command.js';
import { EXIT, UsageError } from '../exit.js';
import { withStore } from '../with-store.js';
import { oneLine } from '../../actions/report/escape.js';

export const lockoutListCommand: Command = {
  usage: `Usage: tollguard lockout list [--json] [--config FILE]

Shows every lock the state store knows (active, pending, failed) beside what the
PBX's AstDB holds in the lock family (AMI "database show"), so a lock set or removed
by hand on the PBX shows up too.`,
  async run(argv) {
    const { values } = parseOptions(argv, { ...CONFIG_OPTIONS, json: { type: 'boolean' } });
    const config = configFrom(values);
    const listing = await withStore(config, (store) => lockoutList(config, store));
    if (values.json) {
      process.stdout.write(`${JSON.stringify(listing, null, 2)}\n`);
      return listing.astdbError ? EXIT.failure : EXIT.ok;
    }
    if (listing.astdbError) process.stderr.write(`tollguard: could not read the PBX's AstDB (${oneLine(listing.astdbError)}); showing only what the state store records\n`);
    if (!listing.entries.length) process.stdout.write(listing.astdbError ? 'the state store records no locks (the PBX could not be asked)\n' : 'no extensions locked\n');
    for (const e of listing.entries) {
      const where = e.where === 'both' ? 'PBX and store' : e.where === 'astdb' ? 'PBX only (not set by tollguard, or store lost)' : 'store only (not on the PBX)';
      const r = e.record;
      // Extensions, reasons and AstDB values can come from CDRs: one clean line each.
      process.stdout.write(`${oneLine(e.extension).padEnd(12)} ${(r?.status ?? 'active').padEnd(8)} ${where}${r ? `  since ${r.createdAt} by ${oneLine(r.actor)}: ${oneLine(r.reason)}` : ''}${e.astdb ? `  [AstDB: ${oneLine(e.astdb)}]` : ''}${r?.error ? `  last error: ${oneLine(r.error)}` : ''}\n`);
    }
    return listing.astdbError ? EXIT.failure : EXIT.ok;
  },
};

export const lockoutAddCommand: Command = {
  usage: `Usage: tollguard lockout add EXTENSION --reason TEXT [--config FILE]

Writes the lock to AstDB over AMI (DBPut) and hangs up the extension's live calls
(unless LOCKOUT_HANGUP=no), whatever LOCKOUT_MODE says: an admin asked for it.
When AMI cannot be reached the lock is recorded as pending and retried by the next run.`,
  async run(argv) {
    const { values, positionals } = parseOptions(argv, { ...CONFIG_OPTIONS, reason: { type: 'string' }, now: { type: 'string' } }, true);
    const extension = single(positionals);
    if (!values.reason) throw new UsageError('--reason is required: it is stored with the lock and shown to whoever finds it');
    const config = configFrom(values);
    const outcome = await withStore(config, (store) => lockoutAdd(config, store, extension, values.reason!, { actor: 'admin via CLI', now: nowOption(values.now) }));
    return printOutcome(outcome);
  },
};

export const lockoutRemoveCommand: Command = {
  usage: `Usage: tollguard lockout remove EXTENSION [--until YYYY-MM-DD | --for DURATION] [--config FILE]

Deletes the lock from AstDB over AMI (DBDel). The unlock holds: the findings so far
(their rules, the extension's calls and cost) are acknowledged, and scheduled runs
lock the extension again only on new evidence: more calls, more cost, another rule.
--until DAY (through the end of that day, in PBX_TIMEZONE) or --for 24h (also 90m, 2d)
also keeps scheduled runs from locking it at all until then; "tollguard lockout add"
still locks it at once.`,
  async run(argv) {
    const { values, positionals } = parseOptions(argv, { ...CONFIG_OPTIONS, now: { type: 'string' }, until: { type: 'string' }, for: { type: 'string' } }, true);
    const extension = single(positionals, astdbKeyProblem);
    if (values.until !== undefined && values.for !== undefined) throw new UsageError('give --until or --for, not both');
    const now = nowOption(values.now);
    const config = configFrom(values);
    const until = dayOption(values.until, '--until');
    const exemptUntil = until !== undefined ? new Date(dayEndIn(createClock(config))(until)) : values.for !== undefined ? new Date(now.getTime() + durationMs(values.for)) : undefined;
    if (exemptUntil && exemptUntil.getTime() <= now.getTime()) throw new UsageError(`--until ${values.until} is already over`);
    const outcome = await withStore(config, (store) => lockoutRemove(config, store, extension, { actor: 'admin via CLI', now, exemptUntil }));
    printOutcome(outcome);
    // Still locked (AMI refused or unreachable): exit 4, as for add.
    return outcome.status === 'removed' ? EXIT.ok : EXIT.failure;
  },
};

/** --for: minutes, hours or days ("90m", "24h", "2d"), at most a year. */
export function durationMs(text: string): number {
  const m = /^(\d{1,6})([mhd])$/.exec(text);
  const ms = m ? Number(m[1]) * { m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 'm' | 'h' | 'd'] : NaN;
  if (!(ms > 0 && ms <= 366 * 86_400_000)) throw new UsageError(`--for takes a duration such as 24h, 90m or 2d (at most a year), not "${text}"`);
  return ms;
}

/** The one extension named; a name no endpoint has is a usage error (exit 2), before the store or AMI is touched. */
function single(positionals: string[], problemOf: (ext: string) => string | null = extensionProblem): string {
  if (positionals.length !== 1) throw new UsageError('name exactly one extension');
  const ext = positionals[0]!;
  const problem = problemOf(ext);
  if (problem) throw new UsageError(`extension ${JSON.stringify(ext.slice(0, 80))} refused: ${problem}`);
  return ext;
}

function printOutcome(o: LockOutcome): number {
  // The detail says what was hung up.
  process.stdout.write(`${o.extension}: ${o.status}: ${o.detail}\n`);
  return o.status === 'pending' || o.status === 'failed' ? EXIT.failure : EXIT.ok;
}

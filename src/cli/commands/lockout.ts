import { lockoutAdd, lockoutList, lockoutRemove } from '../../actions/lockout/commands.js';
import type { LockOutcome } from '../../actions/lockout/lockout-service.js';
import { CONFIG_OPTIONS, configFrom, nowOption, parseOptions } from '../args.js';
import type { Command } from '../command.js';
import { EXIT, UsageError } from '../exit.js';
import { withStore } from '../with-store.js';

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
    if (listing.astdbError) process.stderr.write(`tollguard: could not read the PBX's AstDB (${listing.astdbError}); showing only what the state store records\n`);
    if (!listing.entries.length) process.stdout.write(listing.astdbError ? 'the state store records no locks (the PBX could not be asked)\n' : 'no extensions locked\n');
    for (const e of listing.entries) {
      const where = e.where === 'both' ? 'PBX and store' : e.where === 'astdb' ? 'PBX only (not set by tollguard, or store lost)' : 'store only (not on the PBX)';
      const r = e.record;
      process.stdout.write(`${e.extension.padEnd(12)} ${(r?.status ?? 'active').padEnd(8)} ${where}${r ? `  since ${r.createdAt} by ${r.actor}: ${r.reason}` : ''}${e.astdb ? `  [AstDB: ${e.astdb}]` : ''}${r?.error ? `  last error: ${r.error}` : ''}\n`);
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
  usage: `Usage: tollguard lockout remove EXTENSION [--config FILE]`,
  async run(argv) {
    const { values, positionals } = parseOptions(argv, { ...CONFIG_OPTIONS, now: { type: 'string' } }, true);
    const extension = single(positionals);
    const config = configFrom(values);
    const outcome = await withStore(config, (store) => lockoutRemove(config, store, extension, { actor: 'admin via CLI', now: nowOption(values.now) }));
    return printOutcome(outcome);
  },
};

function single(positionals: string[]): string {
  if (positionals.length !== 1) throw new UsageError('name exactly one extension');
  return positionals[0]!;
}

function printOutcome(o: LockOutcome): number {
  process.stdout.write(`${o.extension}: ${o.status}: ${o.detail}${o.hungUp.length ? ` (hung up ${o.hungUp.join(', ')})` : ''}\n`);
  return o.status === 'pending' || o.status === 'failed' ? EXIT.failure : EXIT.ok;
}

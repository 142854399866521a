import { lineLogger, untilSignal } from '../../../jobs/daemon.js';
import { LiveGuard } from '../../pipeline/live-guard.js';
import { openStore } from '../../store/open.js';
import { CONFIG_OPTIONS, configFrom, parseOptions } from '../args.js';
import type { Command } from '../command.js';
import { EXIT, UsageError } from '../exit.js';

export const watch: Command = {
  usage: `Usage: tollguard watch [--config FILE] [--timezone IANA]

The live guard in the foreground: one AMI connection (AMI_HOST, AMI_PORT,
AMI_USERNAME, AMI_SECRET; the manager user needs read = call and
write = system,call) sees each outbound call when it is dialled, judges it with
the live rules against the extension's history in the state store, and locks by
LOCKOUT_MODE (off, dry-run, enforce) and LOCKOUT_* as the scheduled jobs do: AstDB
lock, then Hangup of the extension's calls. Critical findings are mailed at once
(once per extension and day, with the sweep's). Reconnects on its own; logs one
JSON line per event on standard output (and to TOLLGUARD_LOG_FILE). SIGTERM or
SIGINT stops it. \`tollguard daemon\` runs it beside the jobs with LIVE_GUARD=on.

  --config FILE    JSON configuration (default TOLLGUARD_CONFIG).
  --timezone IANA  the PBX timezone (default PBX_TIMEZONE).`,
  async run(argv) {
    const { values } = parseOptions(argv, CONFIG_OPTIONS);
    const config = configFrom(values);
    if (!config.ami.username || !config.ami.secret) throw new UsageError('watch needs AMI_USERNAME and AMI_SECRET (a manager.conf user with read = call, write = system,call)');
    const store = await openStore(config.store);
    const guard = new LiveGuard({ config, store, log: lineLogger(config) });
    try {
      await guard.start();
      await untilSignal();
    } finally {
      await guard.stop();
      await store.close();
    }
    return EXIT.ok;
  },
};

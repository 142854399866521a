import { emergencyFor, renderDialplan } from '../../actions/lockout/dialplan.js';
import { CONFIG_OPTIONS, configFrom, parseOptions } from '../args.js';
import type { Command } from '../command.js';
import { EXIT, UsageError } from '../exit.js';

export const dialplan: Command = {
  usage: `Usage: tollguard dialplan [--freepbx [--macro]] [--config FILE]

Prints the dialplan that refuses outbound calls from a locked extension: for plain
Asterisk (extensions.conf; verified on Asterisk 22.7) or, with --freepbx, the
outbound predial hook for extensions_custom.conf (--macro for FreePBX 16 and older,
which run it as a Macro rather than a Gosub). Load it with: asterisk -rx "dialplan reload".
Emergency numbers (EMERGENCY_NUMBERS, default by HOME_COUNTRY: 911 and 933 in NANP,
112 and the country's own elsewhere) are matched before the check: a locked phone
still reaches them. The FreePBX hook also lets every call on a route marked
Emergency (EMERGENCYROUTE=YES) through; both verified on Asterisk 22.7
(test/fixtures/asterisk-22.7-freepbx-hook).`,
  async run(argv) {
    const { values, positionals } = parseOptions(argv, { ...CONFIG_OPTIONS, freepbx: { type: 'boolean' }, macro: { type: 'boolean' } }, true);
    if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    if (values.macro && !values.freepbx) throw new UsageError('--macro goes with --freepbx');
    const config = configFrom(values);
    process.stdout.write(renderDialplan(values.freepbx ? 'freepbx' : 'asterisk', { family: config.lockout.family, emergency: emergencyFor(config.pbx), freepbxStyle: values.macro ? 'macro' : 'gosub' }));
    return EXIT.ok;
  },
};

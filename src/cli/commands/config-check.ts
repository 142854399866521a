import { redactConfig } from '../../config/load.js';
import { CONFIG_OPTIONS, configFrom, parseOptions } from '../args.js';
import type { Command } from '../command.js';
import { EXIT } from '../exit.js';

export const configCheck: Command = {
  usage: `Usage: tollguard config check [--config FILE] [--timezone IANA]

Loads the configuration as a run would (defaults, then the JSON file from --config
or TOLLGUARD_CONFIG, then environment variables and .env) and prints it as JSON with
secrets redacted. On a problem, lists each one with where the value came from and
exits with status 2.`,
  async run(argv) {
    const { values } = parseOptions(argv, CONFIG_OPTIONS);
    const config = configFrom(values);
    process.stdout.write(`${JSON.stringify(redactConfig(config), null, 2)}\n`);
    return EXIT.ok;
  },
};

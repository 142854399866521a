import { existsSync } from 'node:fs';
import { redactConfig } from '../../config/load.js';
import { createClock, createEnrichment } from '../../pipeline/setup.js';
import { CONFIG_OPTIONS, configFrom, parseOptions } from '../args.js';
import type { Command } from '../command.js';
import { EXIT } from '../exit.js';

export const configCheck: Command = {
  usage: `Usage: tollguard config check [--config FILE] [--timezone IANA]

Loads the configuration as a run would (defaults, then the JSON file from --config
or TOLLGUARD_CONFIG, then environment variables and .env), loads the rate deck and
high-risk list it names, and prints it as JSON with secrets redacted. On a problem,
lists each one with where the value came from and exits with status 2. CDR files
that do not exist (yet) are mentioned on stderr.`,
  async run(argv) {
    const { values } = parseOptions(argv, CONFIG_OPTIONS);
    const config = configFrom(values);
    // Throws ReferenceFileError (exit 2) for a rate deck or high-risk list that cannot be used.
    createEnrichment(config, createClock(config));
    process.stdout.write(`${JSON.stringify(redactConfig(config), null, 2)}\n`);
    if (config.cdr.source === 'csv') {
      for (const path of config.cdr.csv.filter((p) => !/[*?[{]/.test(p) && !existsSync(p))) {
        process.stderr.write(`tollguard: note: CDR file ${path} does not exist (yet); set CDR_CSV or pass --csv\n`);
      }
    }
    return EXIT.ok;
  },
};

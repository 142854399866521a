// Options the job commands share (run, daemon, replay, status).
import { join } from 'node:path';
import { stateDir } from '../../jobs/lock.js';
import { CDR_SOURCES, cdrDatabaseProblem } from '../config/cdr-input.js';
import { ConfigError } from '../config/config-error.js';
import type { Config } from '../config/load.js';
import { CONFIG_OPTIONS, configFrom } from './args.js';
import { UsageError } from './exit.js';

export const JOB_OPTIONS = {
  ...CONFIG_OPTIONS,
  csv: { type: 'string', multiple: true },
  source: { type: 'string' },
  quarantine: { type: 'string' },
} as const;

export function jobConfig(values: { config?: string; timezone?: string; csv?: string[]; source?: string; strict?: boolean }): Config {
  const overrides = [];
  if (values.strict) overrides.push({ path: ['cdr', 'strict'], value: true, flag: '--strict' });
  const source = values.source;
  if (source !== undefined && !(CDR_SOURCES as readonly string[]).includes(source)) throw new UsageError(`--source takes ${CDR_SOURCES.join(', ')}, not "${source}"`);
  if (values.csv && source !== undefined && source !== 'csv') throw new UsageError(`--csv reads Master.csv files, but --source is ${source}: give one or the other`);
  if (source !== undefined) overrides.push({ path: ['cdr', 'source'], value: source, flag: '--source' });
  if (values.csv) overrides.push({ path: ['cdr', 'csv'], value: values.csv, flag: '--csv' }, { path: ['cdr', 'source'], value: 'csv', flag: '--csv' });
  const config = configFrom(values, overrides);
  // The flag chose a database the configuration cannot reach: say so naming the flag (createSource would name CDR_SOURCE).
  const problem = source === undefined ? null : cdrDatabaseProblem(config.cdr.source, config.cdr.database.url, `--source ${source}`);
  if (problem) throw new ConfigError([problem]);
  return config;
}

/** CDR_QUARANTINE_FILE, else tollguard-quarantine.jsonl beside the state. */
export function jobQuarantine(config: Config, flag?: string): string {
  return flag ?? config.cdr.quarantineFile ?? join(stateDir(config), 'tollguard-quarantine.jsonl');
}

export const JOB_OPTIONS_USAGE = `  --source S       where CDRs come from: csv, postgres or mysql (default CDR_SOURCE, else
                   csv); postgres and mysql read CDR_DATABASE_URL and CDR_TABLE.
  --csv PATH       Master.csv files or globs; may repeat (default CDR_CSV).
  --quarantine F   where bad CDR rows are appended (default CDR_QUARANTINE_FILE, or
                   tollguard-quarantine.jsonl beside the state store).
  --config FILE    JSON configuration (default TOLLGUARD_CONFIG).
  --timezone IANA  the PBX timezone (default PBX_TIMEZONE).`;

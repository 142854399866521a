import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { nextRuns } from '../../../jobs/daemon.js';
import { describeStray, strayNames } from '../../config/env-names.js';
import { ConfigError, redactConfig, type Config } from '../../config/load.js';
import { setupNotes, setupProblems } from '../../config/readiness.js';
import { pbxContradictions } from '../pbx-contradictions.js';
import { describePbxCapInForce } from '../../pipeline/pbx-cap.js';
import { createClock, createEnrichment } from '../../pipeline/setup.js';
import { defaultStatePath } from '../../store/open.js';
import { CONFIG_OPTIONS, configFrom, parseOptions } from '../args.js';
import type { Command } from '../command.js';
import { EXIT } from '../exit.js';
import { describeTrunks, TRUNK_DAYS } from '../trunks-note.js';
import { terminalText } from '../../actions/report/escape.js';

export const configCheck: Command = {
  usage: `Usage: tollguard config check [--config FILE] [--timezone IANA]

Loads the configuration as a run would (defaults, then the JSON file from --config
or TOLLGUARD_CONFIG, then environment variables and .env), loads the rate deck and
high-risk list it names, and prints it as JSON with secrets redacted. Refuses, with
status 2 and every problem with where the value came from: values that do not
parse (a port over 65535, a six-field cron expression), environment variables that
look like tollguard's but are not (SMPT_URL: did you mean SMTP_URL?), lockouts to
enforce without AMI credentials, and files or folders this user cannot write.
Notes on stderr: CDR files or globs that match nothing (yet), no email or AMI
settings, when each job runs next, and the trunks: TRUNKS, or the ones recognised
in the last ${TRUNK_DAYS} days of CDRs. Warnings on stderr: settings that
contradict the PBX's own configuration (AUDIT_ETC, else /etc/asterisk when
readable): INTERNAL_CONTEXTS against the contexts the phones' trunk calls are
recorded in, CDR_USE_GMT against cdr.conf. ALERT_WEBHOOK_URL is shown as its host
only. A note gives the PBX-wide cost cap in force today, which the state store's
history decides.`,
  async run(argv) {
    const { values } = parseOptions(argv, CONFIG_OPTIONS);
    // Every problem at once: the environment's stray names even when the configuration does not load.
    const strays = strayNames(Object.keys(process.env));
    const problems = strays.filter((s) => s.likelyOurs).map((s) => describeStray(s, ' in the environment'));
    let config: Config;
    try {
      config = configFrom(values);
    } catch (e) {
      if (e instanceof ConfigError) throw new ConfigError([...e.problems, ...problems]);
      throw e;
    }
    // Throws ReferenceFileError (exit 2) for a rate deck or high-risk list that cannot be used.
    const clock = createClock(config);
    createEnrichment(config, clock);
    problems.push(...setupProblems(config), ...unwritable(config));
    if (problems.length) throw new ConfigError(problems);

    process.stdout.write(`${JSON.stringify(redactConfig(config), null, 2)}\n`);
    const notes = [
      ...strays.filter((s) => !s.likelyOurs).map((s) => describeStray(s, ' in the environment')),
      ...(await missingCdrFiles(config)),
      ...setupNotes(config),
      ...schedule(config),
      ...(await describeTrunks(config)),
      await describePbxCapInForce(config, clock.today()),
    ];
    for (const n of notes) process.stderr.write(`tollguard: note: ${terminalText(n)}\n`);
    for (const w of pbxContradictions(config)) process.stderr.write(`tollguard: warning: ${terminalText(w)}\n`);
    return EXIT.ok;
  },
};

async function missingCdrFiles(config: Config): Promise<string[]> {
  if (config.cdr.source !== 'csv') return [];
  const notes: string[] = [];
  for (const p of config.cdr.csv) {
    if (isDynamicPattern(p)) {
      if ((await glob([p], { onlyFiles: true })).length === 0) notes.push(`CDR_CSV ${p} matches no file (yet): nothing would be read; set CDR_CSV or pass --csv`);
    } else if (!existsSync(p)) {
      notes.push(`CDR file ${p} does not exist (yet); set CDR_CSV or pass --csv`);
    }
  }
  return notes;
}

/** When each job would run next under the daemon: a mistyped expression shows as a surprising time. */
function schedule(config: Config): string[] {
  const clock = createClock(config);
  return nextRuns(config, undefined, 2).map((n) => `${n.job} ("${n.cron}", ${config.pbx.timezone}) runs next at ${n.runs.map((d) => clock.iso(d.getTime())).join(', then ')}`);
}

/** Files and folders tollguard writes that this user could not create or append to. */
function unwritable(config: Config): string[] {
  const targets: [string, string | undefined][] = [
    ['TOLLGUARD_STATE', config.store.databaseUrl ? undefined : (config.store.statePath ?? defaultStatePath())],
    ['TOLLGUARD_LOG_FILE', config.schedule.logFile],
    ['EMAIL_OUTBOX', config.email.outboxDir && resolve(config.email.outboxDir, 'x')],
    ['CDR_QUARANTINE_FILE', config.cdr.quarantineFile],
  ];
  const problems: string[] = [];
  for (const [name, path] of targets) {
    const why = path && cannotWrite(resolve(path));
    if (why) problems.push(`${name} ${name === 'EMAIL_OUTBOX' ? dirname(path) : path}: ${why}`);
  }
  return problems;
}

/** Why `path` could not be written (it, or the nearest folder above it that exists), or null. */
function cannotWrite(path: string): string | null {
  try {
    if (existsSync(path)) {
      accessSync(path, constants.W_OK);
      return null;
    }
    let folder = dirname(path);
    while (!existsSync(folder) && dirname(folder) !== folder) folder = dirname(folder);
    if (!statSync(folder).isDirectory()) return `${folder} is not a folder`;
    accessSync(folder, constants.W_OK);
    return null;
  } catch (e) {
    return `this user cannot write there (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`;
  }
}

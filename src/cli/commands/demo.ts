import { createWriteStream, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { finished } from 'node:stream/promises';
import { groupIncidents, renderReport } from '../../actions/report/index.js';
import { incidentHeadline } from '../../actions/report/view.js';
import type { Report } from '../../actions/report/report.js';
import { loadConfig } from '../../config/load.js';
import { DEMO_TRUNK, generateDemoCsv, planAttacks } from '../../demo/generate.js';
import { FolderError, makeFolder } from '../../files/make-folder.js';
import { collectFlaggedCalls, runReport } from '../../pipeline/run-report.js';
import { createClock, createEnrichment, csvSourceFrom } from '../../pipeline/setup.js';
import { QuarantineWriter } from '../../sources/quarantine.js';
import { shellQuote } from '../../text/shell.js';
import { addDays, PbxClock } from '../../time/pbx-clock.js';
import { nowOption, parseOptions } from '../args.js';
import type { Command } from '../command.js';
import { EXIT, UsageError } from '../exit.js';

const DEMO_ZONE = 'America/New_York';

export const demo: Command = {
  usage: `Usage: tollguard demo [--dir DIR] [--days N] [--extensions N] [--seed N] [--now ISO-TIME]

Writes a realistic Master.csv (default 35 days, 25 extensions, PBX in ${DEMO_ZONE})
with a few attacks injected in the last days, the configuration that describes
that PBX (tollguard.json), then judges the last 7 days and writes report.html,
report.txt, report.json and flagged-calls.csv beside them (default folder
./tollguard-demo). Nothing outside that folder is touched.`,
  async run(argv) {
    const { values } = parseOptions(argv, {
      dir: { type: 'string', default: 'tollguard-demo' },
      days: { type: 'string', default: '35' },
      extensions: { type: 'string', default: '25' },
      seed: { type: 'string', default: '7' },
      now: { type: 'string' },
    });
    const days = wholeNumber(values.days, '--days', 8, 400);
    const extensions = wholeNumber(values.extensions, '--extensions', 20, 5000);
    const seed = wholeNumber(values.seed, '--seed', 0, 2 ** 31);
    const dir = resolve(values.dir);
    try {
      makeFolder(dir);
    } catch (e) {
      if (e instanceof FolderError) throw new UsageError(`--dir ${dir}: ${e.message}`);
      throw e;
    }

    const endDay = addDays(new PbxClock(DEMO_ZONE).today(nowOption(values.now)), -1);
    const { report, csvPath, configFile, window } = await buildDemo(dir, { endDay, days, extensions, seed, now: values.now ? nowOption(values.now) : undefined });
    for (const format of ['html', 'txt', 'json', 'csv'] as const) {
      const name = format === 'csv' ? 'flagged-calls.csv' : `report.${format}`;
      writeFileSync(`${dir}/${name}`, renderReport(report, format === 'txt' ? 'text' : format));
    }

    const s = report.summary;
    const flaggedExtensions = new Set(report.findings.map((f) => f.extension));
    const lines = [
      `tollguard demo: ${days} days of CDRs for ${extensions} extensions written to ${csvPath}`,
      `Injected attacks:`,
      ...planAttacks(endDay).map((a) => `  ${a.day}  ${a.extension.padEnd(9)}  ${a.description}${flaggedExtensions.has(a.extension) ? '  -> flagged' : '  -> NOT flagged'}`),
      `Report for ${window.from} to ${window.to} (${DEMO_ZONE}): ${incidentHeadline(groupIncidents(report), s.currency) ?? 'nothing found'}`,
      `  (${s.findings.critical} critical, ${s.findings.warning} warning, ${s.findings.info} info findings; ${s.rowsRead} rows read, ${s.rowsQuarantined} set aside in ${s.quarantineFile ?? '(none)'})`,
      ``,
      `Open the report: ${dir}/report.html`,
      `Also written: report.txt, report.json, flagged-calls.csv and tollguard.json (the demo PBX's configuration) in ${dir}`,
      ...runItYourself(dir, configFile, csvPath, window),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    return EXIT.ok;
  },
};

/**
 * The report command on the demo's own files and its own state store: the demo's
 * PBX (extensions 1001-1025, common real numbers) must never reach the admin's
 * real store, where the sweep takes its baselines. --csv wins over a CDR_CSV in
 * the environment; DATABASE_URL= wins over a PostgreSQL store in it or in .env.
 */
function runItYourself(dir: string, configFile: string, csvPath: string, window: { from: string; to: string }): string[] {
  const pg = !!process.env.DATABASE_URL || (existsSync('.env') && /^\s*(?:export\s+)?DATABASE_URL\s*=\s*\S/m.test(readFileSync('.env', 'utf8')));
  const env = `${pg ? 'DATABASE_URL= ' : ''}TOLLGUARD_STATE=${shellQuote(join(dir, 'state.db'))}`;
  return [
    `Run it yourself (on the demo's own state store in ${dir}, never your real one):`,
    `  ${env} npx tollguard report --config ${shellQuote(configFile)} --csv ${shellQuote(csvPath)} --from ${window.from} --to ${window.to}`,
  ];
}

export interface DemoBuild {
  report: Report;
  csvPath: string;
  configFile: string;
  window: { from: string; to: string };
}

/**
 * Writes the demo PBX's Master.csv and configuration into `dir` and judges the
 * last 7 days, flagged calls included (the report the demo writes out; the
 * screenshots script renders it too).
 */
export async function buildDemo(dir: string, o: { endDay: string; days: number; extensions: number; seed: number; now?: Date }): Promise<DemoBuild> {
  const csvPath = `${dir}/Master.csv`;
  const out = createWriteStream(csvPath);
  for (const line of generateDemoCsv({ endDay: o.endDay, days: o.days, extensions: o.extensions, seed: o.seed, malformed: true })) {
    if (!out.write(`${line}\n`)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  out.end();
  await finished(out);

  const configFile = `${dir}/tollguard.json`;
  writeFileSync(configFile, `${JSON.stringify({ pbx: { timezone: DEMO_ZONE, homeCountry: 'US', trunks: [DEMO_TRUNK] }, cdr: { csv: [csvPath] } }, null, 2)}\n`);
  // The demo describes its own PBX: the user's environment must not change it.
  const config = loadConfig({ configFile, env: {} });
  const clock = createClock(config);
  const enrich = createEnrichment(config, clock);
  const source = csvSourceFrom(config, clock);
  const quarantine = new QuarantineWriter(`${dir}/quarantine.jsonl`);
  const window = { from: addDays(o.endDay, -6), to: o.endDay };
  const { report, trunks } = await runReport({ config, clock, sources: [source], enrich, window, now: o.now, onBadRow: quarantine.write, quarantineFile: () => quarantine.recordedIn() });
  await quarantine.close();
  report.flaggedCalls = await collectFlaggedCalls([source], enrich, report, config.pbx, trunks);
  return { report, csvPath, configFile, window };
}

function wholeNumber(text: string, flag: string, min: number, max: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${flag} takes a whole number from ${min} to ${max}, not "${text}"`);
  return n;
}

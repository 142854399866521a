// What the intraday sweep rests on: an incremental read (createCsvSource's
// `resume`) of the last rows of a large file, then enrichment, profiles and
// detection of those rows. Args: FILE CONFIG OFFSET LINE DAY. Prints JSON.
import { loadConfig } from '../../src/config/load.js';
import { runReport } from '../../src/pipeline/run-report.js';
import { createClock, createEnrichment } from '../../src/pipeline/setup.js';
import { createCsvSource } from '../../src/sources/cdr-csv.js';
import { fileIdentity } from '../../src/sources/cdr-csv-resume.js';

const [file, configFile, offset, line, day] = process.argv.slice(2) as [string, string, string, string, string];
const t0 = performance.now();
const config = loadConfig({ configFile, env: {} });
const clock = createClock(config);
const enrich = createEnrichment(config, clock);
const tSetup = performance.now();
const { identity } = await fileIdentity(file);
const source = createCsvSource({ paths: [file], clock, resume: () => ({ identity, offset: Number(offset), line: Number(line) }) });
const { report } = await runReport({ config, clock, sources: [source], enrich, window: { from: day, to: day }, onBadRow: () => {} });
const t1 = performance.now();
const resumed = source.positions()[0]?.resumed;
process.stdout.write(`${JSON.stringify({ rows: report.summary.rowsRead, resumed, setupMs: tSetup - t0, sweepMs: t1 - tSetup })}\n`);

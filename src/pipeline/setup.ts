// Builds a run's parts from the configuration: the CDR sources and the
// enrichment with its reference data (dialling plan, high-risk list, rates).
// This is where files are read; the parts it returns are pure.
import { cdrDatabaseProblem } from '../config/cdr-input.js';
import { ConfigError } from '../config/config-error.js';
import type { Config } from '../config/load.js';
import { createDestinationResolver } from '../enrichment/classify.js';
import { resolveDiallingPlan } from '../enrichment/dialling-plan.js';
import { createEnricher, type EnrichmentParts } from '../enrichment/enrich.js';
import { createPricer } from '../enrichment/price.js';
import { loadEstimatedRates } from '../reference/estimated-rates.js';
import { loadHighRiskList } from '../reference/high-risk.js';
import { loadRateDeck } from '../reference/rate-deck.js';
import type { Cdr } from '../sources/cdr.js';
import { createCsvSource, type CsvSource } from '../sources/cdr-csv.js';
import { createMysqlSource } from '../sources/cdr-mysql.js';
import { createPgSource } from '../sources/cdr-pgsql.js';
import type { CdrSource } from '../sources/cdr.js';
import { PbxClock } from '../time/pbx-clock.js';
import type { Enriched } from '../enrichment/enrich.js';

export function createEnrichment(config: Config, clock: PbxClock): (cdr: Cdr) => Enriched {
  return createEnricher(config.pbx, clock, createEnrichmentParts(config));
}

/** Number classification and pricing with the configured reference data (the live guard prices calls in progress with it). */
export function createEnrichmentParts(config: Config): EnrichmentParts {
  const plan = resolveDiallingPlan(config.pbx);
  const highRisk = loadHighRiskList(config.pricing.highRiskList, config.pricing.extraHighRisk);
  const deck = config.pricing.rateDeck ? loadRateDeck(config.pricing.rateDeck) : null;
  return { destination: createDestinationResolver(plan, highRisk), price: createPricer(deck, loadEstimatedRates()) };
}

export function createClock(config: Config): PbxClock {
  return new PbxClock(config.pbx.timezone);
}

export function csvSourceFrom(config: Config, clock: PbxClock): CsvSource {
  return createCsvSource({ paths: config.cdr.csv, layout: config.cdr.csvLayout, gmt: config.cdr.gmt, clock, strict: config.cdr.strict });
}

export function isCsvSource(source: CdrSource): source is CsvSource {
  return 'files' in source && 'startRead' in source;
}

/** The configured CDR backend: Master.csv files, the cdr_pgsql table, or a MySQL table (FreePBX). */
export function createSource(config: Config, clock: PbxClock): CdrSource & { warnings?: string[] } {
  const { source } = config.cdr;
  if (source === 'csv') return csvSourceFrom(config, clock);
  const db = config.cdr.database;
  // jobConfig names --source when the flag chose the source; here it came from CDR_SOURCE or the config file.
  const problem = cdrDatabaseProblem(source, db.url, `CDR_SOURCE is ${source}`);
  if (problem || !db.url) throw new ConfigError([problem ?? 'no CDR_DATABASE_URL']);
  const options = { url: db.url, table: db.table, columns: db.columns, clock, gmt: config.cdr.gmt, overlapMinutes: db.overlapMinutes };
  return source === 'mysql' ? createMysqlSource(options) : createPgSource(options);
}

// Loads the shipped per-class and per-prefix rate estimates (data/estimated-rates.csv).
import { ESTIMATE_CLASSES, EstimatedRates, type EstimateClass, type EstimatedRate } from '../enrichment/price.js';
import { readCsvTable, ReferenceFileError } from './csv-table.js';
import { shippedDataFile } from './package-root.js';
import { parseMoney } from './rate-deck.js';

export function defaultEstimatedRatesPath(): string {
  return shippedDataFile('estimated-rates.csv');
}

export function loadEstimatedRates(path: string = defaultEstimatedRatesPath()): EstimatedRates {
  const table = readCsvTable(path);
  const iKey = table.header.indexOf('key');
  const iRate = table.header.indexOf('rate_per_minute');
  const iDescription = table.header.indexOf('description');
  if (iKey === -1 || iRate === -1 || iDescription === -1) {
    throw new ReferenceFileError(path, table.headerLine, 'header needs key, rate_per_minute and description columns');
  }
  const byClass = new Map<string, EstimatedRate>();
  const prefixes: EstimatedRate[] = [];
  for (const { line, cells } of table.rows) {
    const key = cells[iKey]!;
    const ratePerMinute = parseMoney(cells[iRate]!, 'rate_per_minute', path, line);
    const description = cells[iDescription]!;
    if (key.startsWith('+')) {
      const prefix = key.slice(1);
      if (!/^\d{1,15}$/.test(prefix)) throw new ReferenceFileError(path, line, `prefix "${key}" is not + and 1 to 15 digits`);
      prefixes.push({ key: prefix, ratePerMinute, description });
    } else if ((ESTIMATE_CLASSES as readonly string[]).includes(key)) {
      byClass.set(key, { key, ratePerMinute, description });
    } else {
      throw new ReferenceFileError(path, line, `key "${key}" is neither a +prefix nor one of ${ESTIMATE_CLASSES.join(', ')}`);
    }
  }
  const missing = ESTIMATE_CLASSES.filter((c) => !byClass.has(c));
  if (missing.length > 0) throw new ReferenceFileError(path, null, `no estimate for ${missing.join(', ')}`);
  return new EstimatedRates(Object.fromEntries(byClass) as Record<EstimateClass, EstimatedRate>, prefixes);
}

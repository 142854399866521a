// Loads the high-risk destination list: the shipped data/high-risk.csv or a
// user's replacement in the same format (pricing.highRiskList).
import { SEVERITIES, type Severity } from '../detection/rule.js';
import { HIGH_RISK_CATEGORIES, HighRiskList, type HighRiskCategory, type HighRiskEntry } from '../enrichment/high-risk.js';
import { readCsvTable, ReferenceFileError } from './csv-table.js';
import { shippedDataFile } from './package-root.js';

const COLUMNS = ['prefix', 'name', 'category', 'severity', 'source'] as const;

export function defaultHighRiskListPath(): string {
  return shippedDataFile('high-risk.csv');
}

/** Reads the list; extraPrefixes (pricing.extraHighRisk) are added on top. */
export function loadHighRiskList(path: string = defaultHighRiskListPath(), extraPrefixes: readonly string[] = []): HighRiskList {
  const table = readCsvTable(path);
  const index = COLUMNS.map((c) => table.header.indexOf(c));
  const missing = COLUMNS.filter((_, i) => index[i] === -1);
  if (missing.length > 0) {
    throw new ReferenceFileError(path, table.headerLine, `header lacks column(s) ${missing.join(', ')}; expected ${COLUMNS.join(',')}`);
  }
  const [iPrefix, iName, iCategory, iSeverity, iSource] = index as [number, number, number, number, number];
  const entries: HighRiskEntry[] = [];
  const seen = new Map<string, number>();
  for (const { line, cells } of table.rows) {
    const prefix = cells[iPrefix]!.replace(/^\+/, '');
    if (!/^\d{1,15}$/.test(prefix)) throw new ReferenceFileError(path, line, `prefix "${cells[iPrefix]}" is not 1 to 15 digits`);
    const first = seen.get(prefix);
    if (first !== undefined) throw new ReferenceFileError(path, line, `prefix ${prefix} is listed twice (first on line ${first})`);
    seen.set(prefix, line);
    const name = cells[iName]!;
    if (name === '') throw new ReferenceFileError(path, line, 'name is empty');
    const category = cells[iCategory]!.toLowerCase();
    if (!(HIGH_RISK_CATEGORIES as readonly string[]).includes(category)) {
      throw new ReferenceFileError(path, line, `category "${cells[iCategory]}" is not one of ${HIGH_RISK_CATEGORIES.join(', ')}`);
    }
    const severity = cells[iSeverity]!.toLowerCase();
    if (!(SEVERITIES as readonly string[]).includes(severity)) {
      throw new ReferenceFileError(path, line, `severity "${cells[iSeverity]}" is not one of ${SEVERITIES.join(', ')}`);
    }
    entries.push({ prefix, name, category: category as HighRiskCategory, severity: severity as Severity, source: cells[iSource]! });
  }
  if (entries.length === 0) throw new ReferenceFileError(path, null, 'no entries');
  const list = new HighRiskList(entries);
  return extraPrefixes.length > 0 ? list.withExtraPrefixes(extraPrefixes) : list;
}

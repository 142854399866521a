// Loads a carrier rate deck CSV (pricing.rateDeck). Header names vary between
// carriers, so common spellings are accepted, case-insensitively.
import { RateDeck, type Rate } from '../enrichment/price.js';
import { readCsvTable, ReferenceFileError } from './csv-table.js';

/** Accepted header names per field, after lower-casing and turning spaces and dashes into _. */
const ALIASES = {
  prefix: ['prefix', 'dial_code', 'dialcode', 'code', 'destination_code', 'dial_prefix', 'e164_prefix'],
  description: ['description', 'destination', 'name', 'country', 'destination_name'],
  rate: ['rate', 'rate_per_minute', 'rate_per_min', 'per_minute', 'price', 'price_per_minute', 'cost_per_minute', 'rate_min'],
  connectionFee: ['connection_fee', 'connect_fee', 'connection', 'connection_charge', 'setup_fee', 'setup'],
  increment: ['increment', 'increments', 'billing_increment', 'billing', 'interval'],
  first: ['first_increment', 'initial_increment', 'first_interval', 'initial_interval', 'min_time', 'minimum'],
  next: ['next_increment', 'subsequent_increment', 'next_interval', 'subsequent_interval', 'increment_next'],
} as const;

type Field = keyof typeof ALIASES;

/** Without increment columns a deck bills per minute, the commonest default. */
const DEFAULT_INCREMENT = 60;

export function loadRateDeck(path: string): RateDeck {
  const table = readCsvTable(path);
  const header = table.header.map((h) => h.replace(/[\s\-]+/g, '_'));
  const col = {} as Record<Field, number>;
  for (const field of Object.keys(ALIASES) as Field[]) {
    col[field] = header.findIndex((h) => (ALIASES[field] as readonly string[]).includes(h));
  }
  if (col.prefix === -1 || col.rate === -1) {
    throw new ReferenceFileError(
      path,
      table.headerLine,
      `header needs a prefix column (${ALIASES.prefix.join('/')}) and a rate column (${ALIASES.rate.join('/')}); found ${table.header.join(',')}`,
    );
  }
  if ((col.first === -1) !== (col.next === -1)) {
    throw new ReferenceFileError(path, table.headerLine, 'first_increment and next_increment come together');
  }

  const rates: Rate[] = [];
  const seen = new Map<string, number>();
  for (const { line, cells } of table.rows) {
    const cell = (field: Field): string => (col[field] === -1 ? '' : cells[col[field]]!);
    const prefix = cell('prefix').replace(/^\+/, '');
    if (!/^\d{1,15}$/.test(prefix)) throw new ReferenceFileError(path, line, `prefix "${cell('prefix')}" is not 1 to 15 digits`);
    const first = seen.get(prefix);
    if (first !== undefined) throw new ReferenceFileError(path, line, `prefix ${prefix} is listed twice (first on line ${first})`);
    seen.set(prefix, line);

    let firstIncrement = DEFAULT_INCREMENT;
    let nextIncrement = DEFAULT_INCREMENT;
    if (col.first !== -1) {
      firstIncrement = parseSeconds(cell('first'), 'first_increment', path, line, 0);
      nextIncrement = parseSeconds(cell('next'), 'next_increment', path, line, 1);
    } else if (col.increment !== -1 && cell('increment') !== '') {
      const m = /^(\d+)(?:\s*\/\s*(\d+))?$/.exec(cell('increment'));
      if (m === null) throw new ReferenceFileError(path, line, `increment "${cell('increment')}" is not like 60/60, 30/6 or 60`);
      firstIncrement = parseSeconds(m[1]!, 'increment', path, line, 0);
      nextIncrement = parseSeconds(m[2] ?? m[1]!, 'increment', path, line, 1);
    }
    rates.push({
      prefix,
      description: cell('description'),
      ratePerMinute: parseMoney(cell('rate'), 'rate', path, line),
      connectionFee: col.connectionFee === -1 || cell('connectionFee') === '' ? 0 : parseMoney(cell('connectionFee'), 'connection_fee', path, line),
      firstIncrement,
      nextIncrement,
    });
  }
  if (rates.length === 0) throw new ReferenceFileError(path, null, 'no rates');
  return new RateDeck(rates);
}

/** A non-negative amount such as 0.0123 (a leading currency symbol is not accepted: say the currency in pricing.currency). */
export function parseMoney(text: string, column: string, file: string, line: number): number {
  if (!/^\d+(\.\d+)?$|^\.\d+$/.test(text)) throw new ReferenceFileError(file, line, `${column} "${text}" is not a non-negative decimal number`);
  return Number(text);
}

function parseSeconds(text: string, column: string, file: string, line: number, min: number): number {
  if (!/^\d{1,5}$/.test(text) || Number(text) < min) {
    throw new ReferenceFileError(file, line, `${column} "${text}" is not a whole number of seconds${min > 0 ? ` of at least ${min}` : ''}`);
  }
  return Number(text);
}

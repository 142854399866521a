// Option parsing shared by the commands (node:util parseArgs, strict).
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { loadConfig, type Config } from '../config/load.js';
import { DAY_PATTERN } from '../time/pbx-clock.js';
import { UsageError } from './exit.js';

type Options = NonNullable<ParseArgsConfig['options']>;

export function parseOptions<O extends Options>(argv: string[], options: O, allowPositionals = false) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/** Options every command that reads configuration accepts. */
export const CONFIG_OPTIONS = {
  config: { type: 'string' },
  timezone: { type: 'string' },
} as const satisfies Options;

export function configFrom(values: { config?: string; timezone?: string }, extra: { path: string[]; value: unknown; flag: string }[] = []): Config {
  const overrides = [...extra];
  if (values.timezone) overrides.push({ path: ['pbx', 'timezone'], value: values.timezone, flag: '--timezone' });
  return loadConfig({ configFile: values.config, overrides, dotenv: true });
}

export function dayOption(value: string | undefined, flag: string): string | undefined {
  if (value === undefined) return undefined;
  const t = DAY_PATTERN.test(value) ? Date.parse(`${value}T00:00:00Z`) : NaN;
  if (Number.isNaN(t)) throw new UsageError(`${flag} takes a day as YYYY-MM-DD, not "${value}"`);
  // Date.parse takes 2026-02-30 for March 2: a day only when it reads back the same.
  if (new Date(t).toISOString().slice(0, 10) !== value) {
    const [y, m] = value.split('-').map(Number) as [number, number];
    const month = new Date(Date.UTC(y, m - 1, 1)).toLocaleString('en-US', { month: 'long', timeZone: 'UTC' });
    throw new UsageError(`${flag} ${value} is not a day: ${month} ${y} has ${new Date(Date.UTC(y, m, 0)).getUTCDate()} days`);
  }
  return value;
}

/**
 * A window of whole days against today in the PBX zone. One that has not begun
 * is refused: it has no CDRs, and judging it would only say so. One that runs
 * past today stops at today (days to come are not days without CDRs), and today
 * is judged as far as it has gone; both are said in `warnings`.
 */
export function pastWindow(from: string, to: string, today: string, zone: string): { from: string; to: string; warnings: string[] } {
  if (from > today) throw new UsageError(`--from ${from} is in the future (today is ${today} in ${zone}): there are no CDRs for it yet`);
  const warnings: string[] = [];
  if (to > today) {
    warnings.push(`--to ${to} is in the future: the report stops at today, ${today}`);
    to = today;
  }
  if (to === today) warnings.push(`${today} is today and not over: its figures are partial (the sweep judges today as it goes)`);
  return { from, to, warnings };
}

/** --now: an ISO time to run as if it were then (replays and tests). */
export function nowOption(value: string | undefined): Date {
  if (value === undefined) return new Date();
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new UsageError(`--now takes an ISO time such as 2026-11-26T06:40:00Z, not "${value}"`);
  return new Date(t);
}

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
  if (!DAY_PATTERN.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) throw new UsageError(`${flag} takes a day as YYYY-MM-DD, not "${value}"`);
  return value;
}

/** --now: an ISO time to run as if it were then (replays and tests). */
export function nowOption(value: string | undefined): Date {
  if (value === undefined) return new Date();
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new UsageError(`--now takes an ISO time such as 2026-11-26T06:40:00Z, not "${value}"`);
  return new Date(t);
}

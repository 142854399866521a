// Builds the effective configuration: shipped defaults, then the JSON config
// file, then environment variables (.env included), then command-line flags.
// Every error names where the bad value came from.
import { existsSync, readFileSync } from 'node:fs';
import { ConfigError } from './config-error.js';
import { z } from 'zod';
import { cdrInputSchema } from './cdr-input.js';
import { detectionSchema } from './detection.js';
import { emailSchema } from './email.js';
import { describeStray, KNOWN_PREFIXES, READ_BY_LOADER, READ_BY_WRAPPER, strayNames } from './env-names.js';
import { ENV_VARS, type EnvVar } from './env-vars.js';
import { amiSchema, lockoutSchema } from './lockout.js';
import { pbxSchema } from './pbx.js';
import { pricingSchema } from './pricing.js';
import { scheduleSchema } from './schedule.js';
import { storeSchema } from './store.js';
import { findRule, RULES, validateRuleSettings } from '../detection/registry.js';
import { auditSchema } from './audit.js';
import { liveSchema } from './live.js';
import { findLiveRule, LIVE_RULES } from '../detection/live/rules/index.js';
import { validateLiveRuleSettings } from '../detection/live/judge.js';
import { validateCheckSettings } from '../audit/checks/index.js';
import { redactWebhookUrl, webhookSchema } from './webhook.js';

export const configSchema = z.strictObject({
  pbx: pbxSchema.default(pbxSchema.parse({})),
  cdr: cdrInputSchema.default(cdrInputSchema.parse({})),
  pricing: pricingSchema.default(pricingSchema.parse({})),
  detection: detectionSchema.default(detectionSchema.parse({})),
  store: storeSchema.default(storeSchema.parse({})),
  ami: amiSchema.default(amiSchema.parse({})),
  lockout: lockoutSchema.default(lockoutSchema.parse({})),
  email: emailSchema.default(emailSchema.parse({})),
  webhook: webhookSchema.default(webhookSchema.parse({})),
  schedule: scheduleSchema.default(scheduleSchema.parse({})),
  audit: auditSchema.default(auditSchema.parse({})),
  live: liveSchema.default(liveSchema.parse({})),
});

export type Config = z.infer<typeof configSchema>;

export { ConfigError };

export interface LoadOptions {
  env?: NodeJS.ProcessEnv;
  /** JSON config file; default TOLLGUARD_CONFIG. */
  configFile?: string;
  /** Values from command-line flags, as key paths, applied last. */
  overrides?: { path: string[]; value: unknown; flag: string }[];
  /** Read ./.env into the environment first (never overriding what is set). */
  dotenv?: boolean;
}

type Provenance = Map<string, string>;

export function loadConfig(options: LoadOptions = {}): Config {
  const env = options.env ?? process.env;
  const problems: string[] = [];
  if (options.dotenv && existsSync('.env') && env === process.env) {
    process.loadEnvFile('.env');
    problems.push(...misspeltInDotenv(readFileSync('.env', 'utf8')));
  }
  const raw: Record<string, unknown> = {};
  const origin: Provenance = new Map();

  const file = options.configFile ?? env.TOLLGUARD_CONFIG;
  if (file) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      throw new ConfigError([`config file ${file}: ${(e as Error).message}`]);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new ConfigError([`config file ${file}: must hold a JSON object`]);
    }
    const proto = protoKey(parsed, []);
    if (proto) throw new ConfigError([`config file ${file}: key "__proto__" at ${proto.join('.') || 'the top'} is not a setting`]);
    for (const [k, v] of Object.entries(parsed)) raw[k] = v;
    problems.push(...secretsInFile(parsed, file));
    markFile(parsed, [], file, origin);
  }

  for (const v of ENV_VARS) {
    const text = env[v.name];
    if (text === undefined || text === '') continue;
    try {
      const value = parseEnv(v, text);
      // BUSINESS_HOURS sets start and end only, so business days from the file survive.
      if (v.kind === 'hours') for (const [k, x] of Object.entries(value as object)) setPath(raw, [...v.path, k], x);
      else setPath(raw, v.path, value);
      origin.set(v.path.join('.'), `environment variable ${v.name}${v.secret ? '' : `=${JSON.stringify(text.slice(0, 80))}`}`);
    } catch (e) {
      problems.push(`${v.name}: ${(e as Error).message} (environment variable ${v.name})`);
    }
  }
  for (const o of options.overrides ?? []) {
    setPath(raw, o.path, o.value);
    origin.set(o.path.join('.'), `command-line flag ${o.flag}`);
  }

  const result = configSchema.safeParse(raw);
  if (!result.success) {
    for (const issue of result.error.issues) problems.push(describeIssue(issue.path.map(String), issue.message, origin));
  }
  // Rule options are checked against each rule's schema, even when another section failed, so every problem shows at once.
  const detection = result.success ? result.data.detection : detectionSchema.safeParse(raw.detection ?? {}).data;
  for (const p of detection ? validateRuleSettings(detection.rules) : []) {
    problems.push(describeIssue(['detection', 'rules', ...p.path], p.message, origin));
  }
  if (result.success) {
    // A rule id that does not exist would never lock anyone.
    for (const [i, id] of result.data.lockout.rules.entries()) {
      if (!findRule(id) && !findLiveRule(id)) problems.push(describeIssue(['lockout', 'rules', String(i)], `no such rule "${id}" (known: ${[...RULES, ...LIVE_RULES].map((r) => r.meta.id).join(', ')})`, origin));
    }
    for (const p of badUrls(result.data)) problems.push(describeIssue(p.path, p.message, origin));
  }
  const live = result.success ? result.data.live : liveSchema.safeParse(raw.live ?? {}).data;
  for (const p of live ? validateLiveRuleSettings(live.rules) : []) problems.push(describeIssue(['live', 'rules', ...p.path], p.message, origin));
  const audit = result.success ? result.data.audit : auditSchema.safeParse(raw.audit ?? {}).data;
  for (const p of audit ? validateCheckSettings(audit.checks) : []) problems.push(describeIssue(['audit', 'checks', ...p.path], p.message, origin));
  if (problems.length) throw new ConfigError(problems);
  return result.data!;
}

/** Server URLs (SMTP_URL, DATABASE_URL ...) with a port no client could connect to: smtp://host:99999 passes a pattern. */
function badUrls(node: unknown, path: string[] = []): { path: string[]; message: string }[] {
  if (typeof node === 'string') {
    // The authority ends at the first / ? or #; the port follows its last colon (a password may hold one).
    const port = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*:(\d+)(?:[/?#]|$)/i.exec(node)?.[1];
    // The value may hold a password: name the port, never the URL.
    return port !== undefined && !(Number(port) >= 1 && Number(port) <= 65_535) ? [{ path, message: `port ${port} is out of range (1-65535)` }] : [];
  }
  if (node && typeof node === 'object') return Object.entries(node).flatMap(([k, v]) => badUrls(v, [...path, k]));
  return [];
}

export { READ_BY_LOADER, READ_BY_WRAPPER };

/** A name in .env that looks like one of ours but is not (SMTP_PASWORD, SMPT_URL) would be ignored without a word. */
function misspeltInDotenv(text: string): string[] {
  const names = [...text.matchAll(/^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/gm)].map((m) => m[1]!);
  // .env is written for tollguard: a familiar first word (HOME_, DATABASE_ ...) is enough to count as ours.
  return strayNames(names, KNOWN_PREFIXES).map((s) => describeStray(s, ' in .env'));
}

/** Secrets belong in the environment: a config file is copied around and read by more people. */
function secretsInFile(parsed: unknown, file: string): string[] {
  const problems: string[] = [];
  for (const v of ENV_VARS.filter((e) => e.secret)) {
    const [path, value] = secretAt(parsed, v.path);
    if (value === undefined) continue;
    // A URL without a password is not a secret; the password in it is. A webhook URL is a token in itself.
    if (typeof value === 'string' && value.includes('://') && redactUrl(value) === value && v.name !== 'ALERT_WEBHOOK_URL') continue;
    problems.push(`${path.join('.')}: set ${v.name} in the environment (or .env), not in config file ${file}: secrets do not belong in a config file`);
  }
  return problems;
}

/** The value at path, or at its older spelling (cdr.postgres before cdr.database) that config files may still use. */
function secretAt(parsed: unknown, path: readonly string[]): [readonly string[], unknown] {
  const at = (p: readonly string[]) => p.reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), parsed);
  const value = at(path);
  if (value !== undefined || path[0] !== 'cdr' || path[1] !== 'database') return [path, value];
  const legacy = ['cdr', 'postgres', ...path.slice(2)];
  return [legacy, at(legacy)];
}

function describeIssue(path: string[], message: string, origin: Provenance): string {
  const key = path.join('.');
  for (let n = path.length; n > 0; n--) {
    const from = origin.get(path.slice(0, n).join('.'));
    if (from) return `${key}: ${message} (from ${from})`;
  }
  return `${key}: ${message}`;
}

function markFile(value: unknown, path: string[], file: string, origin: Provenance): void {
  if (path.length) origin.set(path.join('.'), `config file ${file}, key ${path.join('.')}`);
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) markFile(v, [...path, k], file, origin);
  }
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]!] = value;
}

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

function parseEnv(v: EnvVar, text: string): unknown {
  const t = text.trim();
  switch (v.kind) {
    case 'string':
      return t;
    case 'list':
      return t.split(',').map((s) => s.trim()).filter(Boolean);
    case 'int':
    case 'number': {
      const n = Number(t);
      if (!Number.isFinite(n) || (v.kind === 'int' && !Number.isInteger(n))) throw new Error(`"${t}" is not ${v.kind === 'int' ? 'a whole number' : 'a number'}`);
      return n;
    }
    case 'bool':
      if (/^(1|true|yes|on)$/i.test(t)) return true;
      if (/^(0|false|no|off)$/i.test(t)) return false;
      throw new Error(`"${t}" is not yes/no`);
    case 'hours': {
      const m = /^(\d{2}:\d{2})\s*-\s*(\d{2}:\d{2})$/.exec(t);
      if (!m) throw new Error(`"${t}" is not HH:MM-HH:MM`);
      return { start: m[1], end: m[2] };
    }
    case 'days':
      return parseDays(t);
  }
}

/** "Mon-Fri", "1,2,3,4,5", "mon,wed,sat-sun" -> ISO weekdays. */
export function parseDays(text: string): number[] {
  const out = new Set<number>();
  for (const part of text.toLowerCase().split(',').map((s) => s.trim()).filter(Boolean)) {
    const [a, b] = part.split('-').map((s) => s.trim());
    const from = dayNumber(a!);
    const to = b === undefined ? from : dayNumber(b);
    for (let d = from; ; d = (d % 7) + 1) {
      out.add(d);
      if (d === to) break;
    }
  }
  return [...out].sort();
}

function dayNumber(s: string): number {
  const n = /^\d$/.test(s) ? Number(s) : WEEKDAYS.indexOf(s.slice(0, 3)) + 1;
  if (n < 1 || n > 7) throw new Error(`"${s}" is not a weekday`);
  return n;
}

/**
 * Where a parsed JSON value holds an own "__proto__" key, or null. zod's
 * records skip such a key without a word (strict objects refuse it), so a
 * setting under it would be silently ignored.
 */
function protoKey(value: unknown, path: string[]): string[] | null {
  if (typeof value !== 'object' || value === null) return null;
  if (!Array.isArray(value) && Object.hasOwn(value, '__proto__')) return path;
  for (const [k, v] of Object.entries(value)) {
    const found = protoKey(v, [...path, k]);
    if (found) return found;
  }
  return null;
}

/** The effective configuration with secrets replaced, for `config check` and logs. */
export function redactConfig(config: unknown): unknown {
  const out = JSON.parse(
    JSON.stringify(config, (key, value) => {
      if (typeof value !== 'string') return value;
      if (/(password|secret|pass)$/i.test(key)) return value ? '********' : value;
      return redactUrl(value);
    }),
  );
  // The webhook URL's path or query is the token: only the host is shown.
  const webhook = (out as { webhook?: { url?: unknown } } | null)?.webhook;
  if (webhook && typeof webhook.url === 'string') webhook.url = redactWebhookUrl(webhook.url);
  return out;
}

/** postgres://user:pw@host/db -> postgres://user:********@host/db */
export function redactUrl(text: string): string {
  return text.replace(/[a-z][a-z0-9+.-]*:\/\/[^\s"',]+/gi, (url) => {
    // The password runs to the LAST @ before the host (a password may hold @), and may also sit in the query.
    const scheme = url.indexOf('://') + 3;
    const pathStart = url.slice(scheme).search(/[/?#]/);
    const authEnd = pathStart < 0 ? url.length : scheme + pathStart;
    const at = url.lastIndexOf('@', authEnd);
    const colon = url.indexOf(':', scheme);
    let out = at > scheme && colon > 0 && colon < at ? `${url.slice(0, colon + 1)}********${url.slice(at)}` : url;
    out = out.replace(/([?&](?:ssl)?password=)[^&#]*/gi, '$1********');
    return out;
  });
}

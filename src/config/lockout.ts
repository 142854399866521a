// Locking extensions out: how to reach the Asterisk Manager Interface, and the
// policy deciding which findings lock which extensions.
import { z } from 'zod';
import { SEVERITIES } from '../detection/rule.js';

export const amiSchema = z.strictObject({
  /** Bind AMI to loopback on the PBX (manager.conf bindaddr); reach it over SSH/VPN otherwise. */
  host: z.string().min(1).max(255).regex(/^[A-Za-z0-9.:_\[\]-]+$/, 'a host name or IP address').default('127.0.0.1'),
  port: z.number().int().min(1).max(65535).default(5038),
  /** manager.conf user; needs write = system,call (and command for `lockout list`). */
  username: z.string().min(1).max(80).optional(),
  /** From AMI_SECRET only, never the config file. */
  secret: z.string().min(1).optional(),
  /** Connecting, logging in and each action. */
  timeoutMs: z.number().int().min(100).max(120_000).default(5000),
});

export const LOCKOUT_MODES = ['off', 'dry-run', 'enforce'] as const;
export type LockoutMode = (typeof LOCKOUT_MODES)[number];

/** Where the dialplan snippet looks for locks unless the configuration's lockout.family says otherwise. */
export const DEFAULT_LOCK_FAMILY = 'tollguard/lock';

/** An AstDB family path such as tollguard/lock (DB_EXISTS(family/key) in the dialplan). */
const family = z.string().regex(/^[A-Za-z0-9_-]{1,40}(\/[A-Za-z0-9_-]{1,40}){0,3}$/, 'path of letters, digits, _ and -, separated by /');

export const lockoutSchema = z.strictObject({
  /** off: never lock; dry-run: say what would be locked; enforce: lock through AMI. */
  mode: z.enum(LOCKOUT_MODES).default('off'),
  /** Rule ids whose findings may lock; empty = any rule at or above minSeverity. */
  rules: z.array(z.string().min(1).max(80)).default([]),
  minSeverity: z.enum(SEVERITIES).default('critical'),
  /** Extensions never locked (the reception desk, the emergency phone). */
  neverLock: z.array(z.string().min(1).max(80)).default([]),
  /** Safety valve: a bad baseline must not lock the whole office in one run. */
  maxPerRun: z.number().int().min(0).max(1000).default(3),
  /** Findings about days that ended longer ago than this never lock (a rerun of last month). */
  maxFindingAgeHours: z.number().min(0).max(24 * 366).default(24),
  /** Locks lift themselves after this long; unset = until an admin removes them. */
  expiryHours: z.number().positive().max(24 * 366).optional(),
  /** Also hang up the extension's live calls when locking it. */
  hangup: z.boolean().default(true),
  family: family.default(DEFAULT_LOCK_FAMILY),
});

export type AmiConfig = z.infer<typeof amiSchema>;
export type LockoutConfig = z.infer<typeof lockoutSchema>;

// The PBX as the audit checks see it: the parsed files, the modules that load,
// who can call in (endpoints), the dialplan and walks through it, computed
// once and shared by every check. Pure: built from parsed files and settings.
import type { ConfigFile, Where } from '../config/types.js';
import { analysePriority } from './apps.js';
import type { Priority } from './dialplan.js';
import { buildDialplan, type Dialplan } from './dialplan.js';
import { readIax, readPjsip, readSip, type Endpoint, type OpenDoor, type PjsipFacts } from './endpoints.js';
import { readModules, type Modules } from './modules.js';
import { walk, type Dialled, type WalkEnv, type WalkResult } from './walk.js';

/** The tollguard settings the audit compares the PBX with. */
export interface AuditSettings {
  /** INTERNAL_CONTEXTS (may hold * wildcards). */
  internalContexts: string[];
  /** TRUNK_CONTEXTS: where carriers deliver inbound calls. */
  trunkContexts: string[];
  /** TRUNKS: trunk endpoint names. */
  trunks: string[];
  /** AstDB family of tollguard's locks (lockout.family). */
  lockFamily: string;
  lockedContexts: string[];
  lockoutMode: 'off' | 'dry-run' | 'enforce';
  /** AMI_USERNAME, when set. */
  amiUsername: string | null;
  /** CDR_USE_GMT. */
  cdrGmt: boolean;
  /** CDR_SOURCE: which CDR backend tollguard reads. */
  cdrSource: string;
  /** Digits that start an international number (011, 00). */
  internationalPrefixes: string[];
  /** Outside-line digits dialled first (TRUNK_ACCESS_CODES). */
  trunkAccessCodes: string[];
  emergencyNumbers: string[];
}

export const DEFAULT_SETTINGS: AuditSettings = {
  internalContexts: ['from-internal', 'from-internal-*', 'outbound', 'outbound-*', 'outrt-*'],
  trunkContexts: ['from-trunk', 'from-pstn', 'from-trunk-*'],
  trunks: [],
  lockFamily: 'tollguard/lock',
  lockedContexts: ['tollguard-locked'],
  lockoutMode: 'off',
  amiUsername: null,
  cdrGmt: false,
  cdrSource: 'csv',
  internationalPrefixes: ['011', '00'],
  trunkAccessCodes: [],
  emergencyNumbers: ['911', '112', '999', '000', '933'],
};

/** The files the audit reads, by the name Asterisk loads them under. */
export const AUDITED_FILES = ['modules.conf', 'pjsip.conf', 'sip.conf', 'iax.conf', 'extensions.conf', 'manager.conf', 'http.conf', 'ari.conf', 'cdr.conf', 'voicemail.conf'] as const;
export type AuditedFile = (typeof AUDITED_FILES)[number];

/** A context calls can start in without a password, and the doors into it. */
export interface Entry {
  context: string;
  doors: (OpenDoor & { endpoint: Endpoint | null })[];
}

export interface Pbx {
  files: Partial<Record<AuditedFile, ConfigFile>>;
  settings: AuditSettings;
  modules: Modules;
  pjsip: PjsipFacts;
  sip: Endpoint[];
  iax: Endpoint[];
  endpoints: Endpoint[];
  dialplan: Dialplan;
  /** Contexts unauthenticated calls start in. */
  entries(): Entry[];
  /** Contexts your own (authenticated) phones start in. */
  internalEntries(): { context: string; endpoints: Endpoint[] }[];
  /** Every trunk Dial reachable from a context (memoised). */
  walkFrom(context: string, dialled?: Dialled): WalkResult;
  isInternal(context: string): boolean;
  isEmergency(number: string): boolean;
  isInternational(number: string): boolean;
}

/** A context name against patterns with * wildcards, as INTERNAL_CONTEXTS is matched. */
export function contextPatterns(patterns: readonly string[]): (context: string) => boolean {
  const res = patterns.map((p) => new RegExp(`^${p.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`));
  return (c) => res.some((r) => r.test(c));
}

/** Context names Asterisk and common setups give to calls nobody authenticated. */
const GUEST_CONTEXTS: Record<string, string> = {
  default: 'the context Asterisk uses for calls that name no other (chan_sip, IAX2 and PJSIP endpoints without context=)',
  guest: 'a context named for guest calls',
  public: 'a context named for public (unauthenticated) calls',
  anonymous: 'a context named for anonymous calls',
  'from-sip-external': "FreePBX's context for calls from SIP callers it does not know (allowanon)",
};

export function buildPbx(files: Partial<Record<AuditedFile, ConfigFile>>, settings: AuditSettings): Pbx {
  const modules = readModules(files['modules.conf']);
  const pjsip = files['pjsip.conf']?.present && modules.loaded('chan_pjsip.so') ? readPjsip(files['pjsip.conf'], modules, settings.trunks) : readPjsip(undefined, modules, []);
  const sip = files['sip.conf']?.present && modules.loaded('chan_sip.so') ? readSip(files['sip.conf'], settings.trunks) : [];
  const iax = files['iax.conf']?.present && modules.loaded('chan_iax2.so') ? readIax(files['iax.conf'], settings.trunks) : [];
  const endpoints = [...pjsip.endpoints, ...sip, ...iax];
  const dialplan = buildDialplan(files['extensions.conf']);
  const trunkNames = new Set([...settings.trunks, ...endpoints.filter((e) => e.trunk).map((e) => e.name)]);
  const internal = contextPatterns(settings.internalContexts);
  const lockMarker = `DB_EXISTS(${settings.lockFamily}/`.toLowerCase();
  const locked = contextPatterns(settings.lockedContexts);
  const env: WalkEnv = {
    globals: dialplan.globals,
    isTrunkPeer: (name) => trunkNames.has(name),
    isLockCheck: (p: Priority) => p.data.toLowerCase().includes(lockMarker) || gotoLocked(p, locked),
  };
  const walks = new Map<string, WalkResult>();
  let entries: Entry[] | null = null;
  let internals: { context: string; endpoints: Endpoint[] }[] | null = null;
  const emergency = new Set(settings.emergencyNumbers);
  return {
    files, settings, modules, pjsip, sip, iax, endpoints, dialplan,
    entries() {
      return (entries ??= findEntries(endpoints, dialplan, settings));
    },
    internalEntries() {
      return (internals ??= findInternal(endpoints, dialplan, internal, env, contextPatterns(settings.trunkContexts)));
    },
    walkFrom(context, dialled) {
      const key = `${context}\0${dialled ? JSON.stringify(dialled) : ''}`;
      let r = walks.get(key);
      if (!r) walks.set(key, (r = walk(dialplan, context, env, dialled)));
      return r;
    },
    isInternal: internal,
    isEmergency: (n) => emergency.has(n),
    isInternational: (n) => {
      const code = settings.trunkAccessCodes.find((c) => n.startsWith(c) && n.length > c.length + 4);
      const rest = code ? n.slice(code.length) : n;
      return rest.startsWith('+') || settings.internationalPrefixes.some((p) => rest.startsWith(p));
    },
  };
}

function gotoLocked(p: Priority, locked: (c: string) => boolean): boolean {
  const a = p.app.toLowerCase();
  return (a === 'gotoif' || a === 'goto') && p.data.split(/[?:,]/).some((s) => locked(s.trim()));
}

function findEntries(endpoints: Endpoint[], dialplan: Dialplan, settings: AuditSettings): Entry[] {
  const byContext = new Map<string, Entry>();
  const add = (context: string, door: Entry['doors'][number]) => {
    let e = byContext.get(context);
    if (!e) byContext.set(context, (e = { context, doors: [] }));
    e.doors.push(door);
  };
  for (const ep of endpoints) for (const door of ep.open) for (const c of ep.contexts) add(c.name, { ...door, endpoint: ep });
  const trunkContext = contextPatterns(settings.trunkContexts);
  for (const ctx of dialplan.contexts.values()) {
    const where: Where = { file: ctx.file, line: ctx.line };
    if (trunkContext(ctx.name)) {
      const from = endpoints.filter((e) => e.contexts.some((c) => c.name === ctx.name)).map((e) => `${e.driver}/${e.name}`);
      add(ctx.name, { ...where, everyone: false, how: `context "${ctx.name}" takes the calls your trunks deliver from the public network (TRUNK_CONTEXTS${from.length ? `; ${from.slice(0, 3).join(', ')} deliver${from.length === 1 ? 's' : ''} there` : ''})`, endpoint: null });
    }
    else if (GUEST_CONTEXTS[ctx.name] && !byContext.has(ctx.name)) add(ctx.name, { ...where, everyone: true, how: `"${ctx.name}" is ${GUEST_CONTEXTS[ctx.name]}`, endpoint: null });
  }
  return [...byContext.values()];
}

/**
 * Where your phones' calls start: the contexts of authenticated endpoints that
 * are not trunks; without any (realtime, another channel driver), the contexts
 * INTERNAL_CONTEXTS names that nothing jumps or includes into (so "outbound",
 * reached by Goto, is not taken for a starting point).
 */
function findInternal(endpoints: Endpoint[], dialplan: Dialplan, internal: (c: string) => boolean, env: WalkEnv, trunkContext: (c: string) => boolean): { context: string; endpoints: Endpoint[] }[] {
  const out = new Map<string, Endpoint[]>();
  for (const ep of endpoints) {
    if (!ep.authenticated || ep.trunk) continue;
    for (const c of ep.contexts) {
      if (trunkContext(c.name)) continue;
      const list = out.get(c.name) ?? [];
      list.push(ep);
      out.set(c.name, list);
    }
  }
  if (out.size === 0) {
    const targets = new Set<string>();
    for (const ctx of dialplan.contexts.values()) {
      for (const inc of ctx.includes) targets.add(inc.context);
      for (const e of ctx.extensions) for (const p of e.priorities) for (const m of analysePriority(p.app, p.data, env)) if (m.kind === 'jump' && m.context) targets.add(m.context);
    }
    for (const ctx of dialplan.contexts.values()) if (internal(ctx.name) && !targets.has(ctx.name)) out.set(ctx.name, []);
  }
  return [...out].map(([context, eps]) => ({ context, endpoints: eps }));
}

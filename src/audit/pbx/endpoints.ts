// Who can place a call into which dialplan context, and whether they must give
// a password first: PJSIP endpoints (res_pjsip), chan_sip peers and users
// (sip.conf, Asterisk 20 and older) and IAX2 users. See src/audit/README.md
// for the Asterisk behaviour each rule below follows.
import { allVars, category, isFalse, lastVar, objects, value, type Category, type ConfigFile, type Where } from '../config/types.js';
import type { Modules } from './modules.js';

export type Driver = 'PJSIP' | 'SIP' | 'IAX2';

export interface EndpointContext {
  name: string;
  /** Where it was set; null for Asterisk's default ("default"). */
  where: Where | null;
}

/** A way in without a password. */
export interface OpenDoor extends Where {
  /** Anyone on the network can use it (not only a known address). */
  everyone: boolean;
  /** Plain words: "the anonymous endpoint takes every request no other endpoint claims". */
  how: string;
}

export interface Endpoint extends Where {
  driver: Driver;
  name: string;
  contexts: EndpointContext[];
  /** Inbound calls are challenged for a password (or a key). */
  authenticated: boolean;
  open: OpenDoor[];
  /** Looks like a carrier rather than a phone: identified by address, registers out, or named in TRUNKS. */
  trunk: boolean;
  /** PJSIP: the auth sections its auth= names. */
  auths?: string[];
}

export interface PjsipFacts {
  endpoints: Endpoint[];
  /** type=auth sections by name. */
  auths: Map<string, Category>;
  aors: Category[];
  transports: Category[];
  /** type=acl sections (res_pjsip_acl): they apply to every request. */
  acls: Category[];
}

const ALL_V4 = /^0\.0\.0\.0(\/(0|0\.0\.0\.0))?$/;
const ALL_V6 = /^(\[?::\]?|\[?::\]?\/0|::\/0)$/;

export function isAnyAddress(match: string): boolean {
  const m = match.trim().replace(/^!/, '');
  return ALL_V4.test(m) || ALL_V6.test(m);
}

export function sectionType(cat: Category): string {
  return (value(cat, 'type') ?? '').trim().toLowerCase();
}

function where(cat: Category): Where {
  return { file: cat.file, line: cat.line };
}

function at(v: { file: string; line: number }): Where {
  return { file: v.file, line: v.line };
}

function contextOf(cat: Category, fallback = 'default'): EndpointContext {
  const v = lastVar(cat, 'context');
  return v && v.value.trim() ? { name: v.value.trim(), where: at(v) } : { name: fallback, where: null };
}

export function readPjsip(file: ConfigFile | undefined, modules: Modules, trunks: readonly string[]): PjsipFacts {
  const cats = objects(file);
  const byType = (t: string) => cats.filter((c) => sectionType(c) === t);
  const global = byType('global').at(-1);
  const order = (global ? value(global, 'endpoint_identifier_order') : undefined) ?? 'ip,username,anonymous';
  const identifiers = new Set(order.split(',').map((s) => s.trim().toLowerCase()));
  const identifies = byType('identify');
  const auths = new Map(byType('auth').map((c) => [c.name, c]));
  const endpoints: Endpoint[] = [];
  const anonymousLoaded = modules.loaded('res_pjsip_endpoint_identifier_anonymous.so');
  const ipLoaded = modules.loaded('res_pjsip_endpoint_identifier_ip.so');
  const userLoaded = modules.loaded('res_pjsip_endpoint_identifier_user.so');
  for (const cat of byType('endpoint')) {
    const auths = (value(cat, 'auth') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    const authenticated = auths.length > 0;
    const identifyBy = new Set((value(cat, 'identify_by') ?? 'username,ip').split(',').map((s) => s.trim().toLowerCase()));
    const matches = identifies
      .filter((i) => (value(i, 'endpoint') ?? '').trim() === cat.name)
      .flatMap((i) => allVars(i, 'match').flatMap((v) => v.value.split(',').map((m) => ({ match: m.trim(), where: at(v) }))))
      .filter((m) => m.match !== '');
    const byIp = ipLoaded && identifiers.has('ip') && identifyBy.has('ip') && matches.length > 0;
    const open: OpenDoor[] = [];
    if (!authenticated) {
      if (anonymousLoaded && identifiers.has('anonymous') && (cat.name === 'anonymous' || cat.name.startsWith('anonymous@'))) {
        open.push({ ...where(cat), everyone: true, how: `the PJSIP endpoint "${cat.name}" takes every request that no other endpoint claims, without a password` });
      }
      const any = matches.find((m) => isAnyAddress(m.match));
      if (byIp && any) open.push({ ...any.where, everyone: true, how: `PJSIP endpoint "${cat.name}" is identified by address ${any.match}, i.e. from anywhere, without a password` });
      else if (byIp) open.push({ ...matches[0]!.where, everyone: false, how: `PJSIP endpoint "${cat.name}" takes calls from ${describeMatches(matches.map((m) => m.match))} without a password` });
      if (userLoaded && identifiers.has('username') && identifyBy.has('username') && !cat.name.startsWith('anonymous')) {
        open.push({ ...where(cat), everyone: true, how: `PJSIP endpoint "${cat.name}" has no auth= and is identified by user name (identify_by includes username): anyone who sends From: ${cat.name} is taken for it, without a password` });
      }
    }
    const trunk = trunks.includes(cat.name) || matches.length > 0 || (value(cat, 'outbound_auth') ?? '').trim() !== '';
    endpoints.push({ ...where(cat), driver: 'PJSIP', name: cat.name, contexts: [contextOf(cat)], authenticated, open, trunk, auths });
  }
  return { endpoints, auths, aors: byType('aor'), transports: byType('transport'), acls: byType('acl') };
}

function describeMatches(m: string[]): string {
  return m.length <= 3 ? m.join(', ') : `${m.slice(0, 3).join(', ')} and ${m.length - 3} more`;
}

/** chan_sip (removed in Asterisk 21): the [general] guest context and every peer/user/friend. */
export function readSip(file: ConfigFile | undefined, trunks: readonly string[]): Endpoint[] {
  if (!file?.present) return [];
  const general = category(file, 'general');
  const generalContext = general ? contextOf(general) : { name: 'default', where: null };
  const out: Endpoint[] = [];
  const allowguest = general ? lastVar(general, 'allowguest') : undefined;
  // chan_sip's DEFAULT_ALLOWGUEST is TRUE: unauthenticated calls go to [general]'s context unless allowguest=no.
  if (!isFalse(allowguest?.value)) {
    const w = allowguest ? at(allowguest) : general ? where(general) : { file: file.name, line: 0 };
    out.push({ ...w, driver: 'SIP', name: '(guest)', contexts: [generalContext], authenticated: false, open: [{ ...w, everyone: true, how: `chan_sip takes calls from anyone who is no known peer (allowguest is ${allowguest ? allowguest.value : 'yes by default'})` }], trunk: false });
  }
  for (const cat of objects(file)) {
    if (cat.name.toLowerCase() === 'general' || cat.name.toLowerCase() === 'authentication') continue;
    const type = sectionType(cat);
    if (type !== 'friend' && type !== 'peer' && type !== 'user') continue;
    const secret = (value(cat, 'secret') ?? '').trim() !== '' || (value(cat, 'md5secret') ?? '').trim() !== '';
    const host = (value(cat, 'host') ?? '').trim().toLowerCase();
    const dynamic = host === '' || host === 'dynamic';
    const insecure = lastVar(cat, 'insecure');
    const insecureInvite = insecure !== undefined && /invite/i.test(insecure.value);
    const open: OpenDoor[] = [];
    const name = `"${cat.name}"`;
    if (!secret && (type !== 'peer' || dynamic)) open.push({ ...where(cat), everyone: true, how: `chan_sip ${type} ${name} has no secret: anyone can ${type === 'user' ? 'call as it' : 'register and call as it'}` });
    else if (!secret) open.push({ ...where(cat), everyone: false, how: `chan_sip peer ${name} has no secret: calls from ${host} get in without a password` });
    if (insecureInvite && type === 'friend') open.push({ ...at(insecure), everyone: true, how: `chan_sip friend ${name} has insecure=${insecure.value}: calls that present its name are not asked for a password` });
    else if (insecureInvite && !dynamic) open.push({ ...at(insecure), everyone: false, how: `chan_sip peer ${name} has insecure=${insecure.value}: calls from ${host} are not asked for a password` });
    const trunk = trunks.includes(cat.name) || (!dynamic && type !== 'user');
    out.push({ ...where(cat), driver: 'SIP', name: cat.name, contexts: [contextOf(cat, generalContext.name)], authenticated: secret && !insecureInvite, open, trunk });
  }
  return out;
}

/** IAX2 users (type=user or friend): chan_iax2's check_access takes one without secret, dbsecret or inkeys as a guest. */
export function readIax(file: ConfigFile | undefined, trunks: readonly string[]): Endpoint[] {
  const out: Endpoint[] = [];
  for (const cat of objects(file)) {
    if (cat.name.toLowerCase() === 'general' || cat.name.toLowerCase() === 'callnumberlimits') continue;
    const type = sectionType(cat);
    const host = (value(cat, 'host') ?? '').trim().toLowerCase();
    const trunk = trunks.includes(cat.name) || ((type === 'peer' || type === 'friend') && host !== '' && host !== 'dynamic');
    if (type !== 'user' && type !== 'friend') {
      if (type === 'peer') out.push({ ...where(cat), driver: 'IAX2', name: cat.name, contexts: [], authenticated: true, open: [], trunk });
      continue;
    }
    const secret = ['secret', 'dbsecret', 'inkeys'].some((k) => (value(cat, k) ?? '').trim() !== '');
    const contexts = allVars(cat, 'context').map((v) => ({ name: v.value.trim(), where: at(v) })).filter((c) => c.name !== '');
    const acl = allVars(cat, 'permit').length + allVars(cat, 'deny').length + allVars(cat, 'acl').length > 0;
    const open: OpenDoor[] = [];
    if (!secret) {
      open.push({ ...where(cat), everyone: !acl, how: `IAX2 ${type} "${cat.name}" has no secret, dbsecret or inkeys: ${acl ? 'callers its permit/deny lines allow' : 'anyone'} can call in as it${contexts.length > 1 ? ', into any of its contexts' : ''}` });
    }
    out.push({ ...where(cat), driver: 'IAX2', name: cat.name, contexts: contexts.length ? contexts : [{ name: 'default', where: null }], authenticated: secret, open, trunk });
  }
  return out;
}


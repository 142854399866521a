// Who made a call: the endpoint in the CDR's `channel`, never `src` (caller ID,
// which the caller or the dialplan can set to anything). Channel names end in a
// per-call suffix that Asterisk appends after the LAST dash, and endpoint names
// may themselves contain dashes, so the suffix is cut from the right.
//   PJSIP/1001-0000002a  SIP/office-1001-00000003  IAX2/1001-15144
//   IAX2/127.0.0.1:4569-6663 (no user: a peer known by address)
//   Local/1001@from-internal-00000001;1   DAHDI/1-1   DAHDI/i1/5551234-1a

import { detach } from '../text/detach.js';

export interface ChannelIdentity {
  technology: string;
  /** Endpoint, peer or user name; for Local the exten@context; for DAHDI the channel. */
  endpoint: string;
  /** True for IAX2/SIP channels named by address (no authenticated user). */
  byAddress: boolean;
}

/** Who is behind a channel name, parsed afresh (see createChannelParser for the hot path). */
export function parseChannel(channel: string): ChannelIdentity | null {
  return parse(channel);
}

/** Bound on a parser's cache; cleared when full. */
const CHANNEL_CACHE_LIMIT = 50_000;

/**
 * parseChannel with a cache of its own, one per run (a long-running daemon
 * must not grow or share one across runs). Keyed by the channel name without
 * its per-call suffix ("PJSIP/1001"): one entry per endpoint, and the same
 * ChannelIdentity object for every call of an endpoint.
 */
export function createChannelParser(): (channel: string) => ChannelIdentity | null {
  const byPrefix = new Map<string, ChannelIdentity | null>();
  return (channel) => {
    const dash = channel.lastIndexOf('-');
    // The identity depends on the text before the last dash alone, unless the
    // suffix carries what parse() strips (";1" of Local, "<ZOMBIE>").
    if (dash <= channel.indexOf('/') + 1 || hasMarks(channel, dash)) return parse(channel);
    const prefix = channel.slice(0, dash);
    let id = byPrefix.get(prefix);
    if (id === undefined) {
      id = parse(channel);
      if (byPrefix.size >= CHANNEL_CACHE_LIMIT) byPrefix.clear();
      byPrefix.set(detach(prefix), id);
    }
    return id;
  };
}

function hasMarks(channel: string, from: number): boolean {
  for (let i = from + 1; i < channel.length; i++) {
    const c = channel.charCodeAt(i);
    if (c === 59 || c === 60 || c === 47) return true; // ; < /
  }
  return false;
}

function parse(channel: string): ChannelIdentity | null {
  const slash = channel.indexOf('/');
  if (slash <= 0) return null;
  const technology = channel.slice(0, slash);
  let rest = channel.slice(slash + 1);
  if (technology === 'Local') rest = rest.replace(/;[12]$/, '');
  // Masqueraded/zombie channels carry <ZOMBIE> or <MASQ> suffixes.
  rest = rest.replace(/<[A-Z]+>$/, '');
  const dash = rest.lastIndexOf('-');
  const endpoint = detach(dash > 0 ? rest.slice(0, dash) : rest);
  if (!endpoint) return null;
  return { technology: detach(technology), endpoint, byAddress: /^[\d.:[\]a-f]+:\d+$/i.test(endpoint) || /^\d+\.\d+\.\d+\.\d+$/.test(endpoint) };
}

/** Shell-style match of a context against patterns like "from-internal-*". Not memoised: see memoByContext. */
export function contextMatcher(patterns: readonly string[]): (context: string) => boolean {
  const exact = new Set(patterns.filter((p) => !p.includes('*')));
  const wild = patterns
    .filter((p) => p.includes('*'))
    .map((p) => new RegExp(`^${p.replace(/[.+?^${}()|[\]\\-]/g, '\\$&').replace(/\*/g, '.*')}$`));
  return (context) => exact.has(context) || wild.some((r) => r.test(context));
}

/** `compute` memoised by context (a PBX has few; rows repeat them). */
export function memoByContext<T>(compute: (context: string) => T): (context: string) => T {
  const memo = new Map<string, T>();
  // Most rows carry the same context as the row before: compare before hashing.
  let lastContext: string | null = null;
  let last: T | undefined;
  return (context) => {
    if (context === lastContext) return last!;
    let value = memo.get(context);
    if (value === undefined) {
      value = compute(context);
      if (memo.size < 10_000) memo.set(detach(context), value);
    }
    lastContext = context; // one string: pins at most one chunk
    last = value;
    return value;
  };
}

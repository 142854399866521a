// The names outbound calls are counted under. An extension's calls go under
// its endpoint name; calls no extension made go under a Caller's key, which
// starts with a prefix no extension key can start with: an endpoint whose name
// happens to start with one is escaped with "ext:". So profiles, baselines,
// findings and locks never mix a trunk or a forward with an extension.
//   trunk:pstn-in@from-trunk   a PSTN caller on trunk pstn-in sent out again from context from-trunk
//   fwd:2125550104             a forward (or follow-me) of DID or extension 2125550104
//   fwd:pstn-in@from-trunk     a call from trunk pstn-in that left through a Local channel, no forward known
//   fwd:@outbound              a call from a Local channel into outbound whose caller was not found
// A trunk's or forward's name is written with "%" and "@" escaped (%25, %40), so
// the first "@" is always the separator and two callers never share a key.
import type { PbxConfig } from '../config/pbx.js';
import type { Caller } from './call.js';
import type { Enriched } from './enrich.js';

const RESERVED = /^(trunk|fwd|ext):/;

/** The key an extension's calls are counted under: its endpoint name, escaped when it looks like a Caller's key. */
export function extensionKey(endpoint: string): string {
  return endpoint.includes(':') && RESERVED.test(endpoint) ? `ext:${endpoint}` : endpoint;
}

/** True for the key of a call no extension made (a trunk or a forward): never an extension to lock. */
export function isCallerKey(key: string): boolean {
  return key.startsWith('trunk:') || key.startsWith('fwd:');
}

/** A PSTN caller that came in on `trunk` to `context` and was sent out again. */
export function trunkCaller(trunk: string, context: string): { key: string; caller: Caller } {
  return {
    key: `trunk:${keyPart(trunk)}@${context}`,
    caller: Object.freeze({ kind: 'trunk', label: trunkPath(trunk, context), trunk, context, forwardOf: null, localContext: null, extension: null }),
  };
}

/** The key of a forward of DID or extension `forwardOf`. */
export function forwardKey(forwardOf: string): string {
  return `fwd:${keyPart(forwardOf)}`;
}

/** The key of calls that left through a Local channel: from `trunk` in `context`, or (trunk null) from a Local channel into `context` whose caller was not found. */
export function localForwardKey(trunk: string | null, context: string): string {
  return `fwd:${trunk === null ? '' : keyPart(trunk)}@${context}`;
}

function keyPart(name: string): string {
  return name.replace(/[%@]/g, (c) => (c === '%' ? '%25' : '%40'));
}

/** "from-trunk via pstn-in": how the call came in, as an admin reads a dialplan. */
export function trunkPath(trunk: string, context: string): string {
  return `${context || '(no context)'} via ${trunk}`;
}

/** The trunks of a run: TRUNKS when set, else the ones the rows name (TrunkEvidence), sorted. */
export function recogniseTrunks(pbx: Pick<PbxConfig, 'trunks'>, seen: Iterable<string>): string[] {
  return pbx.trunks.length > 0 ? [...pbx.trunks] : [...new Set(seen)].sort();
}

/**
 * The trunks the rows name (pipeline/trunks.ts decides what they are used
 * for): the peers of Dial strings to outside numbers, and the endpoints of
 * calls that came in on a trunk. A set: the order rows are seen in does not matter.
 */
export class TrunkEvidence {
  readonly names = new Set<string>();
  private last: string | null = null;

  note(e: Enriched): void {
    if (e.direction === 'outbound') {
      const call = e.call;
      // Most calls leave on the trunk the call before did.
      if (call.trunk !== this.last) this.add((this.last = call.trunk));
      if (call.caller?.trunk) this.add(call.caller.trunk);
    } else if (e.direction === 'inbound') this.add(e.route.identity!.endpoint);
  }

  add(name: string | null): void {
    if (name !== null && !name.startsWith('Local/') && !this.names.has(name)) this.names.add(name);
  }
}

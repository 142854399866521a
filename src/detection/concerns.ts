// Which calls of an extension-day a cost finding is about: the ones that made
// the money, not every call that cost a cent. A daytime call to a neighbour
// is part of the day's bill but not why the cap was passed.
import type { OutboundCall } from '../enrichment/call.js';
import type { Finding } from './rule.js';

/** International, premium-rate or high-risk: the calls toll fraud is made of. */
export function tollCall(call: OutboundCall): boolean {
  const d = call.destination;
  return d.kind === 'international' || d.premium || d.highRisk !== null;
}

/**
 * For rules that count every call (volume, bursts): on a day with toll calls
 * those are the ones the finding is about, not the office's local calls.
 */
export function tollCallsWhenAny(call: OutboundCall, finding: Finding): boolean {
  return finding.evidence.tollCalls === true ? tollCall(call) : true;
}

/** A call is one of the costly ones when it cost at least this share of the finding's cost. */
const SHARE = 0.01;

export function costShare(call: OutboundCall, finding: Finding): boolean {
  return call.price.cost > 0 && call.price.cost >= SHARE * finding.estimatedCost;
}

// Which of an extension-day's calls a rule is about: an after-hours rule is
// about the international calls outside business hours, not the daytime
// domestic ones. Profiles keep the first and last call of each kind (an
// incident says when the suspicious calls ran) and the CSV of flagged calls
// marks the calls each finding is about.
import type { OutboundCall } from '../enrichment/call.js';

export const CALL_SCOPES = [
  'any',
  'costly',
  'international',
  'failed-international',
  'after-hours-international',
  'high-risk',
  'premium',
  'suspicious-context',
] as const;
export type CallScope = (typeof CALL_SCOPES)[number];

export function inScope(call: OutboundCall, scope: CallScope): boolean {
  const d = call.destination;
  switch (scope) {
    case 'any':
      return true;
    case 'costly':
      return call.price.cost > 0;
    case 'international':
      return d.kind === 'international';
    case 'failed-international':
      return d.kind === 'international' && !call.answered;
    case 'after-hours-international':
      return d.kind === 'international' && call.afterHours;
    case 'high-risk':
      return d.highRisk !== null;
    case 'premium':
      return d.premium;
    case 'suspicious-context':
      return call.suspiciousContext !== null;
  }
}

/** Start (epoch ms) of the first and last call of a kind. */
export interface CallSpan {
  first: number;
  last: number;
}

/** The scopes a profile keeps spans for: "any" is the profile's own firstCall/lastCall. */
export const SPAN_SCOPES = CALL_SCOPES.filter((s) => s !== 'any');

export type CallSpans = Partial<Record<CallScope, CallSpan>>;

// What enrichment adds to a CDR: who made the call, which way it went, where
// it went and what it cost.

export type Direction =
  | 'outbound' // an extension (or guest) reached a trunk
  | 'internal' // extension to extension, feature codes, voicemail
  | 'inbound' // arrived from a trunk
  | 'leg' // the far side of a Dial or an Originate: not anybody's own call
  | 'blocked'; // sent to the tollguard-locked context by the lockout dialplan

export type NumberKind = 'international' | 'national' | 'emergency' | 'short-code' | 'invalid';

/** libphonenumber's number types, in the words a PBX admin uses. */
export type NumberClass =
  | 'premium-rate'
  | 'shared-cost'
  | 'personal'
  | 'uan'
  | 'voip'
  | 'toll-free'
  | 'mobile'
  | 'fixed'
  | 'fixed-or-mobile'
  | 'pager'
  | 'voicemail'
  | 'unknown';

export interface Destination {
  /** Digits as sent to the trunk (lastdata) or dialled (dst). */
  dialled: string;
  /** +E.164, or null for emergency numbers, short codes and what could not be read. */
  e164: string | null;
  kind: NumberKind;
  /** ISO country, or null for non-geographic codes (+882, +881 ...). */
  country: string | null;
  /** Country calling code without +, e.g. "1", "44", "882". */
  callingCode: string | null;
  numberClass: NumberClass;
  /** Premium-rate or shared-cost: the caller pays the called party. */
  premium: boolean;
  /** Why the destination is high-risk (an entry of the high-risk list), or null. */
  highRisk: string | null;
  /** Name for reports: "Latvia", "International Networks (+882)". */
  label: string;
}

export interface Price {
  cost: number;
  /** True when no rate deck matched and a shipped per-class estimate was used. */
  estimated: boolean;
  ratePerMinute: number;
  billedSeconds: number;
  /** Rate deck description or estimate label. */
  rateName: string;
}

/** An outbound call attributed to an extension, ready for profiling. */
export interface OutboundCall {
  extension: string;
  technology: string;
  accountcode: string;
  start: number;
  end: number;
  /** Local day and time at the start of the call. */
  day: string;
  secondOfDay: number;
  weekday: number;
  afterHours: boolean;
  answered: boolean;
  billsec: number;
  duration: number;
  disposition: string;
  destination: Destination;
  price: Price;
  /** The dcontext when the call reached a trunk from a context that is not internal, or a guest endpoint. */
  suspiciousContext: string | null;
  clid: string;
  src: string;
  dcontext: string;
  channel: string;
  uniqueid: string;
  origin: string;
}

// What enrichment adds to a CDR: who made the call, which way it went, where
// it went and what it cost.

export type Direction =
  | 'outbound' // a call that reached a trunk (or an extension's external-looking attempt): the PBX pays
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

/**
 * Who placed an outbound call that no extension made: a caller from the PSTN
 * sent back out on the trunk (hairpin, DISA: `trunk`), or a call forward or
 * follow-me through a Local channel (`forward`).
 */
export interface Caller {
  kind: 'trunk' | 'forward';
  /** In words an admin recognises: "from-trunk via pstn-in", "forward of DID 2125550104 (from-trunk via pstn-in)". */
  label: string;
  /** Trunk endpoint the call came in on, when known. */
  trunk: string | null;
  /** Dialplan context it came in to (the inbound leg's dcontext), when known. */
  context: string | null;
  /** The DID or extension whose calls were forwarded, when known. */
  forwardOf: string | null;
  /** Context of the Local channel a forward went through. */
  localContext: string | null;
  /** An extension on the call's path that the lock can lock (a forward of extension 1004), or null: there is none. */
  extension: string | null;
}

/** What a Local channel's own call needs to be paired with the call that created it (forwards.ts). */
export interface LocalLeg {
  /** The Local channel's name without ;1/;2: "Local/0115351234567@outbound-00000000". */
  channel: string;
  /** Its exten and context: "0115351234567", "outbound". */
  exten: string;
  context: string;
  linkedid: string;
  /** FreePBX's did column, where present. */
  did: string;
  /** FreePBX's cnum column (the caller ID number as FreePBX saw it), where present: caller ID, so evidence, never identity. */
  cnum?: string;
}

/** An outbound call, attributed to the extension or Caller that made it, ready for profiling. */
export interface OutboundCall {
  /**
   * Who the call is counted for: the extension's name, or a Caller's key
   * ("trunk:pstn-in@from-trunk", "fwd:2125550104") that no extension name can
   * take (caller.ts).
   */
  extension: string;
  /** Null when an extension made the call. */
  caller: Caller | null;
  /** The trunk, peer or host named in the Dial string; null for an attempt that never reached Dial. */
  trunk: string | null;
  /** Set on a Local channel's call until it is paired with the call that created it (forwards.ts). */
  local?: LocalLeg;
  /** A forward the admin allowed (ALLOWED_FORWARDS) to this destination. */
  allowedForward?: boolean;
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

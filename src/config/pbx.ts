// How this PBX dials and who its extensions are: the facts needed to tell an
// outbound PSTN call from an internal one and to turn dialled digits into E.164.
import { isSupportedCountry } from 'libphonenumber-js/max';
import { z } from 'zod';
import { EMERGENCY_NUMBER } from '../reference/emergency-numbers.js';
import { isValidTimeZone, systemTimeZone } from '../time/pbx-clock.js';
import { CONTEXT_PRESETS, DIALPLANS, type DialplanFamily } from './dialplan-presets.js';

const digits = z.string().regex(/^\d{1,6}$/, 'digits only, 1 to 6 of them');
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM, 24-hour');
/** Context names may use * as a wildcard (from-internal-*). */
const contextPattern = z.string().regex(/^[A-Za-z0-9_.*\-]{1,80}$/, 'letters, digits, _ . - and * only');

/** Unauthenticated endpoints of a stock Asterisk (chan_pjsip's anonymous, chan_sip/IAX2's guest). */
export const DEFAULT_GUEST_ENDPOINTS: readonly string[] = ['anonymous', 'guest'];

const pbxObject = z.strictObject({
  /** Whose dialplan the PBX runs: plain Asterisk, or FreePBX's generated one (its contexts become the defaults below). */
  dialplan: z.enum(DIALPLANS).default('asterisk'),
  /** IANA zone the CDR timestamps and "local day" are in. */
  timezone: z.string().refine(isValidTimeZone, 'not a known IANA timezone').default(systemTimeZone()),
  /** ISO 3166 country of the PBX: decides national numbers and default prefixes. */
  homeCountry: z
    .string()
    .regex(/^[A-Za-z]{2}$/, 'two-letter ISO country code')
    .transform((s) => s.toUpperCase())
    .refine((c) => isSupportedCountry(c), 'not a country libphonenumber knows (a two-letter ISO code such as US, GB, DE)')
    .default('US'),
  /** Prefixes that start an international number (default from the country: 011 in NANP, 00 elsewhere). */
  internationalPrefixes: z.array(digits).optional(),
  /** Trunk prefix for national numbers (default from the country: 1 in NANP, 0 in most others). */
  nationalPrefix: z.string().regex(/^\d{0,4}$/).optional(),
  /** Digits users dial to get an outside line, such as 9; stripped before classification. */
  trunkAccessCodes: z.array(digits).default([]),
  /**
   * Numbers a locked phone must still reach: `tollguard dialplan` matches them before the
   * lock check. Default by homeCountry (911 and 933 in NANP; 112 and the country's own elsewhere).
   */
  emergencyNumbers: z.array(z.string().regex(EMERGENCY_NUMBER, 'digits only, 2 to 10 of them (911, 112, 999)')).min(1, 'at least one: a locked phone must still reach the emergency services').optional(),
  /** The dcontext values of your extensions' outbound calls. A trunk call from any other context is suspicious. */
  internalContexts: z.array(contextPattern).default(CONTEXT_PRESETS.asterisk.internal),
  /** Contexts your trunks deliver inbound calls to. */
  trunkContexts: z.array(contextPattern).default(CONTEXT_PRESETS.asterisk.trunk),
  /** Endpoint names of trunks (as in the channel name), so their legs are never mistaken for extensions. */
  trunks: z.array(z.string().min(1).max(80)).default([]),
  /** Contexts a locked extension is sent to by the tollguard dialplan snippet. */
  lockedContexts: z.array(contextPattern).default(['tollguard-locked']),
  /** Endpoints that are never a legitimate caller (unauthenticated guests). */
  guestEndpoints: z.array(z.string().min(1).max(80)).default([...DEFAULT_GUEST_ENDPOINTS]),
  /** Longest internal extension number; a longer number dialled is taken as external. */
  extensionMaxDigits: z.number().int().min(2).max(8).default(6),
  businessHours: z
    .strictObject({
      start: hhmm.default('08:00'),
      end: hhmm.default('19:00'),
      /** ISO weekdays, 1 = Monday. */
      days: z.array(z.number().int().min(1).max(7)).default([1, 2, 3, 4, 5]),
    })
    // Business hours across midnight (a night shift) are not supported: every call would look after-hours.
    .refine((h) => h.start < h.end, { message: 'start must be before end, within one day (e.g. 08:00-19:00)' })
    .default({ start: '08:00', end: '19:00', days: [1, 2, 3, 4, 5] }),
  /**
   * Call forwards the admin allows to go abroad or to premium numbers: "DID or extension:destination",
   * the destination an E.164 prefix ending in * or one number ("2125550104:+44*", "1004:+447911123456", "1004:*").
   */
  allowedForwards: z
    .array(z.string().regex(/^[^\s:]{1,80}:(\*|\+\d{1,15}\*?)$/, 'DID or extension, ":", then an E.164 prefix ending in * (2125550104:+44*), one number, or * for anywhere'))
    .default([]),
  /** Extensions no rule ever flags (a fax gateway, a test line). */
  exemptExtensions: z.array(z.string().min(1).max(80)).default([]),
});

/** PBX_DIALPLAN=freepbx: FreePBX's contexts, unless INTERNAL_CONTEXTS / TRUNK_CONTEXTS name them. */
export const pbxSchema = z.preprocess((v) => {
  if (!v || typeof v !== 'object') return v;
  const o = v as Record<string, unknown>;
  const preset = CONTEXT_PRESETS[o.dialplan as DialplanFamily];
  if (!preset || o.dialplan === 'asterisk') return v;
  return { ...o, internalContexts: o.internalContexts ?? preset.internal, trunkContexts: o.trunkContexts ?? preset.trunk };
}, pbxObject);

export type PbxConfig = z.infer<typeof pbxSchema>;

// Dialled digits -> E.164. libphonenumber knows only the home country's IDD
// and would read "9011..." with the trunk access code or "911" as a number,
// so the PBX's dialling habits are undone here first.
import type { NumberKind } from './call.js';
import type { DiallingPlan } from './dialling-plan.js';
import { callingCodeOf, isSharedCallingCode, phoneFacts } from './phone-facts.js';

export interface NormalisedNumber {
  /** +E.164, null for emergency numbers, short codes, NANP 7-digit local numbers and what could not be read. */
  e164: string | null;
  kind: NumberKind;
}

const INVALID: NormalisedNumber = Object.freeze({ e164: null, kind: 'invalid' });
const SHORT_CODE: NormalisedNumber = Object.freeze({ e164: null, kind: 'short-code' });
const EMERGENCY: NormalisedNumber = Object.freeze({ e164: null, kind: 'emergency' });
/** A NANP 7-digit local number: national, but the area code is unknown. */
const LOCAL: NormalisedNumber = Object.freeze({ e164: null, kind: 'national' });

const SEPARATORS = /[\s\-.()]/g;
const FEATURE_CODE = /^[*#][\d*#]{0,15}$/;
const NANP_NUMBER = /^[2-9]\d{2}[2-9]\d{6}$/;
/** Longest digit string worth reading: access code + IDD + 15 digits. */
const MAX_DIGITS = 24;

export function normaliseNumber(dialled: string, plan: DiallingPlan): NormalisedNumber {
  let s = dialled.replace(SEPARATORS, '');
  if (s === '') return INVALID;
  if (s.includes('*') || s.includes('#')) return FEATURE_CODE.test(s) ? SHORT_CODE : INVALID;
  const plus = s.charCodeAt(0) === 43; // '+'
  if (plus) s = s.slice(1);
  if (s.length === 0 || s.length > MAX_DIGITS || !isDigits(s)) return INVALID;
  if (plus) return international(s, plan);

  if (plan.emergencyNumbers.has(s)) return EMERGENCY;
  const rests: string[] = [];
  for (const code of plan.trunkAccessCodes) {
    if (s.length > code.length && s.startsWith(code)) {
      const rest = s.slice(code.length);
      if (plan.emergencyNumbers.has(rest)) return EMERGENCY;
      rests.push(rest);
    }
  }
  const asDialled = structural(s, plan);
  if (rests.length === 0) return asDialled;

  // A trunk access code is stripped only when the number does not already
  // read as valid with it: NANP 9175551234 is area code 917, 912125551234 is
  // 9 + 1-212.
  if (asDialled.e164 !== null && phoneFacts(asDialled.e164).valid) return asDialled;
  const stripped = rests.map((r) => structural(r, plan));
  for (const r of stripped) if (r.e164 !== null && phoneFacts(r.e164).valid) return r;
  // Nothing the library calls valid (some +882/+883 ranges): prefer what reads as a number at all.
  if (readsAsNumber(asDialled)) return asDialled;
  return stripped.find(readsAsNumber) ?? asDialled;
}

function readsAsNumber(n: NormalisedNumber): boolean {
  return n.kind === 'national' || n.kind === 'international';
}

/** Reads digits by prefixes and lengths alone. */
function structural(d: string, plan: DiallingPlan): NormalisedNumber {
  for (const p of plan.internationalPrefixes) {
    if (d.startsWith(p)) return d.length > p.length ? international(d.slice(p.length), plan) : INVALID;
  }
  if (plan.internationalPattern !== null) {
    const m = plan.internationalPattern.exec(d);
    if (m !== null && m[0].length > 0) return international(d.slice(m[0].length), plan);
  }
  if (plan.nanp) {
    if (d.length === 11 && d.startsWith(plan.nationalPrefix) && NANP_NUMBER.test(d.slice(1))) return national(`+1${d.slice(1)}`, plan);
    if (d.length === 10 && NANP_NUMBER.test(d)) return national(`+1${d}`, plan);
    if (d.length === 7 && d.charCodeAt(0) >= 50) return LOCAL; // [2-9]xxxxxx
  } else {
    const np = plan.nationalPrefix;
    const min = plan.nationalLengths[0] ?? 4;
    const max = plan.nationalLengths[plan.nationalLengths.length - 1] ?? 15;
    if (np !== '' && d.startsWith(np)) {
      const nsn = d.slice(np.length);
      if (nsn.length >= min && nsn.length <= max && nsn.charCodeAt(0) !== 48) return national(`+${plan.callingCode}${nsn}`, plan);
    } else if (d.length >= min && plan.nationalLengths.includes(d.length)) {
      // No national prefix (IT, DK...) or left off: only when the library agrees.
      const e164 = `+${plan.callingCode}${d}`;
      if (phoneFacts(e164).valid) return national(e164, plan);
    }
  }
  if (d.length >= 3 && d.length <= 6) return SHORT_CODE;
  return INVALID;
}

function international(digits: string, plan: DiallingPlan): NormalisedNumber {
  if (digits.length < 7 || digits.length > 15 || digits.charCodeAt(0) === 48) return INVALID;
  const cc = callingCodeOf(digits);
  if (cc === null) return INVALID;
  const e164 = `+${digits}`;
  if (cc !== plan.callingCode) return { e164, kind: 'international' };
  return national(e164, plan);
}

/** A number with the home calling code: international when it belongs to another country sharing the code (+1 876 is Jamaica). */
function national(e164: string, plan: DiallingPlan): NormalisedNumber {
  if (isSharedCallingCode(plan.callingCode)) {
    const country = phoneFacts(e164).country;
    if (country !== null && !plan.domesticCountries.has(country)) return { e164, kind: 'international' };
  }
  return { e164, kind: 'national' };
}

function isDigits(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

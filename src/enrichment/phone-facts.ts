// What libphonenumber (max metadata: min disagrees on number types) says about
// an E.164 number, memoised: a parse costs about 8 µs and CDRs repeat numbers.
import { parsePhoneNumberFromString, type PhoneNumberType } from 'libphonenumber-js/max';
import metadata from 'libphonenumber-js/metadata.max.json';
import type { NumberClass } from './call.js';

export interface PhoneFacts {
  /** ISO country, null for non-geographic codes and numbers the library cannot place. */
  country: string | null;
  /** Calling code without +, null when the digits start with no assigned code. */
  callingCode: string | null;
  valid: boolean;
  numberClass: NumberClass;
}

const CLASS_OF_TYPE: Record<PhoneNumberType, NumberClass> = {
  PREMIUM_RATE: 'premium-rate',
  SHARED_COST: 'shared-cost',
  PERSONAL_NUMBER: 'personal',
  UAN: 'uan',
  VOIP: 'voip',
  TOLL_FREE: 'toll-free',
  MOBILE: 'mobile',
  FIXED_LINE: 'fixed',
  FIXED_LINE_OR_MOBILE: 'fixed-or-mobile',
  PAGER: 'pager',
  VOICEMAIL: 'voicemail',
};

const countriesOfCode = metadata.country_calling_codes as Record<string, string[]>;
const nonGeographic = new Set(Object.keys((metadata as { nonGeographic?: object }).nonGeographic ?? {}));

/** The assigned calling code the digits (E.164 without +) start with. */
export function callingCodeOf(digits: string): string | null {
  for (let len = 1; len <= 3 && len <= digits.length; len++) {
    const cc = digits.slice(0, len);
    if (countriesOfCode[cc] !== undefined || nonGeographic.has(cc)) return cc;
  }
  return null;
}

/** True when several countries share the calling code (1, 7, 44, 61...). */
export function isSharedCallingCode(cc: string): boolean {
  return (countriesOfCode[cc]?.length ?? 0) > 1;
}

export function isNonGeographicCode(cc: string): boolean {
  return nonGeographic.has(cc);
}

const MAX_ENTRIES = 500_000;
const memo = new Map<string, PhoneFacts>();

/** Facts about a "+digits" number. */
export function phoneFacts(e164: string): PhoneFacts {
  let facts = memo.get(e164);
  if (facts === undefined) {
    facts = lookup(e164);
    if (memo.size >= MAX_ENTRIES) memo.clear();
    memo.set(e164, facts);
  }
  return facts;
}

function lookup(e164: string): PhoneFacts {
  const digits = e164.slice(1);
  const cc = callingCodeOf(digits);
  const parsed = cc === null ? undefined : parsePhoneNumberFromString(e164);
  if (parsed === undefined) {
    return { country: cc === null ? null : soleCountry(cc), callingCode: cc, valid: false, numberClass: 'unknown' };
  }
  const type = parsed.getType();
  return {
    country: parsed.country ?? soleCountry(parsed.countryCallingCode),
    callingCode: parsed.countryCallingCode,
    valid: parsed.isValid(),
    numberClass: type === undefined ? 'unknown' : CLASS_OF_TYPE[type],
  };
}

/** The country of a calling code used by one country only ("001" means non-geographic in the metadata). */
function soleCountry(cc: string): string | null {
  const list = countriesOfCode[cc];
  return list !== undefined && list.length === 1 && list[0] !== '001' ? list[0]! : null;
}

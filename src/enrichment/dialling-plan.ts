// How users of this PBX dial: the home country's prefixes, trunk access codes
// and emergency numbers, from the pbx configuration or libphonenumber's
// metadata for the country.
import { getCountryCallingCode, isSupportedCountry, Metadata } from 'libphonenumber-js/max';
import type { PbxConfig } from '../config/pbx.js';
import { EMERGENCY_BY_COUNTRY } from '../reference/emergency-numbers.js';

export interface DiallingPlan {
  homeCountry: string;
  /** Calling code of the home country without +, e.g. "1", "44". */
  callingCode: string;
  /** North American Numbering Plan: 10-digit national numbers, 1 as national prefix. */
  nanp: boolean;
  /** Literal international prefixes, longest first. */
  internationalPrefixes: readonly string[];
  /** The country's IDD as libphonenumber writes it when it is a pattern (AU, BR, KR...), used only when not configured. */
  internationalPattern: RegExp | null;
  /** National (trunk) prefix, "" when the country has none (IT, SG, DK...). */
  nationalPrefix: string;
  /** Outside-line digits (such as 9), longest first. */
  trunkAccessCodes: readonly string[];
  emergencyNumbers: ReadonlySet<string>;
  /** Possible lengths of a national significant number in the home country. */
  nationalLengths: readonly number[];
  /** Countries sharing the home calling code that are billed as domestic calls (US territories and Canada, the Crown Dependencies...). */
  domesticCountries: ReadonlySet<string>;
  extensionMaxDigits: number;
}

/** Countries that share the home calling code and are dialled and billed as domestic calls. */
const DOMESTIC_GROUPS: string[][] = [
  ['US', 'CA', 'PR', 'VI', 'GU', 'AS', 'MP'],
  ['GB', 'GG', 'IM', 'JE'],
  ['IT', 'VA'],
  ['NO', 'SJ'],
  ['AU', 'CC', 'CX'],
  ['FI', 'AX'],
  ['MA', 'EH'],
  ['RE', 'YT'],
  ['GP', 'BL', 'MF'],
  ['CW', 'BQ'],
  ['SH', 'TA'],
];

export function resolveDiallingPlan(pbx: PbxConfig): DiallingPlan {
  const country = pbx.homeCountry.toUpperCase();
  if (!isSupportedCountry(country)) throw new Error(`pbx.homeCountry ${country}: not a country libphonenumber knows`);
  const callingCode = getCountryCallingCode(country);
  const nanp = callingCode === '1';
  const metadata = new Metadata();
  metadata.selectNumberingPlan(country);
  const plan = metadata.numberingPlan as unknown as LibNumberingPlan;

  let internationalPrefixes: string[];
  let internationalPattern: RegExp | null = null;
  if (pbx.internationalPrefixes !== undefined) {
    internationalPrefixes = [...pbx.internationalPrefixes];
  } else {
    const idd = plan.IDDPrefix();
    const fallback = plan.defaultIDDPrefix();
    internationalPrefixes = [];
    if (/^\d+$/.test(idd)) internationalPrefixes.push(idd);
    else {
      if (typeof fallback === 'string') internationalPrefixes.push(fallback.replace(/~/g, ''));
      internationalPattern = new RegExp(`^(?:${idd})`);
    }
    // No NANP number starts with 0, so the ITU "00" is unambiguous there and
    // many VoIP trunks route it: better read as international than invalid.
    if (nanp) internationalPrefixes.push('00');
  }

  const libNational = plan.nationalPrefix();
  const nationalPrefix = pbx.nationalPrefix ?? (typeof libNational === 'string' ? libNational : '');
  // 112 and 911 everywhere (mobile networks route both); the configured ones too.
  const emergency = new Set(['112', '911', ...(EMERGENCY_BY_COUNTRY[country] ?? []), ...(pbx.emergencyNumbers ?? [])]);
  const group = DOMESTIC_GROUPS.find((g) => g.includes(country)) ?? [country];

  return {
    homeCountry: country,
    callingCode,
    nanp,
    internationalPrefixes: longestFirst(internationalPrefixes),
    internationalPattern,
    nationalPrefix,
    trunkAccessCodes: longestFirst(pbx.trunkAccessCodes),
    emergencyNumbers: emergency,
    nationalLengths: plan.possibleLengths(),
    domesticCountries: new Set(group),
    extensionMaxDigits: pbx.extensionMaxDigits,
  };
}

/** The parts of libphonenumber's (untyped) NumberingPlan read here. */
interface LibNumberingPlan {
  IDDPrefix(): string;
  defaultIDDPrefix(): string | undefined;
  nationalPrefix(): string | undefined;
  possibleLengths(): number[];
}

function longestFirst(list: readonly string[]): string[] {
  return [...new Set(list)].sort((a, b) => b.length - a.length);
}

// How users of this PBX dial: the home country's prefixes, trunk access codes
// and emergency numbers, from the pbx configuration or libphonenumber's
// metadata for the country.
import { getCountryCallingCode, isSupportedCountry, Metadata } from 'libphonenumber-js/max';
import type { PbxConfig } from '../config/pbx.js';

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

/** Emergency numbers by country; 112 and 911 are added everywhere. */
const EMERGENCY: Record<string, string[]> = {
  US: ['911'], CA: ['911'], MX: ['911', '066', '060', '065'],
  GB: ['999'], IE: ['999'], HK: ['999'], SG: ['995', '999'], MY: ['999', '994'],
  AU: ['000', '106'], NZ: ['111'],
  DE: ['110'], AT: ['122', '133', '144'], CH: ['117', '118', '144'], NL: [], BE: ['100', '101'],
  FR: ['15', '17', '18', '114', '115', '119'], IT: ['113', '115', '118'], ES: ['091', '092', '061', '080', '085', '088'],
  PT: [], SE: [], NO: ['110', '113'], DK: ['114'], FI: [], PL: ['997', '998', '999'], CZ: ['150', '155', '158'],
  RU: ['101', '102', '103', '104'], UA: ['101', '102', '103', '104'], TR: ['110', '155', '156'],
  JP: ['110', '118', '119'], KR: ['119'], CN: ['110', '119', '120', '122'], TW: ['110', '119'],
  IN: ['100', '101', '102', '108'], PK: ['15', '115', '1122'], IL: ['100', '101', '102'],
  ZA: ['10111', '10177'], BR: ['190', '192', '193'], AR: ['100', '101', '107'], CL: ['131', '132', '133'],
  CO: ['123'], PH: ['117'], ID: ['110', '113', '118', '119'], TH: ['191', '199', '1669'], AE: ['999', '998', '997'],
  SA: ['999', '998', '997'], EG: ['122', '123', '180'],
};

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
  const emergency = new Set(['112', '911', ...(EMERGENCY[country] ?? [])]);
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

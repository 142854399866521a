// Emergency numbers by country: what the lockout dialplan lets a locked phone
// still dial, and what classification sets apart from billable calls.
// Source: the ITU-T Operational Bulletin list "Emergency numbers" (ITU-T E.161.1
// annex, as compiled in Wikipedia's "List of emergency telephone numbers",
// checked 2026-11). Pure data, no I/O: enrichment and the dialplan share it.
// When in doubt a number is listed: an extra emergency line only skips the
// lock check for that number; a missing one blocks a locked phone's 999.

/** Each country's own emergency numbers, beside 112 (and 911 in NANP). */
export const EMERGENCY_BY_COUNTRY: Readonly<Record<string, readonly string[]>> = {
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

/** NANP: 911, and 933, the carriers' 911 address test line (FCC Kari's Law / RAY BAUM'S Act guidance). */
const NANP = ['911', '933'] as const;

/** An emergency number as the dialplan may print it: digits only. */
export const EMERGENCY_NUMBER = /^[0-9]{2,10}$/;

/**
 * The numbers a locked phone must still reach when EMERGENCY_NUMBERS is not set:
 * 911 and 933 in NANP; elsewhere 112 (GSM and EU-wide) and the country's own.
 */
export function defaultEmergencyNumbers(country: string, nanp: boolean): string[] {
  if (nanp) return [...NANP];
  return [...new Set(['112', ...(EMERGENCY_BY_COUNTRY[country.toUpperCase()] ?? [])])];
}

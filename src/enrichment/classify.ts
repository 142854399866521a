// E.164 -> Destination: country, number type, premium, high-risk and a label
// for reports. Cached by number: CDRs dial the same numbers over and over.
import { detach } from '../text/detach.js';
import type { Destination, NumberClass, NumberKind } from './call.js';
import type { DiallingPlan } from './dialling-plan.js';
import type { HighRiskList } from './high-risk.js';
import { normaliseNumber } from './number.js';
import { callingCodeOf, isNonGeographicCode, phoneFacts } from './phone-facts.js';

export type Classify = (e164: string | null, kind: NumberKind, dialled: string) => Destination;

type Facts = Omit<Destination, 'dialled'>;

const CACHE_LIMIT = 500_000;

/** Classes worth naming in a label; fixed and mobile are the ordinary case. */
const NOTABLE = new Set<NumberClass>(['premium-rate', 'shared-cost', 'personal', 'uan', 'voip', 'toll-free', 'pager', 'voicemail']);

const NON_GEOGRAPHIC_NAMES: Record<string, string> = {
  '800': 'International Freephone',
  '808': 'International Shared Cost',
  '870': 'Inmarsat',
  '878': 'Universal Personal Telecommunications',
  '881': 'Global Mobile Satellite System',
  '882': 'International Networks',
  '883': 'International Networks',
  '888': 'UN OCHA',
  '979': 'International Premium Rate',
};

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });
const countryNames = new Map<string, string>();

export function countryName(iso: string): string {
  let name = countryNames.get(iso);
  if (name === undefined) {
    try {
      name = regionNames.of(iso) ?? iso;
    } catch {
      name = iso;
    }
    countryNames.set(iso, name);
  }
  return name;
}

/** The key an international call is counted under: ISO country, or "+882" for a non-geographic code. */
export function countryKey(d: Pick<Destination, 'country' | 'callingCode'>): string {
  return d.country ?? `+${d.callingCode ?? '?'}`;
}

/** "Cuba", "International Networks (+882)": a country, or a non-geographic calling code. */
export function placeName(country: string | null, callingCode: string | null): string {
  if (country !== null) return countryName(country);
  if (callingCode !== null && isNonGeographicCode(callingCode)) return `${NON_GEOGRAPHIC_NAMES[callingCode] ?? 'Non-geographic'} (+${callingCode})`;
  return callingCode === null ? 'Unknown destination' : `Unknown country (+${callingCode})`;
}

export function createClassifier(plan: DiallingPlan, highRisk: HighRiskList): Classify {
  // One cache per kind so a lookup builds no key string.
  const national = new Map<string, Facts>();
  const international = new Map<string, Facts>();
  const home = countryName(plan.homeCountry);
  const noNumber: Record<Exclude<NumberKind, 'international'>, Facts> = {
    emergency: unread('emergency', plan, 'Emergency number'),
    'short-code': unread('short-code', plan, 'Short code'),
    national: unread('national', plan, `${home}, local number`),
    invalid: { ...unread('invalid', plan, 'Invalid number'), country: null, callingCode: null },
  };

  return (e164, kind, dialled) => {
    let f: Facts | undefined;
    if (e164 === null) f = kind === 'international' ? noNumber.invalid : noNumber[kind];
    else {
      const cache = kind === 'national' ? national : kind === 'international' ? international : null;
      f = cache?.get(e164);
      if (f === undefined) {
        f = classifyNumber(e164, kind, plan, highRisk);
        if (cache !== null) {
          if (cache.size >= CACHE_LIMIT) cache.clear();
          cache.set(e164, f);
        }
      }
    }
    return {
      dialled,
      e164: f.e164,
      kind: f.kind,
      country: f.country,
      callingCode: f.callingCode,
      numberClass: f.numberClass,
      premium: f.premium,
      highRisk: f.highRisk,
      label: f.label,
    };
  };
}

/** Normalise and classify in one step, cached by the dialled string: what enrichment uses for every CDR row. */
export function createDestinationResolver(plan: DiallingPlan, highRisk: HighRiskList): (dialled: string) => Destination {
  const classify = createClassifier(plan, highRisk);
  const cache = new Map<string, Destination>();
  return (dialled) => {
    let d = cache.get(dialled);
    if (d === undefined) {
      dialled = detach(dialled);
      const n = normaliseNumber(dialled, plan);
      d = Object.freeze(classify(n.e164 === null ? null : detach(n.e164), n.kind, dialled));
      if (cache.size >= CACHE_LIMIT) cache.clear();
      cache.set(dialled, d);
    }
    return d;
  };
}

function classifyNumber(e164: string, kind: NumberKind, plan: DiallingPlan, highRisk: HighRiskList): Facts {
  const facts = phoneFacts(e164);
  // Some +882/+883 ranges are invalid to the library but still billed: take the code from the digits.
  const callingCode = facts.callingCode ?? callingCodeOf(e164.slice(1));
  const entry = highRisk.match(e164);
  const numberClass = facts.numberClass;
  let name: string;
  if (facts.country !== null) name = countryName(facts.country);
  else if (kind === 'national') name = countryName(plan.homeCountry);
  else if (entry !== null) name = `${entry.name} (+${entry.prefix})`;
  else name = placeName(null, callingCode);
  return {
    e164,
    kind,
    country: facts.country,
    callingCode,
    numberClass,
    premium: numberClass === 'premium-rate',
    highRisk: entry === null ? null : `${entry.name} (+${entry.prefix}, ${entry.category})`,
    // Non-geographic names already say what they are ("Thuraya" comes back as VOIP).
    label: facts.country !== null && NOTABLE.has(numberClass) ? `${name}, ${numberClass}` : name,
  };
}

function unread(kind: NumberKind, plan: DiallingPlan, label: string): Facts {
  return {
    e164: null,
    kind,
    country: plan.homeCountry,
    callingCode: plan.callingCode,
    numberClass: 'unknown',
    premium: false,
    highRisk: null,
    label,
  };
}

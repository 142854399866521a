// A Report as the pipeline would hand it to the renderers, with attacker-chosen
// strings where a CDR can carry them: caller ID, dialled digits, src, channel,
// extension, and a rule explanation that quotes them.
import type { Finding, Severity } from '../../src/detection/rule.js';
import type { OutboundCall } from '../../src/enrichment/call.js';
import type { DailyProfile } from '../../src/profiles/daily-profile.js';
import type { ChartPoint, FlaggedDay, Report } from '../../src/actions/report/report.js';
import { emptyProfile } from '../../src/profiles/accumulator.js';
import { addDays } from '../../src/time/pbx-clock.js';
import type { AlertIncident } from '../../src/actions/email/compose.js';
import { groupIncidents } from '../../src/actions/report/incidents.js';

export const HOSTILE = {
  script: '<script>alert(1)</script>',
  img: '"><img src=x onerror=alert(1)>',
  formula: "=cmd|' /C calc'!A0",
  at: '@SUM(1+1)*cmd|',
  /** Clears a terminal and moves the cursor home. */
  ansi: 'Alice\x1b[2J\x1b[H',
  bidi: 'evil\u202Egnp.exe',
  multiline: 'line one\r\nline "two", with comma',
  /** An extension as a hostile channel name could produce it. */
  extension: '1009"><svg onload=alert(2)>',
} as const;

export const DAY = '2024-05-07';
export const TIMEZONE = 'Europe/Berlin';

export function makeProfile(extension: string, day: string, overrides: Partial<DailyProfile> = {}): DailyProfile {
  return {
    ...emptyProfile(extension, day, 2),
    outboundCalls: 4,
    answeredCalls: 3,
    failedCalls: 1,
    billsec: 420,
    distinctNumbers: 3,
    countries: ['DE'],
    estimatedCost: 0.42,
    peakConcurrent: 1,
    maxCallsIn10Min: 1,
    longestSequentialRun: 1,
    firstCall: Date.parse('2024-05-07T07:00:00Z'),
    lastCall: Date.parse('2024-05-07T15:00:00Z'),
    ...overrides,
  };
}

export function makeCall(extension: string, overrides: Partial<OutboundCall> & { dialled?: string; e164?: string | null } = {}): OutboundCall {
  const { dialled = '0088216123456', e164 = '+88216123456', ...rest } = overrides;
  return {
    extension,
    caller: null,
    trunk: 'telco',
    technology: 'PJSIP',
    accountcode: '',
    start: Date.parse('2024-05-07T01:12:00Z'),
    end: Date.parse('2024-05-07T01:17:12Z'),
    day: DAY,
    secondOfDay: 3 * 3600 + 12 * 60,
    weekday: 2,
    afterHours: true,
    answered: true,
    billsec: 312,
    duration: 330,
    disposition: 'ANSWERED',
    destination: {
      dialled,
      e164,
      kind: 'international',
      country: null,
      callingCode: '882',
      numberClass: 'premium-rate',
      premium: true,
      highRisk: 'International Networks (+882)',
      label: 'International Networks (+882)',
    },
    price: { cost: 12.48123, estimated: true, ratePerMinute: 2.4, billedSeconds: 312, rateName: 'estimate: premium-rate' },
    suspiciousContext: null,
    clid: '"Alice" <201>',
    src: '201',
    dcontext: 'from-internal',
    channel: `PJSIP/${extension}-0000002a`,
    uniqueid: '1715044320.42',
    origin: 'Master.csv:17',
    ...rest,
  };
}

function finding(extension: string, severity: Severity, rule: string, title: string, explanation: string, cost: number, evidence: Record<string, unknown> = {}): Finding {
  return { extension, day: DAY, severity, rule, title, explanation, estimatedCost: cost, currency: 'EUR', evidence, fingerprint: `${rule}:${extension}:${DAY}` };
}

function series(extension: string, today: ChartPoint): ChartPoint[] {
  const points: ChartPoint[] = [];
  for (let i = 14; i >= 1; i--) {
    points.push({ day: addDays(DAY, -i), outboundCalls: 3 + (i % 3), internationalCalls: i % 5 === 0 ? 1 : 0, estimatedCost: 0.3 + (i % 4) * 0.1 });
  }
  points.push(today);
  return points;
}

/** Two flagged extension-days (one with a hostile extension), one quiet extension, one PBX-wide finding. */
export function makeReport(): Report {
  const fraud = makeProfile('201', DAY, {
    outboundCalls: 57,
    answeredCalls: 41,
    failedCalls: 16,
    billsec: 12_840,
    internationalCalls: 55,
    internationalAnswered: 40,
    premiumCalls: 48,
    highRiskCalls: 52,
    distinctNumbers: 9,
    countries: ['+882', 'CU', 'DE'],
    estimatedCost: 513.456,
    costEstimated: true,
    afterHoursCalls: 57,
    afterHoursInternational: 55,
    topDestinations: [
      { e164: '+88216123456', dialled: '0088216123456', label: 'International Networks (+882)', country: null, numberClass: 'premium-rate', highRisk: 'International Networks (+882)', premium: true, calls: 40, answered: 33, billsec: 10_000, cost: 400.111 },
      { e164: '+5372345678', dialled: HOSTILE.img, label: 'Cuba', country: 'CU', numberClass: 'fixed', highRisk: 'Cuba', premium: false, calls: 12, answered: 7, billsec: 2_500, cost: 110.2 },
    ],
    examples: [
      { time: '2024-05-07 03:12:00', dialled: '0088216123456', e164: '+88216123456', label: 'International Networks (+882)', disposition: 'ANSWERED', billsec: 312, cost: 12.4812, clid: HOSTILE.script, origin: 'Master.csv:17' },
      { time: '2024-05-07 03:20:05', dialled: HOSTILE.img, e164: null, label: 'unknown', disposition: 'FAILED', billsec: 0, cost: 0, clid: HOSTILE.ansi, origin: 'Master.csv:18' },
    ],
  });
  const hostile = makeProfile(HOSTILE.extension, DAY, {
    outboundCalls: 9,
    internationalCalls: 9,
    highRiskCalls: 9,
    estimatedCost: 80,
    examples: [{ time: '2024-05-07 04:00:00', dialled: HOSTILE.formula, e164: null, label: HOSTILE.bidi, disposition: 'ANSWERED', billsec: 60, cost: 2, clid: HOSTILE.multiline, origin: 'cdr#99' }],
  });
  const quiet = makeProfile('202', DAY);
  const idle = makeProfile('203', DAY, { outboundCalls: 0, answeredCalls: 0, failedCalls: 0, billsec: 0, distinctNumbers: 0, estimatedCost: 0, firstCall: null, lastCall: null });
  const findings: Finding[] = [
    { ...finding('201', 'warning', 'volume-spike', 'Outbound calls far above normal', '57 outbound calls on 2024-05-07, usually 3 on a weekday.', 513.46, { median: 3, observed: 57 }), details: 'usual = median of the weekdays in 14 days of history; 19x the usual; robust z 40.2; chance 4.75e-107 under the usual rate' },
    finding('201', 'critical', 'high-risk-destination', 'Calls to high-risk destinations', `52 calls to International Networks (+882), Cuba; caller ID ${HOSTILE.script}.`, 510.31, { countries: ['+882', 'CU'], zeta: 1, alpha: { b: 2, a: 1 } }),
    finding(HOSTILE.extension, 'warning', 'new-country', `New destination ${HOSTILE.img}`, `First calls to ${HOSTILE.formula} from ${HOSTILE.extension}.`, 80),
    finding('*', 'info', 'pbx-cost-cap', 'PBX cost above the daily cap', 'The whole PBX spent EUR 593.46 against a cap of EUR 200.00.', 593.46),
  ];
  const flagged: FlaggedDay[] = [
    { extension: '201', day: DAY, worstSeverity: 'critical', series: series('201', { day: DAY, outboundCalls: 57, internationalCalls: 55, estimatedCost: 513.456 }), baseline: { outboundCalls: 3.5, internationalCalls: 0, estimatedCost: 0.45 }, historyDays: 14, coldStart: false },
    { extension: HOSTILE.extension, day: DAY, worstSeverity: 'warning', series: series(HOSTILE.extension, { day: DAY, outboundCalls: 9, internationalCalls: 9, estimatedCost: 80 }), baseline: { outboundCalls: 4, internationalCalls: 1, estimatedCost: 0.5 }, historyDays: 3, coldStart: true },
  ];
  const flaggedCalls: OutboundCall[] = [
    makeCall('201', { clid: HOSTILE.script, src: HOSTILE.at }),
    makeCall('201', { start: Date.parse('2024-05-07T01:20:05Z'), clid: HOSTILE.img, dialled: HOSTILE.img, e164: null, disposition: 'FAILED', answered: false, billsec: 0, price: { cost: 0, estimated: true, ratePerMinute: 2.4, billedSeconds: 0, rateName: 'estimate' } }),
    makeCall('201', { start: Date.parse('2024-05-07T00:59:00Z'), clid: HOSTILE.multiline, dialled: '-3', e164: '+5372345678' }),
    makeCall(HOSTILE.extension, { clid: HOSTILE.formula, src: '+4930123456', dcontext: '\tcontext', channel: HOSTILE.ansi }),
  ];
  return {
    window: { from: DAY, to: DAY, timezone: TIMEZONE },
    generatedAt: '2024-05-08T06:00:00.000Z',
    source: 'Master.csv (/var/log/asterisk/cdr-csv/Master.csv)',
    summary: {
      rowsRead: 1_000,
      rowsUsed: 900,
      rowsQuarantined: 60,
      rowsOutsideWindow: 40,
      rowsMerged: 0,
      rowsInWindow: 900,
      daysWithoutCdrs: [],
      quarantineFile: '/var/lib/tollguard/quarantine-2024-05-07.jsonl',
      outboundCalls: 70,
      internalCalls: 300,
      inboundCalls: 420,
      otherLegs: 100,
      blockedCalls: 10,
      extensions: 3,
      findings: { critical: 1, warning: 2, info: 1 },
      estimatedCost: 593.876,
      flaggedCost: 593.456,
      currency: 'EUR',
      costEstimated: true,
    },
    profiles: [quiet, fraud, idle, hostile],
    findings,
    flagged,
    flaggedCalls,
  };
}

/** The critical incidents of a report as one alert run would mail them (first alert, nothing grew). */
export function alertsOf(report: Report): AlertIncident[] {
  return groupIncidents(report)
    .filter((n) => n.severity === 'critical')
    .map((incident) => ({ incident, previous: null, figures: { calls: incident.calls, cost: incident.estimatedCost } }));
}

/** Visible text of an HTML document: tags dropped, entities decoded, no-break spaces as spaces. */
export function visibleText(doc: string): string {
  const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", nbsp: ' ' };
  return doc
    .replace(/<[^>]+>/g, '')
    .replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_, e: string) => entities[e]!)
    .replace(/\u00a0/g, ' ');
}

/** The same PBX on a quiet day: nothing found. */
export function makeAllClearReport(): Report {
  const r = makeReport();
  return {
    ...r,
    profiles: [makeProfile('201', DAY), makeProfile('202', DAY)],
    summary: { ...r.summary, findings: { critical: 0, warning: 0, info: 0 }, flaggedCost: 0, costEstimated: false, rowsQuarantined: 0, rowsUsed: 960, quarantineFile: null },
    findings: [],
    flagged: [],
    flaggedCalls: [],
  };
}

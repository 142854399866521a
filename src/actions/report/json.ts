// The report as JSON for other tools: a fixed key order, money rounded
// (totals to cents, single calls to 1/10000), instants as ISO strings.
import type { Finding } from '../../detection/rule.js';
import type { OutboundCall } from '../../enrichment/call.js';
import type { CallExample, DailyProfile, DestinationSummary } from '../../profiles/daily-profile.js';
import { groupIncidents, type Incident } from './incidents.js';
import type { FlaggedDay, Report } from './report.js';
import { reportClock } from './view.js';

/** Bumped when a key is renamed or removed; added keys do not bump it. */
export const REPORT_JSON_VERSION = 1;

const round = (n: number, places: number): number => {
  if (!Number.isFinite(n)) return 0;
  const f = 10 ** places;
  return Math.round(n * f) / f + 0; // + 0 turns -0 into 0
};
const cents = (n: number): number => round(n, 2);
const perCall = (n: number): number => round(n, 4);
const isoOrNull = (ms: number | null): string | null => (ms === null || !Number.isFinite(ms) ? null : new Date(ms).toISOString());

export function renderJson(report: Report): string {
  const s = report.summary;
  const clock = reportClock(report);
  const doc = {
    version: REPORT_JSON_VERSION,
    generatedAt: report.generatedAt,
    source: report.source,
    window: { from: report.window.from, to: report.window.to, timezone: report.window.timezone },
    summary: {
      rowsRead: s.rowsRead,
      rowsUsed: s.rowsUsed,
      rowsQuarantined: s.rowsQuarantined,
      rowsOutsideWindow: s.rowsOutsideWindow,
      rowsMerged: s.rowsMerged,
      rowsInWindow: s.rowsInWindow,
      daysWithoutCdrs: s.daysWithoutCdrs,
      quarantineFile: s.quarantineFile,
      outboundCalls: s.outboundCalls,
      internalCalls: s.internalCalls,
      inboundCalls: s.inboundCalls,
      otherLegs: s.otherLegs,
      blockedCalls: s.blockedCalls,
      /** Where the blocked attempts went (at most 200), in time order. */
      blockedAttempts: report.blockedAttempts ?? [],
      extensions: s.extensions,
      findings: { critical: s.findings.critical ?? 0, warning: s.findings.warning ?? 0, info: s.findings.info ?? 0 },
      estimatedCost: cents(s.estimatedCost),
      flaggedCost: cents(s.flaggedCost),
      currency: s.currency,
      costEstimated: s.costEstimated,
    },
    incidents: groupIncidents(report).map((n) => incidentJson(n, (ms) => clock.iso(ms))),
    profiles: report.profiles.map(profileJson),
    findings: report.findings.map(findingJson),
    flagged: report.flagged.map(flaggedJson),
    ...(report.flaggedCalls ? { flaggedCalls: report.flaggedCalls.map(callJson) } : {}),
    ...(report.configuration ? { configuration: report.configuration } : {}),
  };
  return `${JSON.stringify(doc, replacer, 2)}\n`;
}

/** What needs action, worst first; times in the PBX zone, findings as indexes into `findings`. */
function incidentJson(n: Incident, local: (ms: number) => string) {
  return {
    extension: n.extension,
    ...(n.caller ? { caller: n.caller } : {}),
    severity: n.severity,
    firstDay: n.firstDay,
    lastDay: n.lastDay,
    firstCall: n.firstCall === null ? null : local(n.firstCall),
    lastCall: n.lastCall === null ? null : local(n.lastCall),
    calls: n.calls,
    estimatedCost: cents(n.estimatedCost),
    currency: n.currency,
    rules: n.rules,
    findings: n.findings,
  };
}

function profileJson(p: DailyProfile) {
  return {
    extension: p.extension,
    ...(p.caller ? { caller: p.caller } : {}),
    day: p.day,
    weekday: p.weekday,
    accountcodes: p.accountcodes,
    outboundCalls: p.outboundCalls,
    answeredCalls: p.answeredCalls,
    failedCalls: p.failedCalls,
    billsec: p.billsec,
    internationalCalls: p.internationalCalls,
    internationalAnswered: p.internationalAnswered,
    failedInternational: p.failedInternational,
    premiumCalls: p.premiumCalls,
    highRiskCalls: p.highRiskCalls,
    distinctNumbers: p.distinctNumbers,
    countries: p.countries,
    estimatedCost: cents(p.estimatedCost),
    costEstimated: p.costEstimated,
    afterHoursCalls: p.afterHoursCalls,
    afterHoursInternational: p.afterHoursInternational,
    peakConcurrent: p.peakConcurrent,
    peakConcurrentInternational: p.peakConcurrentInternational,
    maxCallsIn10Min: p.maxCallsIn10Min,
    longestSequentialRun: p.longestSequentialRun,
    suspiciousContextCalls: p.suspiciousContextCalls,
    suspiciousContexts: p.suspiciousContexts,
    blockedAttempts: p.blockedAttempts,
    firstCall: isoOrNull(p.firstCall),
    lastCall: isoOrNull(p.lastCall),
    topDestinations: p.topDestinations.map(destinationJson),
    topCountries: p.topCountries.map((c) => ({ ...c, cost: cents(c.cost) })),
    examples: p.examples.map(exampleJson),
  };
}

function destinationJson(d: DestinationSummary) {
  return {
    e164: d.e164,
    dialled: d.dialled,
    label: d.label,
    country: d.country,
    numberClass: d.numberClass,
    highRisk: d.highRisk,
    premium: d.premium,
    calls: d.calls,
    answered: d.answered,
    billsec: d.billsec,
    cost: cents(d.cost),
  };
}

function exampleJson(e: CallExample) {
  return {
    time: e.time,
    dialled: e.dialled,
    e164: e.e164,
    label: e.label,
    disposition: e.disposition,
    billsec: e.billsec,
    cost: perCall(e.cost),
    clid: e.clid,
    origin: e.origin,
  };
}

function findingJson(f: Finding) {
  return {
    extension: f.extension,
    ...(f.caller ? { caller: f.caller } : {}),
    day: f.day,
    severity: f.severity,
    rule: f.rule,
    title: f.title,
    explanation: f.explanation,
    ...(f.details ? { details: f.details } : {}),
    estimatedCost: cents(f.estimatedCost),
    currency: f.currency,
    evidence: sortKeys(f.evidence),
    fingerprint: f.fingerprint,
  };
}

function flaggedJson(f: FlaggedDay) {
  return {
    extension: f.extension,
    day: f.day,
    worstSeverity: f.worstSeverity,
    historyDays: f.historyDays,
    coldStart: f.coldStart,
    baseline: {
      outboundCalls: f.baseline.outboundCalls,
      internationalCalls: f.baseline.internationalCalls,
      estimatedCost: cents(f.baseline.estimatedCost),
    },
    series: f.series.map((p) => ({
      day: p.day,
      outboundCalls: p.outboundCalls,
      internationalCalls: p.internationalCalls,
      estimatedCost: cents(p.estimatedCost),
    })),
  };
}

function callJson(c: OutboundCall) {
  return {
    extension: c.extension,
    ...(c.caller ? { caller: c.caller } : {}),
    day: c.day,
    start: isoOrNull(c.start),
    src: c.src,
    clid: c.clid,
    dialled: c.destination.dialled,
    e164: c.destination.e164,
    country: c.destination.country,
    label: c.destination.label,
    numberClass: c.destination.numberClass,
    highRisk: c.destination.highRisk,
    disposition: c.disposition,
    billsec: c.billsec,
    cost: perCall(c.price.cost),
    costEstimated: c.price.estimated,
    dcontext: c.dcontext,
    channel: c.channel,
    uniqueid: c.uniqueid,
    origin: c.origin,
  };
}

/** Evidence is free-form: give it a deterministic key order at every depth. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value instanceof Set) return [...value].map(sortKeys);
  if (value instanceof Map) return sortKeys(Object.fromEntries(value));
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) out[k] = sortKeys((value as Record<string, unknown>)[k]);
    return out;
  }
  return value;
}

/** JSON.stringify throws on bigint; show it as a number string instead. */
function replacer(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

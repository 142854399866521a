// Findings grouped into what an admin acts on: an incident is one extension's
// anomalous stretch (an extension-day, or consecutive days of the same
// extension) with its findings as evidence. A PBX-wide finding (extension "*")
// joins the incidents of its day that spent money, since they caused it; only
// when none did is it an incident of its own. Pure: report in, incidents out.
import { findRule } from '../../detection/registry.js';
import { PBX_WIDE, severityRank, type Finding, type Severity } from '../../detection/rule.js';
import type { CallScope } from '../../profiles/call-scope.js';
import type { CallExample, CountrySummary, DailyProfile, DestinationSummary, ProfileCaller } from '../../profiles/daily-profile.js';
import { addDays } from '../../time/pbx-clock.js';
import type { FlaggedDay, Report } from './report.js';
import { extensionDayKey } from '../../profiles/extension-day.js';

/** PBX-wide findings name this extension. */
export const PBX = PBX_WIDE;

export interface IncidentDay {
  day: string;
  /** The extension's profile of the day; for a PBX-wide incident, undefined. */
  profile: DailyProfile | undefined;
  chart: FlaggedDay | undefined;
}

export interface Incident {
  /** "*" only for a PBX-wide finding no extension's incident explains; a Caller's key when no extension made the calls. */
  extension: string;
  /** Who made the calls when no extension did (a trunk's hairpin, a forward). */
  caller: ProfileCaller | null;
  /** The caller ID name on its calls, when they carry one (CDR data: escape it). */
  name: string | null;
  severity: Severity;
  firstDay: string;
  lastDay: string;
  /** Start of the first and last call its findings are about (epoch ms); null when unknown. */
  firstCall: number | null;
  lastCall: number | null;
  /** Outbound calls and estimated cost of the extension on the incident's days (the whole PBX's for "*"). */
  calls: number;
  estimatedCost: number;
  currency: string;
  costEstimated: boolean;
  /** Rule ids, worst finding first, each once. */
  rules: string[];
  /** Indexes into report.findings, worst first; PBX-wide findings it caused included. */
  findings: number[];
  days: IncidentDay[];
}

const key = extensionDayKey;

function compare(a: Finding, b: Finding): number {
  return severityRank(b.severity) - severityRank(a.severity) || b.estimatedCost - a.estimatedCost;
}

/** Incidents of a report, worst first: severity, then estimated cost. */
export function groupIncidents(report: Report): Incident[] {
  const profiles = new Map<string, DailyProfile>();
  for (const p of report.profiles) profiles.set(key(p.extension, p.day), p);
  const charts = new Map<string, FlaggedDay>();
  for (const f of report.flagged) charts.set(key(f.extension, f.day), f);

  // Finding indexes by extension, then day.
  const byExtension = new Map<string, Map<string, number[]>>();
  const pbxWide: number[] = [];
  report.findings.forEach((f, i) => {
    if (f.extension === PBX) return void pbxWide.push(i);
    let days = byExtension.get(f.extension);
    if (!days) byExtension.set(f.extension, (days = new Map()));
    const list = days.get(f.day);
    if (list) list.push(i);
    else days.set(f.day, [i]);
  });

  const incidents: Incident[] = [];
  const make = (extension: string, stretch: string[], indexes: number[]): Incident => {
    const days = stretch.map((day) => ({ day, profile: extension === PBX ? undefined : profiles.get(key(extension, day)), chart: charts.get(key(extension, day)) }));
    const incident: Incident = {
      extension, caller: null, name: null, severity: 'info', firstDay: stretch[0]!, lastDay: stretch[stretch.length - 1]!, firstCall: null, lastCall: null,
      calls: 0, estimatedCost: 0, currency: report.summary.currency, costEstimated: false, rules: [], findings: indexes, days,
    };
    incidents.push(incident);
    return incident;
  };
  for (const [extension, days] of byExtension) {
    for (const stretch of stretches([...days.keys()])) make(extension, stretch, stretch.flatMap((d) => days.get(d)!));
  }

  // A PBX-wide finding joins the incidents that spent money on its day; else it stands alone.
  const orphans = new Map<string, number[]>();
  for (const i of pbxWide) {
    const day = report.findings[i]!.day;
    const causes = incidents.filter((n) => n.days.some((d) => d.day === day && (d.profile?.estimatedCost ?? 0) > 0));
    for (const n of causes) n.findings.push(i);
    if (causes.length === 0) {
      const list = orphans.get(day);
      if (list) list.push(i);
      else orphans.set(day, [i]);
    }
  }
  for (const stretch of stretches([...orphans.keys()])) make(PBX, stretch, stretch.flatMap((d) => orphans.get(d)!));

  for (const n of incidents) finish(n, report);
  return incidents.sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || b.estimatedCost - a.estimatedCost || (a.extension < b.extension ? -1 : a.extension > b.extension ? 1 : 0) || (a.firstDay < b.firstDay ? -1 : 1));
}

/** Sorted days cut into runs of consecutive days. */
function stretches(days: string[]): string[][] {
  const out: string[][] = [];
  for (const day of [...days].sort()) {
    const last = out[out.length - 1];
    if (last && addDays(last[last.length - 1]!, 1) === day) last.push(day);
    else out.push([day]);
  }
  return out;
}

function finish(n: Incident, report: Report): void {
  const findings = report.findings;
  // Its own findings first, then the PBX-wide ones it caused.
  const own = (i: number) => (findings[i]!.extension === PBX && n.extension !== PBX ? 1 : 0);
  n.findings.sort((a, b) => own(a) - own(b) || compare(findings[a]!, findings[b]!) || a - b);
  for (const i of n.findings) {
    const f = findings[i]!;
    if (severityRank(f.severity) > severityRank(n.severity)) n.severity = f.severity;
    if (!n.rules.includes(f.rule)) n.rules.push(f.rule);
  }
  if (n.extension === PBX) {
    for (const p of report.profiles) {
      if (!n.days.some((d) => d.day === p.day)) continue;
      n.calls += p.outboundCalls;
      n.estimatedCost += p.estimatedCost;
      n.costEstimated ||= p.costEstimated;
      widen(n, p.spans?.costly ?? null);
    }
  } else {
    const spans: { scope: CallScope; span: { first: number; last: number } | null }[] = [];
    for (const d of n.days) {
      const p = d.profile;
      if (!p) continue;
      n.calls += p.outboundCalls;
      n.estimatedCost += p.estimatedCost;
      n.costEstimated ||= p.costEstimated;
      for (const i of n.findings) {
        const f = findings[i]!;
        if (f.extension !== n.extension || f.day !== p.day) continue;
        const scope = findRule(f.rule)?.meta.calls ?? 'any';
        spans.push({ scope, span: span(p, scope) });
      }
    }
    // The narrowest kinds of call the findings name say when the attack ran: a volume
    // spike's "any call" would stretch a night's attack over the office day.
    const rank = (s: CallScope) => (s === 'any' ? 2 : s === 'costly' ? 1 : 0);
    const best = Math.min(...spans.filter((s) => s.span).map((s) => rank(s.scope)));
    for (const s of spans) if (rank(s.scope) === best) widen(n, s.span);
    n.caller = n.findings.map((i) => findings[i]!.caller).find((c) => c !== undefined) ?? n.days.find((d) => d.profile?.caller)?.profile?.caller ?? null;
    // A trunk's or a forward's calls carry the outside caller's ID, not a name for the incident.
    n.name = n.caller ? null : callerName(n.days.flatMap((d) => d.profile?.examples ?? []), n.extension);
  }
  n.estimatedCost = Math.round(n.estimatedCost * 100) / 100;
}

/** The first and last call of a kind; remembered profiles carry no spans, so the day's first and last call stand in. */
function span(p: DailyProfile, scope: CallScope): { first: number; last: number } | null {
  if (scope !== 'any' && p.spans) return p.spans[scope] ?? null;
  return p.firstCall === null || p.lastCall === null ? null : { first: p.firstCall, last: p.lastCall };
}

function widen(n: Incident, s: { first: number; last: number } | null): void {
  if (!s) return;
  n.firstCall = n.firstCall === null ? s.first : Math.min(n.firstCall, s.first);
  n.lastCall = n.lastCall === null ? s.last : Math.max(n.lastCall, s.last);
}

/** The commonest caller ID name of the calls ('"Grace" <1007>' -> Grace), unless it is just the extension. */
export function callerName(examples: readonly CallExample[], extension: string): string | null {
  const counts = new Map<string, number>();
  for (const e of examples) {
    const m = /^\s*"?([^"<]*?)"?\s*<[^>]*>\s*$/.exec(e.clid);
    const name = m?.[1]?.trim();
    if (name && name !== extension) counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  let best: string | null = null;
  for (const [name, c] of counts) if (best === null || c > counts.get(best)!) best = name;
  return best;
}

/** The shared facts of an incident, shown once: where the calls went and a few of them, in time order. */
export interface IncidentFacts {
  countries: CountrySummary[];
  destinations: DestinationSummary[];
  examples: CallExample[];
  international: number;
  premium: number;
  highRisk: number;
  answered: number;
  billsec: number;
}

export function incidentFacts(n: Incident, maxDestinations = 5, maxExamples = 5): IncidentFacts {
  const countries = new Map<string, CountrySummary>();
  const destinations = new Map<string, DestinationSummary>();
  const examples: CallExample[] = [];
  const facts: IncidentFacts = { countries: [], destinations: [], examples: [], international: 0, premium: 0, highRisk: 0, answered: 0, billsec: 0 };
  for (const { profile: p } of n.days) {
    if (!p) continue;
    facts.international += p.internationalCalls;
    facts.premium += p.premiumCalls;
    facts.highRisk += p.highRiskCalls;
    facts.answered += p.answeredCalls;
    facts.billsec += p.billsec;
    for (const c of p.topCountries) {
      const mine = countries.get(c.key);
      if (mine) Object.assign(mine, { calls: mine.calls + c.calls, answered: mine.answered + c.answered, cost: mine.cost + c.cost, highRisk: mine.highRisk || c.highRisk });
      else countries.set(c.key, { ...c });
    }
    for (const d of p.topDestinations) {
      const k = d.e164 ?? d.dialled;
      const mine = destinations.get(k);
      if (mine) Object.assign(mine, { calls: mine.calls + d.calls, answered: mine.answered + d.answered, billsec: mine.billsec + d.billsec, cost: mine.cost + d.cost });
      else destinations.set(k, { ...d });
    }
    examples.push(...p.examples);
  }
  facts.countries = [...countries.values()].sort((a, b) => b.cost - a.cost || b.calls - a.calls);
  facts.destinations = [...destinations.values()].sort((a, b) => b.cost - a.cost || b.calls - a.calls).slice(0, maxDestinations);
  // The costliest few, then in time order: the story of the night.
  facts.examples = examples.sort((a, b) => b.cost - a.cost).slice(0, maxExamples).sort((a, b) => exampleTime(a) - exampleTime(b));
  return facts;
}

/** Example times are local ISO strings with an offset; unparsable ones sort last. */
function exampleTime(e: CallExample): number {
  const t = Date.parse(e.time);
  return Number.isNaN(t) ? Infinity : t;
}

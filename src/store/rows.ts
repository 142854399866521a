// Row <-> object mapping shared by both backends. Scalar profile metrics get
// their own columns (SQL can query them); list fields are stored as JSON text.
import type { DailyProfile } from '../profiles/daily-profile.js';
import type { Finding } from '../detection/rule.js';
import type { LockoutAck, LockoutExemption, LockoutEvent, LockoutRecord, OutboxMessage, RunRecord, StoredFinding, IngestPosition } from './store.js';

type Row = Record<string, unknown>;

/** DailyProfile number fields and their columns, in table order. */
export const PROFILE_NUMBERS = [
  ['outboundCalls', 'outbound_calls'],
  ['answeredCalls', 'answered_calls'],
  ['failedCalls', 'failed_calls'],
  ['billsec', 'billsec'],
  ['internationalCalls', 'international_calls'],
  ['internationalAnswered', 'international_answered'],
  ['failedInternational', 'failed_international'],
  ['premiumCalls', 'premium_calls'],
  ['highRiskCalls', 'high_risk_calls'],
  ['highRiskAnswered', 'high_risk_answered'],
  ['distinctNumbers', 'distinct_numbers'],
  ['estimatedCost', 'estimated_cost'],
  ['afterHoursCalls', 'after_hours_calls'],
  ['afterHoursInternational', 'after_hours_international'],
  ['peakConcurrent', 'peak_concurrent'],
  ['peakConcurrentInternational', 'peak_concurrent_international'],
  ['maxCallsIn10Min', 'max_calls_in_10_min'],
  ['longestSequentialRun', 'longest_sequential_run'],
  ['suspiciousContextCalls', 'suspicious_context_calls'],
  ['blockedAttempts', 'blocked_attempts'],
] as const satisfies readonly (readonly [keyof DailyProfile, string])[];

export const PROFILE_LISTS = [
  ['accountcodes', 'accountcodes'],
  ['countries', 'countries'],
  ['suspiciousContexts', 'suspicious_contexts'],
  ['topDestinations', 'top_destinations'],
  ['topCountries', 'top_countries'],
  ['examples', 'examples'],
] as const satisfies readonly (readonly [keyof DailyProfile, string])[];

export const PROFILE_COLUMNS: string[] = [
  'day',
  'extension',
  'weekday',
  'run_id',
  ...PROFILE_NUMBERS.map(([, c]) => c),
  'cost_estimated',
  'first_call',
  'last_call',
  ...PROFILE_LISTS.map(([, c]) => c),
  'extra',
];

const MAPPED = new Set<string>(['day', 'extension', 'weekday', 'costEstimated', 'firstCall', 'lastCall', ...PROFILE_NUMBERS.map(([k]) => k), ...PROFILE_LISTS.map(([k]) => k)]);

/** Values in PROFILE_COLUMNS order; booleans as the backend wants them. */
export function profileValues(p: DailyProfile, runId: number, bool: (b: boolean) => unknown): unknown[] {
  const out: unknown[] = [p.day, p.extension, p.weekday, runId];
  for (const [k] of PROFILE_NUMBERS) out.push(p[k]);
  out.push(bool(p.costEstimated), p.firstCall, p.lastCall);
  for (const [k] of PROFILE_LISTS) out.push(JSON.stringify(p[k]));
  let extra: Record<string, unknown> | null = null;
  for (const k in p) if (!MAPPED.has(k)) (extra ??= {})[k] = (p as unknown as Record<string, unknown>)[k];
  out.push(extra ? JSON.stringify(extra) : '{}');
  return out;
}

export function rowToProfile(r: Row): DailyProfile {
  const p: Record<string, unknown> = { extension: r.extension, day: r.day, weekday: Number(r.weekday) };
  for (const [k, c] of PROFILE_NUMBERS) p[k] = Number(r[c]);
  p.costEstimated = Boolean(r.cost_estimated);
  p.firstCall = nullableNumber(r.first_call);
  p.lastCall = nullableNumber(r.last_call);
  for (const [k, c] of PROFILE_LISTS) p[k] = JSON.parse(String(r[c]));
  if (r.extra && r.extra !== '{}') Object.assign(p, JSON.parse(String(r.extra)));
  return p as unknown as DailyProfile;
}

export const FINDING_COLUMNS = ['fingerprint', 'run_id', 'day', 'extension', 'severity', 'rule', 'title', 'explanation', 'estimated_cost', 'currency', 'evidence'];

export function findingValues(f: Finding, runId: number): unknown[] {
  return [f.fingerprint, runId, f.day, f.extension, f.severity, f.rule, f.title, f.explanation, f.estimatedCost, f.currency, JSON.stringify(f.evidence)];
}

export function rowToFinding(r: Row): StoredFinding {
  return {
    extension: String(r.extension),
    day: String(r.day),
    severity: r.severity as StoredFinding['severity'],
    rule: String(r.rule),
    title: String(r.title),
    explanation: String(r.explanation),
    estimatedCost: Number(r.estimated_cost),
    currency: String(r.currency),
    evidence: JSON.parse(String(r.evidence)) as Record<string, unknown>,
    fingerprint: String(r.fingerprint),
    runId: Number(r.run_id),
    alertedAt: nullableString(r.alerted_at),
    alertedCalls: nullableNumber(r.alerted_calls),
    alertedCost: nullableNumber(r.alerted_cost),
  };
}

export function rowToRun(r: Row): RunRecord {
  return {
    id: Number(r.id),
    job: String(r.job),
    window: r.window_from == null ? null : { from: String(r.window_from), to: String(r.window_to) },
    startedAt: String(r.started_at),
    finishedAt: nullableString(r.finished_at),
    status: r.status as RunRecord['status'],
    counts: JSON.parse(String(r.counts)) as Record<string, number>,
    message: nullableString(r.message),
  };
}

export function rowToLockout(r: Row): LockoutRecord {
  return {
    extension: String(r.extension),
    status: r.status as LockoutRecord['status'],
    reason: String(r.reason),
    rule: nullableString(r.rule),
    runId: nullableNumber(r.run_id),
    actor: String(r.actor),
    createdAt: String(r.created_at),
    updatedAt: String(r.updated_at),
    expiresAt: nullableString(r.expires_at),
    error: nullableString(r.error),
  };
}

export function rowToLockoutEvent(r: Row): LockoutEvent {
  return { extension: String(r.extension), action: r.action as LockoutEvent['action'], actor: String(r.actor), detail: String(r.detail), at: String(r.at) };
}

export function rowToLockoutAck(r: Row): LockoutAck {
  return { extension: String(r.extension), day: String(r.day), rules: JSON.parse(String(r.rules)) as string[], calls: Number(r.calls), cost: Number(r.cost), actor: String(r.actor), at: String(r.at) };
}

export function rowToLockoutExemption(r: Row): LockoutExemption {
  return { extension: String(r.extension), until: String(r.until), actor: String(r.actor), at: String(r.at) };
}

export function rowToPosition(r: Row): IngestPosition {
  return { source: String(r.source), identity: String(r.identity), position: String(r.position), updatedAt: String(r.updated_at) };
}

export function rowToOutbox(r: Row): OutboxMessage {
  return {
    id: Number(r.id),
    createdAt: String(r.created_at),
    attempts: Number(r.attempts),
    lastError: nullableString(r.last_error),
    message: JSON.parse(String(r.message)) as unknown,
  };
}

function nullableNumber(v: unknown): number | null {
  return v === null || v === undefined ? null : Number(v);
}

function nullableString(v: unknown): string | null {
  return v === null || v === undefined ? null : String(v);
}

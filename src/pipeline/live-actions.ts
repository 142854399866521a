// What the live guard does with its findings, through what the jobs use: the
// lockout policy and service (AstDB lock, then Hangup of the extension's live
// calls), the immediate alert mail and webhook, the state store. The lock goes
// first and outside the store's writer lock, so a nightly run holding the
// store never delays it; the store then records it with the findings.
// Alerts are deduplicated with the sweep's: an extension-day the sweep (or an
// earlier live alert) already alerted is not mailed again unless it grew.
import type { LockOutcome, LockoutRecorder } from '../actions/lockout/lockout-service.js';
import { applyLockouts } from '../actions/lockout/lockout-service.js';
import { dayEndIn, isGuestEndpoint, planLockouts } from '../actions/lockout/policy.js';
import { emergencyExtensions, emergencyFor } from '../actions/lockout/dialplan.js';
import type { Report, ReportSummary } from '../actions/report/report.js';
import type { Config } from '../config/load.js';
import type { Finding } from '../detection/rule.js';
import type { OutboundCall } from '../enrichment/call.js';
import { ProfileAccumulator, round } from '../profiles/accumulator.js';
import type { LockoutEvent, LockoutRecord, StateStore } from '../store/store.js';
import type { PbxClock } from '../time/pbx-clock.js';
import { mailAlerts, type AlertOutcome } from './job-mail.js';

export interface LiveActionsOptions {
  config: Config;
  store: StateStore;
  clock: PbxClock;
  log(record: Record<string, unknown>): void;
  /** The day's live calls of an extension, as the CDRs they will write (for the alert's profile). */
  callsOf(extension: string, now: number): OutboundCall[];
  /** An extension was locked: the engine stops judging it. */
  onLocked?(extension: string): void;
}

export interface LiveActOutcome {
  locks: LockOutcome[];
  alerts: AlertOutcome | null;
}

/** Lock records and events kept in memory until the store can take them. */
class BufferedRecorder implements LockoutRecorder {
  readonly records: (Omit<LockoutRecord, 'createdAt' | 'updatedAt'> & { at: string })[] = [];
  readonly events: LockoutEvent[] = [];
  async upsertLockout(record: Omit<LockoutRecord, 'createdAt' | 'updatedAt'> & { at: string }): Promise<void> {
    this.records.push(record);
  }
  async addLockoutEvent(event: LockoutEvent): Promise<void> {
    this.events.push(event);
  }
}

export class LiveActions {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly dayEnd: (day: string) => number;

  constructor(private readonly o: LiveActionsOptions) {
    this.dayEnd = dayEndIn(o.clock);
  }

  /** Acts on findings in the order they came; never two at once. Errors are logged, never thrown. */
  act(findings: readonly Finding[], now: Date): Promise<LiveActOutcome | null> {
    const next = this.queue.then(() => this.actNow(findings, now)).catch((e: unknown) => {
      this.o.log({ event: 'live-action-failed', error: (e as Error).message });
      return null;
    });
    this.queue = next;
    return next;
  }

  /** Resolves when everything queued so far is done. */
  idle(): Promise<unknown> {
    return this.queue;
  }

  private async actNow(batch: readonly Finding[], now: Date): Promise<LiveActOutcome> {
    const { config, store } = this.o;
    // A rule seen again more severe in the same batch: its latest finding stands for it (one row per fingerprint).
    const findings = [...new Map(batch.map((f) => [f.fingerprint, f])).values()];
    for (const f of batch) this.o.log({ event: 'live-finding', extension: f.extension, day: f.day, rule: f.rule, severity: f.severity, title: f.title });
    let locks: LockOutcome[] = [];
    const recorder = new BufferedRecorder();
    if (config.lockout.mode !== 'off') {
      const records = await store.lockouts();
      const current = new Set(records.filter((r) => r.status === 'active' || r.status === 'pending').map((r) => r.extension));
      const plan = planLockouts(findings.filter((f) => !isGuestEndpoint(config.pbx.guestEndpoints, f.extension)), now, config.lockout, current, this.dayEnd);
      const l = config.lockout;
      const withActor = plan.lock.map((p) => ({ ...p, actor: `live guard: rule ${p.rule}` }));
      const ctx = { ami: config.ami, family: l.family, hangup: l.hangup, expiryHours: l.expiryHours, recorder, runId: null, actor: 'live guard', now, emergency: emergencyExtensions(emergencyFor(config.pbx)) };
      // The service keeps an emergency call of the extension up and hangs up the others (lockout-service.ts).
      locks = await applyLockouts(withActor, l.mode, ctx);
      for (const o of locks) {
        this.o.log({ event: 'live-lockout', extension: o.extension, status: o.status, detail: o.detail, hungUp: o.hungUp });
        if (o.status === 'active') this.o.onLocked?.(o.extension);
      }
      for (const s of plan.skipped) if (s.why !== 'already locked') this.o.log({ event: 'live-lockout-skipped', extension: s.extension, rule: s.rule, why: s.why });
    }
    const critical = findings.filter((f) => f.severity === 'critical');
    const days = [...new Set(findings.map((f) => f.day))];
    let alerts: AlertOutcome | null = null;
    await store.withRun('live', { from: days.reduce((a, b) => (a < b ? a : b)), to: days.reduce((a, b) => (a > b ? a : b)) }, async (tx) => {
      for (const r of recorder.records) await tx.upsertLockout({ ...r, runId: tx.runId });
      for (const e of recorder.events) await tx.addLockoutEvent(e);
      // The day's stored findings (the sweep's) stay; the live ones join them, so an alert marks its fingerprint.
      for (const day of days) {
        const stored = await store.findings({ from: day, to: day });
        const mine = findings.filter((f) => f.day === day);
        const fps = new Set(mine.map((f) => f.fingerprint));
        await tx.replaceFindings({ from: day, to: day }, [...stored.filter((f) => !fps.has(f.fingerprint)), ...mine]);
      }
      if (critical.length > 0) {
        const fresh = await this.notAlerted(critical);
        if (fresh.length > 0) alerts = await mailAlerts(config, store, tx, this.report(fresh, now), now);
        else alerts = { skipped: 'already alerted today by the sweep or an earlier live alert' };
        this.o.log({ event: 'live-alert', findings: fresh.length, outcome: 'incidents' in alerts ? { incidents: alerts.incidents, suppressed: alerts.suppressed, failed: alerts.failed } : alerts.skipped });
      }
      await tx.setRunCounts({ critical: critical.length, findings: findings.length, lockouts: locks.length });
    });
    return { locks, alerts };
  }

  /** Critical findings whose extension-day has no alerted critical finding in the store yet (the sweep's, or an earlier live one). */
  private async notAlerted(critical: readonly Finding[]): Promise<Finding[]> {
    const out: Finding[] = [];
    const cache = new Map<string, Set<string>>();
    for (const f of critical) {
      let alerted = cache.get(f.day);
      if (!alerted) {
        const stored = await this.o.store.findings({ from: f.day, to: f.day });
        cache.set(f.day, (alerted = new Set(stored.filter((s) => s.severity === 'critical' && s.alertedAt !== null && s.fingerprint !== f.fingerprint).map((s) => s.extension))));
      }
      if (!alerted.has(f.extension)) out.push(f);
    }
    return out;
  }

  /** The alert's report: the findings, and the day's live calls of their extensions as profiles. */
  private report(findings: readonly Finding[], now: Date): Report {
    const { config, clock } = this.o;
    const acc = new ProfileAccumulator((t) => clock.iso(t));
    for (const ext of new Set(findings.map((f) => f.extension))) for (const c of this.o.callsOf(ext, now.getTime())) acc.add(c);
    const profiles = acc.profiles();
    const day = findings[0]!.day;
    const count = (s: string) => findings.filter((f) => f.severity === s).length;
    const summary: ReportSummary = {
      rowsRead: 0, rowsUsed: 0, rowsQuarantined: 0, rowsOutsideWindow: 0, rowsMerged: 0, rowsInWindow: 0, daysWithoutCdrs: [], quarantineFile: null,
      outboundCalls: profiles.reduce((s, p) => s + p.outboundCalls, 0), internalCalls: 0, inboundCalls: 0, otherLegs: 0, blockedCalls: 0,
      extensions: profiles.length, findings: { info: count('info'), warning: count('warning'), critical: count('critical') },
      estimatedCost: round(profiles.reduce((s, p) => s + p.estimatedCost, 0)), flaggedCost: round(profiles.reduce((s, p) => s + p.estimatedCost, 0)),
      currency: config.pricing.currency, costEstimated: profiles.some((p) => p.costEstimated),
    };
    return { window: { from: day, to: day, timezone: config.pbx.timezone }, generatedAt: now.toISOString(), source: 'live guard (AMI)', summary, profiles, findings: [...findings], flagged: [], lockTargets: { guestEndpoints: config.pbx.guestEndpoints, family: config.lockout.family } };
  }
}

// The live guard as `tollguard watch` and the daemon run it: AMI events into
// the engine, findings to the actions, a tick every few seconds (costs grow
// while calls are up), histories from the state store at start and hourly.
import type { Config } from '../config/load.js';
import type { Finding } from '../detection/rule.js';
import { liveHistories } from '../profiles/live-history.js';
import { extensionDayKey } from '../profiles/extension-day.js';
import { AmiEventSource } from '../sources/ami-events.js';
import type { StateStore } from '../store/store.js';
import { addDays, type PbxClock } from '../time/pbx-clock.js';
import { LiveActions } from './live-actions.js';
import { LiveEngine, type LiveStep } from './live-engine.js';
import { createClock, createEnrichmentParts } from './setup.js';

export interface LiveGuardOptions {
  config: Config;
  store: StateStore;
  log(record: Record<string, unknown>): void;
  now?: () => number;
  /** Each step of the engine, for tests and the foreground display. */
  onStep?(step: LiveStep): void;
}

const HISTORY_REFRESH_MS = 3_600_000;

export class LiveGuard {
  readonly engine: LiveEngine;
  readonly source: AmiEventSource;
  readonly actions: LiveActions;
  private readonly clock: PbxClock;
  private tickTimer: NodeJS.Timeout | null = null;
  private historyTimer: NodeJS.Timeout | null = null;

  constructor(private readonly o: LiveGuardOptions) {
    const { config } = o;
    this.clock = createClock(config);
    this.engine = new LiveEngine({ config, clock: this.clock, parts: createEnrichmentParts(config) });
    const log = (r: Record<string, unknown>) => o.log({ time: new Date(this.now()).toISOString(), job: 'live', ...r });
    this.actions = new LiveActions({
      config, store: o.store, clock: this.clock, log,
      callsOf: (ext, now) => this.engine.state.outboundCalls(ext, now),
      onLocked: (ext) => this.engine.locked.add(ext),
    });
    this.source = new AmiEventSource({
      ami: config.ami,
      pingMs: config.live.pingSeconds * 1000,
      reconnectMaxMs: config.live.reconnectMaxSeconds * 1000,
      log,
      onEvent: (m, now) => this.step(this.engine.feed(m, now), now),
      onResync: (channels, now, askedAt) => this.step(this.engine.resync(channels, now, askedAt), now),
      ...(o.now ? { now: o.now } : {}),
    });
  }

  private now(): number {
    return this.o.now ? this.o.now() : Date.now();
  }

  async start(): Promise<void> {
    await this.loadHistories();
    this.source.start();
    this.tickTimer = setInterval(() => {
      const now = this.now();
      this.step(this.engine.tick(now), now);
    }, this.o.config.live.tickSeconds * 1000);
    this.historyTimer = setInterval(() => void this.loadHistories(), HISTORY_REFRESH_MS);
  }

  async stop(): Promise<void> {
    if (this.tickTimer) clearInterval(this.tickTimer);
    if (this.historyTimer) clearInterval(this.historyTimer);
    await this.source.stop();
    await this.actions.idle();
  }

  private step(step: LiveStep, now: number): void {
    this.o.onStep?.(step);
    if (step.findings.length > 0) void this.actions.act(step.findings as Finding[], new Date(now));
  }

  /** Each extension's history over the lookback, days judged fraudulent left out (as the baselines do). */
  async loadHistories(): Promise<void> {
    const { config, store } = this.o;
    const today = this.clock.local(this.now()).day;
    const range = { from: addDays(today, -config.detection.lookbackDays), to: addDays(today, -1) };
    try {
      const [profiles, known, findings] = await Promise.all([store.loadProfiles(range), store.knownCountries(today), store.findings(range)]);
      const fraudulent = new Set(findings.filter((f) => f.severity === 'critical').map((f) => extensionDayKey(f.extension, f.day)));
      this.engine.histories = liveHistories(profiles, known, fraudulent);
      this.o.log({ time: new Date(this.now()).toISOString(), job: 'live', event: 'live-history', extensions: this.engine.state.histories.byExtension.size, days: `${range.from}..${range.to}` });
    } catch (e) {
      this.o.log({ time: new Date(this.now()).toISOString(), job: 'live', event: 'live-history-failed', error: (e as Error).message });
    }
  }
}

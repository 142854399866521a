// The live guard's engine, shared by `tollguard watch`, the daemon and
// `replay --live`: AMI events -> tracker (calls in progress, attributed and
// priced as CDRs are) -> live state -> live rules -> findings that are new or
// grew more severe. Synchronous and without I/O: the caller does the actions.
import type { AmiMessage } from '../actions/lockout/ami-message.js';
import type { Config } from '../config/load.js';
import { judgeLive } from '../detection/live/judge.js';
import type { LiveExtension } from '../detection/live/rule.js';
import { severityRank, type Finding } from '../detection/rule.js';
import { createEnricher, type EnrichmentParts } from '../enrichment/enrich.js';
import { CallTracker, type TrackerChange, type TrackerLimits } from '../enrichment/live-calls.js';
import type { LiveHistories } from '../profiles/live-history.js';
import { LiveState, type LiveStateLimits } from '../profiles/live-state.js';
import type { PbxClock } from '../time/pbx-clock.js';

export interface LiveStep {
  changes: TrackerChange[];
  /** Findings first seen, or seen again at a higher severity. */
  findings: Finding[];
}

export interface LiveEngineOptions {
  config: Config;
  clock: PbxClock;
  parts: EnrichmentParts;
  histories?: LiveHistories;
  limits?: Partial<TrackerLimits & LiveStateLimits>;
}

/** Fingerprints remembered per day; a flood of findings cannot grow it past this. */
const MAX_SEEN = 20_000;

export class LiveEngine {
  readonly tracker: CallTracker;
  readonly state: LiveState;
  private readonly seen = new Map<string, number>();
  private seenDay = '';
  /** Extensions locked (or being locked): their calls are not judged again. */
  readonly locked = new Set<string>();

  constructor(private readonly o: LiveEngineOptions) {
    const { config, clock, parts } = o;
    this.tracker = new CallTracker({
      enricher: (trunks) => createEnricher({ ...config.pbx, trunks: [...trunks] }, clock, parts),
      trunks: config.pbx.trunks,
      pbx: config.pbx,
      limits: o.limits,
    });
    this.state = new LiveState(parts.price, (t) => clock.local(t).day, o.histories, o.limits);
  }

  set histories(h: LiveHistories) {
    this.state.histories = h;
  }

  /** One event: the extensions it touched are judged at once. */
  feed(m: AmiMessage, now: number): LiveStep {
    const changes = this.tracker.handle(m, now);
    if (changes.length === 0) return { changes, findings: [] };
    return { changes, findings: this.judge(this.state.apply(changes, now), now, false) };
  }

  /** After a (re)connection: CoreShowChannels' channels. */
  resync(channels: readonly AmiMessage[], now: number, askedAt: number = now): LiveStep {
    const changes = this.tracker.resync(channels, now, askedAt);
    return { changes, findings: this.judge(this.state.apply(changes, now), now, true) };
  }

  /** Every few seconds: costs grow while calls are up; old calls and dials are forgotten; every extension and the PBX are judged. */
  tick(now: number): LiveStep {
    const changes = this.tracker.prune(now);
    this.state.apply(changes, now);
    this.state.prune(now);
    return { changes, findings: this.judge(new Set(this.state.extensions()), now, true) };
  }

  private judge(keys: Set<string>, now: number, pbxWide: boolean): Finding[] {
    const day = this.o.clock.local(now).day;
    if (day !== this.seenDay) (this.seen.clear(), (this.seenDay = day));
    const views: LiveExtension[] = [];
    for (const k of keys) {
      if (this.locked.has(k)) continue;
      const v = this.state.view(k, now);
      if (v) views.push(v);
    }
    let everyone: LiveExtension[] | undefined;
    if (pbxWide) everyone = [...this.state.extensions()].filter((k) => !this.locked.has(k)).map((k) => this.state.view(k, now)!).filter(Boolean);
    const { config } = this.o;
    const all = judgeLive({
      extensions: views, now, day, pbxMaxDayCost: this.state.histories.pbxMaxDayCost,
      settings: pbxWide ? config.live.rules : withoutPbxRules(config.live.rules),
      currency: config.pricing.currency, exemptExtensions: config.pbx.exemptExtensions,
      ...(everyone ? { everyone } : {}),
    });
    const fresh: Finding[] = [];
    for (const f of all) {
      const rank = severityRank(f.severity);
      const before = this.seen.get(f.fingerprint);
      if (before !== undefined && before >= rank) continue;
      if (this.seen.size >= MAX_SEEN) this.seen.clear();
      this.seen.set(f.fingerprint, rank);
      fresh.push(f);
    }
    return fresh;
  }
}

/** The PBX-wide rules need every extension's view: judged on ticks only, not on each event. */
const pbxOff = new WeakMap<object, Record<string, { enabled: boolean; options: Record<string, unknown>; severity?: 'info' | 'warning' | 'critical' }>>();
function withoutPbxRules(settings: Config['live']['rules']): Config['live']['rules'] {
  let s = pbxOff.get(settings);
  if (!s) pbxOff.set(settings, (s = { ...settings, 'live-pbx-cost-rate': { ...(settings['live-pbx-cost-rate'] ?? { options: {} }), enabled: false } }));
  return s;
}

// The live guard's engine on a test configuration, and AMI messages built the
// way Asterisk 22.7 writes them (for sequences the lab did not capture).
import { AmiMessage } from '../../src/actions/lockout/ami-message.js';
import { loadConfig, type Config } from '../../src/config/load.js';
import { createClock, createEnrichmentParts } from '../../src/pipeline/setup.js';
import { LiveEngine, type LiveStep } from '../../src/pipeline/live-engine.js';
import type { LiveHistories } from '../../src/profiles/live-history.js';
import type { Finding } from '../../src/detection/rule.js';

export function liveConfig(env: Record<string, string> = {}): Config {
  return loadConfig({ env: { PBX_TIMEZONE: 'UTC', HOME_COUNTRY: 'US', ...env } });
}

export function liveEngine(env: Record<string, string> = {}, histories?: LiveHistories, limits?: ConstructorParameters<typeof LiveEngine>[0]['limits']): LiveEngine {
  const config = liveConfig(env);
  return new LiveEngine({ config, clock: createClock(config), parts: createEnrichmentParts(config), ...(histories ? { histories } : {}), ...(limits ? { limits } : {}) });
}

/** Feeds messages `stepMs` apart from `t0`; returns every step's findings and changes. */
export function feedAll(engine: LiveEngine, messages: readonly AmiMessage[], t0: number, stepMs = 100): { findings: Finding[]; steps: LiveStep[]; end: number } {
  const steps: LiveStep[] = [];
  let t = t0;
  for (const m of messages) {
    steps.push(engine.feed(m, t));
    t += stepMs;
  }
  return { findings: steps.flatMap((s) => s.findings), steps, end: t };
}

export function event(name: string, fields: Record<string, string>): AmiMessage {
  return new AmiMessage([['Event', name], ['Privilege', 'call,all'], ...Object.entries(fields)]);
}

/** DialBegin of `channel` (uniqueid `uid`) in `context` to `dest` (uniqueid `destUid`) with Dial's `dialString`. */
export function dialBegin(channel: string, uid: string, context: string, exten: string, dest: string, destUid: string, dialString: string): AmiMessage {
  return event('DialBegin', { Channel: channel, Context: context, Exten: exten, Uniqueid: uid, Linkedid: uid, DestChannel: dest, DestUniqueid: destUid, DialString: dialString });
}

export function dialEnd(channel: string, uid: string, dest: string, destUid: string, status: string): AmiMessage {
  return event('DialEnd', { Channel: channel, Uniqueid: uid, DestChannel: dest, DestUniqueid: destUid, DialStatus: status });
}

export function hangup(channel: string, uid: string, cause = '16'): AmiMessage {
  return event('Hangup', { Channel: channel, Uniqueid: uid, Cause: cause });
}

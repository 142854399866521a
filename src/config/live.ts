// The live guard (`tollguard watch`, and the daemon with LIVE_GUARD=on): one
// AMI connection with call events, the live rules' settings.
import { z } from 'zod';
import { ruleSettingSchema } from './detection.js';

export const liveSchema = z.strictObject({
  /** on: the daemon runs the live guard beside its jobs. */
  guard: z.enum(['on', 'off']).default('off'),
  /** A Ping this often; no answer within the AMI timeout and the connection is taken as dead. */
  pingSeconds: z.number().int().min(1).max(600).default(20),
  /** Reconnect backoff doubles from 1 s up to this. */
  reconnectMaxSeconds: z.number().int().min(1).max(3600).default(60),
  /** Every extension and the PBX are judged this often (costs grow while calls are up). */
  tickSeconds: z.number().int().min(1).max(300).default(5),
  /** Per live rule id: enable/disable, severity override, options. */
  rules: z.record(z.string(), ruleSettingSchema).default({}),
});

export type LiveConfig = z.infer<typeof liveSchema>;

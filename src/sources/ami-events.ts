// The live guard's edge: one AMI connection with call events. Logs in with an
// `Events:` filter, resynchronises with CoreShowChannels after every login and
// when Asterisk says it (re)started (FullyBooted), pings to notice a dead link,
// and reconnects with a doubling backoff, saying so in the log each time.
// Events are handed on synchronously as they are parsed: nothing queues here.
import { AmiClient, AmiPermissionError } from '../actions/lockout/ami-client.js';
import type { AmiMessage } from '../actions/lockout/ami-message.js';
import type { AmiConfig } from '../config/lockout.js';

export interface AmiEventSourceOptions {
  ami: AmiConfig;
  /** The Login's Events filter. `call` is what the tracker needs; `system` adds FullyBooted and Shutdown. */
  events?: string;
  pingMs: number;
  reconnectMinMs?: number;
  reconnectMaxMs: number;
  onEvent(m: AmiMessage, now: number): void;
  /** CoreShowChannels' list, after a login or a restart. */
  onResync(channels: AmiMessage[], now: number, askedAt: number): void;
  log(record: Record<string, unknown>): void;
  now?: () => number;
}

/** A FullyBooted this soon after login is the greeting every login gets, not a restart. */
const GREETING_MS = 2000;

export class AmiEventSource {
  private stopped = false;
  private client: AmiClient | null = null;
  private wake: (() => void) | null = null;
  private loopDone: Promise<void> | null = null;
  private loggedInAt = 0;
  readonly stats = { connects: 0, disconnects: 0, events: 0, resyncs: 0 };

  constructor(private readonly o: AmiEventSourceOptions) {}

  private now(): number {
    return this.o.now ? this.o.now() : Date.now();
  }

  get connected(): boolean {
    return this.client !== null;
  }

  start(): void {
    this.loopDone ??= this.loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    const c = this.client;
    if (c) await c.logoff().catch(() => c.close('stopping'));
    await this.loopDone;
  }

  private async loop(): Promise<void> {
    const min = this.o.reconnectMinMs ?? 1000;
    let delay = min;
    const where = `${this.o.ami.host}:${this.o.ami.port}`;
    while (!this.stopped) {
      let closed!: (reason: string) => void;
      const whenClosed = new Promise<string>((r) => (closed = r));
      try {
        if (!this.o.ami.username || !this.o.ami.secret) throw new Error('AMI_USERNAME and AMI_SECRET must be set to reach AMI');
        const client = await AmiClient.connect({
          host: this.o.ami.host, port: this.o.ami.port, username: this.o.ami.username, secret: this.o.ami.secret, timeoutMs: this.o.ami.timeoutMs,
          events: this.o.events ?? 'call,system',
          onEvent: (m) => this.event(m),
          onClose: (reason) => closed(reason),
        });
        this.client = client;
        this.loggedInAt = this.now();
        this.stats.connects++;
        delay = min;
        this.o.log({ event: 'ami-connected', ami: where, version: client.version });
        if (this.stopped) break;
        void this.resync(client, 'connected');
        const ping = setInterval(() => {
          client.action([['Action', 'Ping']]).catch((e: unknown) => {
            this.o.log({ event: 'ami-ping-failed', ami: where, error: (e as Error).message });
            client.close('no answer to Ping: the link is dead');
          });
        }, this.o.pingMs);
        const reason = await whenClosed;
        clearInterval(ping);
        this.client = null;
        this.stats.disconnects++;
        if (this.stopped) break;
        this.o.log({ event: 'ami-disconnected', ami: where, reason, retryInMs: delay });
      } catch (e) {
        this.client = null;
        if (this.stopped) break;
        this.o.log({ event: 'ami-connect-failed', ami: where, error: (e as Error).message, retryInMs: delay });
      }
      await new Promise<void>((r) => {
        const t = setTimeout(r, delay);
        this.wake = () => (clearTimeout(t), r());
      });
      this.wake = null;
      delay = Math.min(delay * 2, this.o.reconnectMaxMs);
    }
  }

  private event(m: AmiMessage): void {
    this.stats.events++;
    const now = this.now();
    if (m.event === 'FullyBooted' && this.client && now - this.loggedInAt > GREETING_MS) {
      this.o.log({ event: 'ami-asterisk-restarted' });
      void this.resync(this.client, 'Asterisk fully booted');
    }
    if (m.event === 'Shutdown') this.o.log({ event: 'ami-asterisk-shutdown', restart: m.get('Restart') ?? null });
    this.o.onEvent(m, now);
  }

  private async resync(client: AmiClient, why: string): Promise<void> {
    const askedAt = this.now();
    try {
      const list = await client.actionList([['Action', 'CoreShowChannels']]);
      this.stats.resyncs++;
      const channels = list.events.filter((e) => e.event === 'CoreShowChannel');
      this.o.log({ event: 'ami-resync', why, channels: channels.length });
      this.o.onResync(channels, this.now(), askedAt);
    } catch (e) {
      const hint = e instanceof AmiPermissionError ? ' (calls already up stay unseen until they end)' : '';
      this.o.log({ event: 'ami-resync-failed', why, error: `${(e as Error).message}${hint}` });
    }
  }
}

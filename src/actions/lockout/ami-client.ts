// A small Asterisk Manager Interface client: banner, Login, actions matched to
// their replies by ActionID, event lists, per-action timeouts, Logoff.
// Messages that belong to nobody (other clients' events, late replies) are ignored.
// The secret is sent once in Login and never appears in an error or a log.
import { connect as netConnect, type Socket } from 'node:net';
import { AmiMessage, AmiParser, bannerVersion, serializeAction, type AmiHeaders } from './ami-message.js';

export interface AmiConnectOptions {
  host: string;
  port: number;
  username: string;
  secret: string;
  /** For connecting, the banner, Login and each action. */
  timeoutMs: number;
  /** Send `Events: off` with Login (default): tollguard needs only replies to its own actions. */
  eventsOff?: boolean;
  /** ActionID of the Login (default: generated). */
  loginActionId?: string;
  /** The Login's `Events:` filter (e.g. "call,system"); overrides eventsOff. */
  events?: string;
  /** Messages no action of ours waits for: the events the `events` filter lets through. */
  onEvent?: (m: AmiMessage) => void;
  /** The connection closed (by either side), after every waiting action failed. */
  onClose?: (reason: string) => void;
}

export class AmiError extends Error {}
export class AmiConnectError extends AmiError {
  override readonly name = 'AmiConnectError';
}
export class AmiAuthError extends AmiError {
  override readonly name = 'AmiAuthError';
}
export class AmiTimeoutError extends AmiError {
  override readonly name = 'AmiTimeoutError';
}
export class AmiPermissionError extends AmiError {
  override readonly name = 'AmiPermissionError';
  constructor(
    readonly action: string,
    /** The manager.conf write class(es) the action needs, e.g. "system or call". */
    readonly needs: string,
    username: string,
  ) {
    super(`AMI user "${username}" may not run ${action}: Permission denied; give it write = ${needs} in manager.conf`);
  }
}

/** manager.conf write classes each action needs (Asterisk 22 source). */
const WRITE_CLASS: Record<string, string> = {
  dbput: 'system',
  dbdel: 'system',
  dbdeltree: 'system',
  dbget: 'system or reporting',
  hangup: 'system or call',
  command: 'command',
  coreshowchannels: 'system or reporting',
  originate: 'originate',
};

export function requiredWriteClass(action: string): string {
  return WRITE_CLASS[action.toLowerCase()] ?? 'the class this action requires';
}

export interface AmiListResult {
  response: AmiMessage;
  events: AmiMessage[];
  /** The `...Complete` event, or null when the action answered without a list (e.g. an error). */
  complete: AmiMessage | null;
}

interface Pending {
  action: string;
  list: boolean;
  response: AmiMessage | null;
  events: AmiMessage[];
  timer: NodeJS.Timeout;
  resolve(value: AmiMessage | AmiListResult): void;
  reject(error: Error): void;
}

let clientSerial = 0;

export class AmiClient {
  private readonly pending = new Map<string, Pending>();
  private nextId = 1;
  private closed = false;
  private readonly idPrefix = `tg${process.pid}-${++clientSerial}-`;

  private constructor(
    private readonly socket: Socket,
    readonly banner: string,
    /** The AMI protocol version from the banner: 11.0.0 on Asterisk 22. */
    readonly version: string,
    private readonly options: AmiConnectOptions,
  ) {
    socket.on('error', () => {}); // surfaced through 'close'
    socket.on('close', () => {
      this.failAll(new AmiConnectError(`AMI at ${this.address} closed the connection`));
      options.onClose?.(this.closeReason ?? 'closed by the peer');
    });
  }

  private closeReason: string | null = null;

  /** Where the client talks to, for messages: "127.0.0.1:5038". */
  get address(): string {
    return `${this.options.host}:${this.options.port}`;
  }

  static async connect(options: AmiConnectOptions): Promise<AmiClient> {
    const where = `${options.host}:${options.port}`;
    let sink: (m: AmiMessage) => void = () => {}; // nothing is expected before Login
    const { socket, banner } = await new Promise<{ socket: Socket; banner: string }>((resolve, reject) => {
      const socket = netConnect({ host: options.host, port: options.port });
      const fail = (message: string): void => {
        clearTimeout(timer);
        socket.destroy();
        reject(new AmiConnectError(message));
      };
      const timer = setTimeout(() => fail(`AMI at ${where}: no banner within ${options.timeoutMs} ms`), options.timeoutMs);
      const parser = new AmiParser(
        (m) => sink(m),
        (line) => {
          clearTimeout(timer);
          socket.off('error', onError).off('close', onClose);
          if (!bannerVersion(line)) {
            socket.destroy();
            reject(new AmiConnectError(`${where} is not an Asterisk Manager Interface: it greeted with ${JSON.stringify(line.slice(0, 60))}`));
          } else resolve({ socket, banner: line });
        },
      );
      const onError = (e: NodeJS.ErrnoException): void => fail(`cannot reach AMI at ${where}: ${e.code ?? e.message}`);
      const onClose = (): void => fail(`AMI at ${where} closed the connection before its banner`);
      socket.on('error', onError).on('close', onClose);
      socket.on('data', (chunk: Buffer) => {
        try {
          parser.push(chunk);
        } catch (e) {
          socket.destroy(e as Error);
        }
      });
    });
    const client = new AmiClient(socket, banner, bannerVersion(banner)!, options);
    sink = (m) => client.dispatch(m);
    await client.login();
    return client;
  }

  private async login(): Promise<void> {
    const { username, secret } = this.options;
    const headers: [string, string][] = [
      ['Action', 'Login'],
      ['Username', username],
      ['Secret', secret],
    ];
    if (this.options.events !== undefined) headers.push(['Events', this.options.events]);
    else if (this.options.eventsOff !== false) headers.push(['Events', 'off']);
    let reply: AmiMessage;
    try {
      reply = await this.action(headers, { actionId: this.options.loginActionId });
    } catch (e) {
      this.close();
      if (e instanceof AmiError) throw e;
      // A bad username or secret (control characters): say which, never what.
      throw new AmiAuthError(`AMI login for user "${printable(username)}" at ${this.address} not sent: ${(e as Error).message.replace(/AMI header Secret/, 'the AMI secret')}`);
    }
    if (reply.response !== 'Success') {
      this.close();
      throw new AmiAuthError(`AMI at ${this.address} refused login for user "${printable(username)}": ${reply.get('Message') ?? reply.response ?? 'no reason given'}`);
    }
  }

  /**
   * Sends one action and resolves with its Response message, Success or Error alike
   * (callers read `Message`), except `Permission denied`, which rejects with AmiPermissionError.
   */
  action(headers: AmiHeaders, opts: { actionId?: string; timeoutMs?: number } = {}): Promise<AmiMessage> {
    return this.send(headers, false, opts) as Promise<AmiMessage>;
  }

  /** Sends an action that answers with an event list and collects its events up to `EventList: Complete`. */
  actionList(headers: AmiHeaders, opts: { actionId?: string; timeoutMs?: number } = {}): Promise<AmiListResult> {
    return this.send(headers, true, opts) as Promise<AmiListResult>;
  }

  private send(headers: AmiHeaders, list: boolean, opts: { actionId?: string; timeoutMs?: number }): Promise<AmiMessage | AmiListResult> {
    const action = headers.find(([k]) => k.toLowerCase() === 'action')?.[1] ?? '?';
    return new Promise((resolve, reject) => {
      if (this.closed) return reject(new AmiConnectError(`AMI connection to ${this.address} is closed`));
      if (headers.some(([k]) => k.toLowerCase() === 'actionid')) return reject(new Error('pass the ActionID as the actionId option, not as a header'));
      const id = opts.actionId ?? `${this.idPrefix}${this.nextId++}`;
      if (this.pending.has(id)) return reject(new Error(`ActionID ${id} is already waiting for a reply`));
      const bytes = serializeAction([...headers, ['ActionID', id]]); // throws on control characters
      const ms = opts.timeoutMs ?? this.options.timeoutMs;
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new AmiTimeoutError(`AMI at ${this.address}: no ${list ? 'complete list' : 'reply'} to ${action} within ${ms} ms`));
      }, ms);
      this.pending.set(id, { action, list, response: null, events: [], timer, resolve, reject });
      this.socket.write(bytes);
    });
  }

  private dispatch(m: AmiMessage): void {
    const id = m.actionId;
    const p = id === undefined ? undefined : this.pending.get(id);
    if (!p || id === undefined) {
      // Not ours: an event (wanted when an Events filter was asked for) or a reply we gave up on.
      if (m.event !== undefined) this.options.onEvent?.(m);
      return;
    }
    if (m.response !== undefined && p.response === null) {
      if (m.response === 'Error' && m.get('Message') === 'Permission denied') {
        return this.settle(id, p, new AmiPermissionError(p.action, requiredWriteClass(p.action), printable(this.options.username)));
      }
      p.response = m;
      if (!p.list) return this.settle(id, p, m);
      if (m.get('EventList')?.toLowerCase() !== 'start') this.settle(id, p, { response: m, events: p.events, complete: null });
      return;
    }
    if (m.event !== undefined && p.list) {
      if (m.get('EventList')?.toLowerCase() === 'complete') {
        // A list event can arrive before its response only if Asterisk misbehaves; keep what we have.
        this.settle(id, p, { response: p.response ?? m, events: p.events, complete: m });
      } else p.events.push(m);
    }
  }

  private settle(id: string, p: Pending, result: AmiMessage | AmiListResult | Error): void {
    clearTimeout(p.timer);
    this.pending.delete(id);
    if (result instanceof Error) p.reject(result);
    else p.resolve(result);
  }

  private failAll(error: Error): void {
    this.closed = true;
    for (const [id, p] of this.pending) this.settle(id, p, error);
  }

  /** Logs off (expects `Response: Goodbye`) and closes the connection. */
  async logoff(opts: { actionId?: string } = {}): Promise<void> {
    if (this.closed) return;
    try {
      const reply = await this.action([['Action', 'Logoff']], opts);
      if (reply.response !== 'Goodbye') throw new AmiError(`AMI at ${this.address} answered Logoff with ${reply.response ?? '?'}`);
    } finally {
      this.close();
    }
  }

  /** Closes without logging off (after an error); `reason` goes to onClose. */
  close(reason?: string): void {
    this.closeReason ??= reason ?? 'closed by tollguard';
    this.closed = true;
    this.socket.end();
    setTimeout(() => this.socket.destroy(), 1000).unref();
  }
}

/** A username for messages: control characters shown as \xNN. */
function printable(s: string): string {
  return s.replace(/[\x00-\x1f\x7f"]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`).slice(0, 64);
}

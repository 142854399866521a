// A loopback AMI server that answers like the captured Asterisk 22.7 (see
// test/fixtures/asterisk-22.7/ami/): same banner, same replies byte for byte,
// list events that arrive late (after the client's next action, as DBGet's and
// Hangup's do in lockout.txt), Permission denied on chosen actions. Every message
// it receives is kept verbatim so tests can assert exactly what was sent.
import { createServer, type Server, type Socket } from 'node:net';
import { StringDecoder } from 'node:string_decoder';
import { AmiMessage, AmiParser } from '../../src/actions/lockout/ami-message.js';

/** A live channel: just its name, or the fields CoreShowChannel reports (Channel among them). */
export type PeerChannel = string | [string, string][];

export interface AmiPeerOptions {
  version?: string;
  username?: string;
  secret?: string;
  /** Sessions start logged in (the lockout/unlock captures have no Login). */
  preauthenticated?: boolean;
  /** AstDB contents, "family/key" -> value. */
  db?: Map<string, string>;
  channels?: PeerChannel[];
  /** Actions (case-insensitive) answered `Permission denied`. */
  denied?: string[];
  /** Actions never answered (for timeouts). */
  silent?: string[];
  /** List events wait for the client's next action, or at most this long (ms). */
  listDelayMs?: number;
  /** Sends an unrelated event before late list events, as a busy PBX does. */
  interleaveEvent?: boolean;
  /** Sessions that logged in with an Events filter other than "off" get these bytes right after the login reply (a capture's stream). */
  eventScript?: string;
  /** Pings go unanswered (a dead link). */
  deafToPing?: boolean;
}

const CRLF = '\r\n';

function msg(lines: [string, string][]): string {
  return lines.map(([k, v]) => `${k}: ${v}${CRLF}`).join('') + CRLF;
}

export class AmiPeer {
  /** Each message received, as the exact bytes that made it up (blank line included). */
  readonly received: string[] = [];
  readonly db: Map<string, string>;
  channels: PeerChannel[];
  /** Sessions logged in with call events, in login order (closed ones stay listed). */
  readonly eventSessions: Socket[] = [];
  /** Login messages received, in order (Events header included). */
  readonly logins: AmiMessage[] = [];
  pings = 0;
  private eventWaiters: (() => void)[] = [];
  deafToPing: boolean;
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();

  private constructor(private readonly options: AmiPeerOptions) {
    this.db = options.db ?? new Map();
    this.channels = options.channels ?? [];
    this.deafToPing = options.deafToPing ?? false;
    this.server = createServer((s) => this.session(s));
  }

  static async start(options: AmiPeerOptions = {}): Promise<AmiPeer> {
    const peer = new AmiPeer(options);
    await new Promise<void>((resolve) => peer.server.listen(0, '127.0.0.1', resolve));
    return peer;
  }

  get port(): number {
    return (this.server.address() as { port: number }).port;
  }

  /** Writes raw bytes to every open event session (a capture's stream, byte for byte). */
  sendEvents(bytes: string): void {
    for (const s of this.eventSessions) if (!s.destroyed) s.write(bytes);
  }

  /** Closes the open event sessions, as Asterisk does when it stops. */
  dropEventSessions(): void {
    for (const s of this.eventSessions) s.end();
  }

  /** Resolves when `n` event sessions have logged in in all. */
  async eventSession(n: number): Promise<void> {
    while (this.eventSessions.length < n) await new Promise<void>((r) => this.eventWaiters.push(r));
  }

  /** Everything received, concatenated. */
  get receivedBytes(): string {
    return this.received.join('');
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private session(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => {});
    let authed = this.options.preauthenticated ?? false;
    let late: string[] = [];
    let lateTimer: NodeJS.Timeout | null = null;
    const flushLate = (): void => {
      if (lateTimer) clearTimeout(lateTimer);
      lateTimer = null;
      if (late.length && this.options.interleaveEvent) {
        // Traffic that is not the client's: an event without ActionID and another client's reply.
        socket.write(msg([['Event', 'PeerStatus'], ['Privilege', 'system,all'], ['ChannelType', 'PJSIP'], ['Peer', 'PJSIP/2001'], ['PeerStatus', 'Reachable']]));
        socket.write(msg([['Event', 'DBGetComplete'], ['ActionID', 'someone-else-1'], ['EventList', 'Complete'], ['ListItems', '0']]));
      }
      for (const m of late) socket.write(m);
      late = [];
    };
    const later = (m: string): void => {
      late.push(m);
      lateTimer ??= setTimeout(flushLate, this.options.listDelayMs ?? 30);
    };
    // Raw bytes of the current message, for `received`.
    let raw = '';
    let pos = 0;
    const parser = new AmiParser(
      (m) => {
        this.received.push(raw.slice(0, pos));
        raw = raw.slice(pos);
        pos = 0;
        flushLate();
        const id = m.actionId;
        const reply = (lines: [string, string][]): void => {
          const withId: [string, string][] = [lines[0]!];
          if (id !== undefined) withId.push(['ActionID', id]);
          socket.write(msg([...withId, ...lines.slice(1)]));
        };
        const action = (m.get('Action') ?? '').toLowerCase();
        if (action === 'login') {
          if (m.get('Username') === (this.options.username ?? 'tollguard') && m.get('Secret') === (this.options.secret ?? 'amipass')) {
            authed = true;
            this.logins.push(m);
            reply([['Response', 'Success'], ['Message', 'Authentication accepted']]);
            const events = m.get('Events');
            if (events !== undefined && events.toLowerCase() !== 'off') {
              this.eventSessions.push(socket);
              if (this.options.eventScript) socket.write(this.options.eventScript);
              for (const w of this.eventWaiters.splice(0)) w();
            }
          } else {
            reply([['Response', 'Error'], ['Message', 'Authentication failed']]);
            socket.end(); // Asterisk drops the session after a failed login
          }
          return;
        }
        if (!authed) return reply([['Response', 'Error'], ['Message', 'Authentication Required']]);
        if (this.options.silent?.some((a) => a.toLowerCase() === action)) return;
        if (this.options.denied?.some((a) => a.toLowerCase() === action)) return reply([['Response', 'Error'], ['Message', 'Permission denied']]);
        this.answer(action, m, reply, (lines) => later(msg(lines)), socket);
      },
      () => {},
      { expectBanner: false },
    );
    const decoder = new StringDecoder('utf8');
    socket.on('data', (chunk: Buffer) => {
      const text = decoder.write(chunk);
      // Feed line by line so `raw` can be cut at each message boundary.
      for (const line of text.split(/(?<=\n)/)) {
        raw += line;
        pos = raw.length;
        parser.push(line);
      }
    });
    socket.write(`Asterisk Call Manager/${this.options.version ?? '11.0.0'}${CRLF}`);
  }

  private answer(action: string, m: AmiMessage, reply: (lines: [string, string][]) => void, later: (lines: [string, string][]) => void, socket: Socket): void {
    const id = m.actionId;
    const idLine: [string, string][] = id === undefined ? [] : [['ActionID', id]];
    const dbKey = `${m.get('Family') ?? ''}/${m.get('Key') ?? ''}`;
    switch (action) {
      case 'logoff':
        reply([['Response', 'Goodbye'], ['Message', 'Thanks for all the fish.']]);
        socket.end();
        return;
      case 'dbput':
        this.db.set(dbKey, m.get('Val') ?? '');
        return reply([['Response', 'Success'], ['Message', 'Updated database successfully']]);
      case 'dbdel':
        if (!this.db.delete(dbKey)) return reply([['Response', 'Error'], ['Message', 'Database entry could not be deleted']]);
        return reply([['Response', 'Success'], ['Message', 'Key deleted successfully']]);
      case 'dbget': {
        const val = this.db.get(dbKey);
        if (val === undefined) return reply([['Response', 'Error'], ['Message', 'Database entry not found']]);
        reply([['Response', 'Success'], ['EventList', 'start'], ['Message', 'Result will follow']]);
        later([['Event', 'DBGetResponse'], ['Family', m.get('Family')!], ['Key', m.get('Key')!], ['Val', val], ...idLine]);
        later([['Event', 'DBGetComplete'], ...idLine, ['EventList', 'Complete'], ['ListItems', '1']]);
        return;
      }
      case 'command': {
        const cmd = /^database show(?: (\S+))?$/.exec(m.get('Command') ?? '');
        if (!cmd) return reply([['Response', 'Error'], ['Message', 'Command not supported by the test peer']]);
        const prefix = cmd[1] ? `/${cmd[1].replace(/^\/|\/$/g, '')}` : '';
        const lines: [string, string][] = [['Response', 'Success'], ['Message', 'Command output follows']];
        let n = 0;
        for (const [k, v] of [...this.db].sort(([a], [b]) => (a < b ? -1 : 1))) {
          const key = `/${k}`;
          if (prefix && key !== prefix && !key.startsWith(`${prefix}/`)) continue;
          lines.push(['Output', `${key.padEnd(50)}: ${v.padEnd(25)}`]); // ast_cli "%-50s: %-25s"
          n++;
        }
        lines.push(['Output', `${n} results found.`]);
        return reply(lines);
      }
      case 'hangup': {
        const channel = m.get('Channel') ?? '';
        if (channel.length > 1 && channel.startsWith('/') && channel.endsWith('/')) {
          const re = new RegExp(channel.slice(1, -1));
          reply([['Response', 'Success'], ['EventList', 'start'], ['Message', 'Channels hung up will follow']]);
          const hit = this.channels.filter((c) => re.test(channelName(c)));
          this.channels = this.channels.filter((c) => !hit.includes(c));
          for (const c of hit) later([['Event', 'ChannelHungup'], ['Channel', channelName(c)], ...idLine]);
          later([['Event', 'ChannelsHungupListComplete'], ...idLine, ['EventList', 'Complete'], ['ListItems', String(hit.length)]]);
          return;
        }
        const i = this.channels.findIndex((c) => channelName(c) === channel);
        if (i === -1) return reply([['Response', 'Error'], ['Message', 'No such channel']]);
        this.channels.splice(i, 1);
        return reply([['Response', 'Success'], ['Message', 'Channel Hungup']]);
      }
      case 'coreshowchannels': {
        reply([['Response', 'Success'], ['EventList', 'start'], ['Message', 'Channels will follow']]);
        for (const c of this.channels) {
          const fields = typeof c === 'string' ? [['Channel', c] as [string, string]] : c;
          later([['Event', 'CoreShowChannel'], ...idLine, ...fields]);
        }
        later([['Event', 'CoreShowChannelsComplete'], ...idLine, ['EventList', 'Complete'], ['ListItems', String(this.channels.length)]]);
        return;
      }
      case 'ping':
        if (this.deafToPing) return;
        this.pings++;
        return reply([['Response', 'Success'], ['Ping', 'Pong'], ['Timestamp', '1795750243.123456']]);
      case 'originate':
        return reply([['Response', 'Success'], ['Message', 'Originate successfully queued']]);
      default:
        return reply([['Response', 'Error'], ['Message', 'Invalid/unknown command']]);
    }
  }
}

function channelName(c: PeerChannel): string {
  return typeof c === 'string' ? c : (c.find(([k]) => k === 'Channel')?.[1] ?? '');
}

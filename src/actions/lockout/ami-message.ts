// AMI wire format: `Name: Value` lines ending \r\n, a blank line ends a message.
// Asterisk splits a line at a bare \n too and starts a new action at an empty
// line, so a CR or LF inside a value would smuggle in a second action with the
// session's rights: every name and value is checked before anything is sent.
import { StringDecoder } from 'node:string_decoder';

export type AmiHeaders = readonly (readonly [string, string])[];

/** Asterisk reads at most 1024 bytes a line (with \r\n) and 128 headers a message. */
const MAX_LINE_BYTES = 1024;
const MAX_HEADERS = 128;
const HEADER_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
const CONTROL = /[\x00-\x1f\x7f]/;

export class AmiValueError extends Error {
  override readonly name = 'AmiValueError';
}

/** Throws AmiValueError when `value` holds a control character; never echoes the value. */
export function assertSafeValue(what: string, value: string): void {
  const m = CONTROL.exec(value);
  if (m) {
    const code = m[0].charCodeAt(0).toString(16).padStart(2, '0');
    throw new AmiValueError(`${what}: control character 0x${code} at position ${m.index} refused (CR, LF and other control characters could inject AMI actions)`);
  }
}

/** One action as bytes: headers in the given order, \r\n line ends, blank line. */
export function serializeAction(headers: AmiHeaders): string {
  if (headers.length === 0) throw new AmiValueError('AMI action has no headers');
  if (headers.length > MAX_HEADERS) throw new AmiValueError(`AMI action has ${headers.length} headers; Asterisk reads at most ${MAX_HEADERS}`);
  let out = '';
  for (const [name, value] of headers) {
    if (!HEADER_NAME.test(name)) throw new AmiValueError(`AMI header name ${JSON.stringify(name.slice(0, 64))} refused: letters, digits, _ and - only`);
    assertSafeValue(`AMI header ${name}`, value);
    const line = `${name}: ${value}\r\n`;
    if (Buffer.byteLength(line) > MAX_LINE_BYTES) throw new AmiValueError(`AMI header ${name}: line longer than ${MAX_LINE_BYTES} bytes; Asterisk would split it`);
    out += line;
  }
  return out + '\r\n';
}

/** A received message (response or event). Repeated names (Output) are all kept, in order. */
export class AmiMessage {
  constructor(readonly headers: AmiHeaders) {}

  /** First value of a header, name case-insensitive (Asterisk keeps the first of repeats). */
  get(name: string): string | undefined {
    const n = name.toLowerCase();
    for (const [k, v] of this.headers) if (k.toLowerCase() === n) return v;
    return undefined;
  }

  getAll(name: string): string[] {
    const n = name.toLowerCase();
    return this.headers.filter(([k]) => k.toLowerCase() === n).map(([, v]) => v);
  }

  get response(): string | undefined {
    return this.get('Response');
  }
  get event(): string | undefined {
    return this.get('Event');
  }
  get actionId(): string | undefined {
    return this.get('ActionID');
  }
}

/**
 * Incremental parser for what Asterisk sends: first the banner line
 * (`Asterisk Call Manager/11.0.0`, no blank line after it), then messages.
 * Accepts \r\n and bare \n line ends.
 */
export class AmiParser {
  private readonly decoder = new StringDecoder('utf8');
  private buffer = '';
  private lines: [string, string][] = [];
  private bannerSeen: boolean;
  private readonly maxBuffered: number;

  constructor(
    private readonly onMessage: (m: AmiMessage) => void,
    private readonly onBanner: (line: string) => void = () => {},
    options: { expectBanner?: boolean; maxBuffered?: number } = {},
  ) {
    this.bannerSeen = options.expectBanner === false;
    this.maxBuffered = options.maxBuffered ?? 1 << 20;
  }

  push(chunk: Buffer | string): void {
    this.buffer += typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    let start = 0;
    for (let nl = this.buffer.indexOf('\n', start); nl !== -1; nl = this.buffer.indexOf('\n', start)) {
      const end = nl > start && this.buffer.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      this.line(this.buffer.slice(start, end));
      start = nl + 1;
    }
    this.buffer = this.buffer.slice(start);
    if (this.buffer.length > this.maxBuffered) throw new Error(`AMI peer sent a line longer than ${this.maxBuffered} characters`);
  }

  private line(text: string): void {
    if (!this.bannerSeen) {
      this.bannerSeen = true;
      this.onBanner(text);
      return;
    }
    if (text === '') {
      if (this.lines.length) {
        const m = new AmiMessage(this.lines);
        this.lines = [];
        this.onMessage(m);
      }
      return;
    }
    const colon = text.indexOf(':');
    // A line without a colon (old `Response: Follows` command output) is kept under the name "".
    if (colon === -1) this.lines.push(['', text]);
    else this.lines.push([text.slice(0, colon), text.slice(colon + 1).replace(/^ +/, '')]);
  }
}

/** Splits `Asterisk Call Manager/11.0.0` into its version, or null when it is not an AMI banner. */
export function bannerVersion(line: string): string | null {
  const m = /^Asterisk Call Manager\/(\S+)$/.exec(line);
  return m ? m[1]! : null;
}

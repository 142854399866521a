// A real SMTP server on loopback (smtp-server) for mail tests: collects and
// parses what it receives, and can require a login, refuse it, or answer
// 4xx/5xx at MAIL FROM, RCPT TO or DATA a given number of times.
import { createServer } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';

export interface ReceivedMail {
  envelope: { from: string; to: string[] };
  raw: string;
  parsed: ParsedMail;
}

export interface Failure {
  code: number;
  message: string;
  /** How many times to fail before accepting (default: always). */
  times?: number;
}

export interface SmtpBehaviour {
  /** Require this login. */
  auth?: { user: string; pass: string };
  failMailFrom?: Failure;
  failRcpt?: Failure;
  failData?: Failure;
}

export interface TestSmtp {
  port: number;
  host: string;
  messages: ReceivedMail[];
  /** Every command stage that was answered with a failure, e.g. "DATA 451". */
  failures: string[];
  logins: { user: string; ok: boolean }[];
  behaviour: SmtpBehaviour;
  /** Resolves when `n` messages have arrived. */
  waitFor(n: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

function fail(f: Failure | undefined, stage: string, failures: string[]): Error | null {
  if (!f) return null;
  if (f.times !== undefined) {
    if (f.times <= 0) return null;
    f.times--;
  }
  failures.push(`${stage} ${f.code}`);
  const err = new Error(f.message) as Error & { responseCode: number };
  err.responseCode = f.code;
  return err;
}

export async function startSmtp(behaviour: SmtpBehaviour = {}): Promise<TestSmtp> {
  const messages: ReceivedMail[] = [];
  const failures: string[] = [];
  const logins: { user: string; ok: boolean }[] = [];
  const waiters: { n: number; resolve: (m: ReceivedMail[]) => void }[] = [];
  const server = new SMTPServer({
    secure: false,
    disabledCommands: behaviour.auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    authOptional: !behaviour.auth,
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, cb) {
      const ok = !!behaviour.auth && auth.username === behaviour.auth.user && auth.password === behaviour.auth.pass;
      logins.push({ user: auth.username ?? '', ok });
      if (!ok) {
        const err = new Error('Authentication credentials invalid') as Error & { responseCode: number };
        err.responseCode = 535;
        return cb(err);
      }
      cb(null, { user: auth.username });
    },
    onMailFrom(_address: SMTPServerAddress, _session, cb) {
      cb(fail(behaviour.failMailFrom, 'MAIL', failures));
    },
    onRcptTo(_address: SMTPServerAddress, _session, cb) {
      cb(fail(behaviour.failRcpt, 'RCPT', failures));
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const err = fail(behaviour.failData, 'DATA', failures);
        if (err) return cb(err);
        const raw = Buffer.concat(chunks).toString('utf8');
        simpleParser(raw).then(
          (parsed) => {
            const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
            messages.push({ envelope: { from, to: session.envelope.rcptTo.map((r) => r.address) }, raw, parsed });
            for (const w of [...waiters]) {
              if (messages.length >= w.n) {
                waiters.splice(waiters.indexOf(w), 1);
                w.resolve(messages.slice());
              }
            }
            cb();
          },
          (e: Error) => cb(e),
        );
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.server.address();
  if (!address || typeof address === 'string') throw new Error('smtp test server has no port');
  return {
    port: address.port,
    host: '127.0.0.1',
    messages,
    failures,
    logins,
    behaviour,
    waitFor(n) {
      if (messages.length >= n) return Promise.resolve(messages.slice());
      return new Promise((resolve) => waiters.push({ n, resolve }));
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A loopback port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', () => resolve()));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

// The live guard under a flood: a loopback AMI server writes synthetic call
// traffic (test/helpers/live-traffic.ts) at RATE events a second for SECONDS
// seconds, in 10 ms slices; the guard's AMI client parses it and feeds the
// engine, ticking every 5 s. Each slice ends with a UserEvent carrying the
// time it was written: lag = when the engine got it minus that. Prints JSON:
// events/s handled, lag (max, p99), heap and RSS sampled every 5 s.
// Usage: node --import tsx bench/child/live.ts [SECONDS] [RATE]
import { createServer, type Socket } from 'node:net';
import { AmiClient } from '../../src/actions/lockout/ami-client.js';
import { loadConfig } from '../../src/config/load.js';
import { LiveEngine } from '../../src/pipeline/live-engine.js';
import { createClock, createEnrichmentParts } from '../../src/pipeline/setup.js';
import { traffic } from '../../test/helpers/live-traffic.js';

const seconds = Number(process.argv[2] ?? 60);
const rate = Number(process.argv[3] ?? 10_000);
const config = loadConfig({ env: { PBX_TIMEZONE: 'UTC' } });
const clock = createClock(config);
const engine = new LiveEngine({ config, clock, parts: createEnrichmentParts(config) });

// ~9 events per call: calls a second for RATE events a second.
const gen = traffic({ start: Date.now(), seconds: seconds + 1, callsPerSecond: rate / 9, extensions: 500, maxCallSeconds: 90, international: 0.3 });
const wire = (m: { headers: readonly (readonly [string, string])[] }) => m.headers.map(([k, v]) => `${k}: ${v}\r\n`).join('') + '\r\n';

const server = createServer((socket: Socket) => {
  socket.write('Asterisk Call Manager/11.0.0\r\n');
  let buf = '';
  socket.on('data', (d) => {
    buf += d.toString();
    let end;
    while ((end = buf.indexOf('\r\n\r\n')) >= 0) {
      const msg = buf.slice(0, end);
      buf = buf.slice(end + 4);
      const id = /ActionID: (.*)/.exec(msg)?.[1] ?? '';
      if (/Action: Login/.test(msg)) {
        socket.write(`Response: Success\r\nActionID: ${id}\r\nMessage: Authentication accepted\r\n\r\n`);
        void pump(socket);
      } else if (/Action: Logoff/.test(msg)) socket.end(`Response: Goodbye\r\nActionID: ${id}\r\nMessage: Thanks for all the fish.\r\n\r\n`);
    }
  });
  socket.on('error', () => {});
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const port = (server.address() as { port: number }).port;

let sent = 0;
let done!: () => void;
const finished = new Promise<void>((r) => (done = r));
async function pump(socket: Socket): Promise<void> {
  const perSlice = Math.round(rate / 100);
  const t0 = performance.now();
  let slice = 0;
  const total = seconds * rate;
  // The generator's ~9 events a call is an estimate: stop when it runs dry, or this never ends.
  let dry = false;
  while (sent < total && !dry) {
    let out = '';
    for (let i = 0; i < perSlice; i++) {
      const next = gen.next();
      if (next.done) {
        dry = true;
        break;
      }
      out += wire(next.value.m);
      sent++;
    }
    out += `Event: UserEvent\r\nUserEvent: bench\r\nSent: ${performance.now()}\r\n\r\n`;
    if (!socket.write(out)) await new Promise((r) => socket.once('drain', r));
    slice++;
    const wait = t0 + slice * 10 - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  socket.write(`Event: UserEvent\r\nUserEvent: bench-end\r\nSent: ${performance.now()}\r\n\r\n`);
}

const lags: number[] = [];
let handled = 0;
const samples: { t: number; heapMb: number; rssMb: number; calls: number; extensions: number }[] = [];
const t0 = performance.now();
let lastTick = Date.now();
const client = await AmiClient.connect({
  host: '127.0.0.1', port, username: 'bench', secret: 'bench', timeoutMs: 5000, events: 'call',
  onEvent: (m) => {
    if (m.event === 'UserEvent') {
      lags.push(performance.now() - Number(m.get('Sent')));
      if (m.get('UserEvent') === 'bench-end') done();
      return;
    }
    handled++;
    const now = Date.now();
    engine.feed(m, now);
    if (now - lastTick >= 5000) {
      engine.tick(now);
      lastTick = now;
    }
  },
});
const sampler = setInterval(() => {
  const mem = process.memoryUsage();
  samples.push({ t: Math.round((performance.now() - t0) / 1000), heapMb: mem.heapUsed / 2 ** 20, rssMb: mem.rss / 2 ** 20, calls: engine.tracker.size.calls, extensions: engine.state.size.extensions });
}, 5000);
await finished;
const wall = (performance.now() - t0) / 1000;
clearInterval(sampler);
await client.logoff().catch(() => client.close());
server.close();
lags.sort((a, b) => a - b);
const heap = samples.map((s) => s.heapMb);
process.stdout.write(
  `${JSON.stringify({
    seconds, rate, events: handled, wallSeconds: wall, eventsPerSecond: handled / wall,
    lagMaxMs: lags.at(-1) ?? 0, lagP99Ms: lags[Math.floor(lags.length * 0.99)] ?? 0,
    heapFirstMb: heap[0] ?? 0, heapLastMb: heap.at(-1) ?? 0, heapPeakMb: Math.max(0, ...heap), rssPeakMb: Math.max(0, ...samples.map((s) => s.rssMb)),
    peakCalls: Math.max(0, ...samples.map((s) => s.calls)), overflow: engine.tracker.overflow,
  })}\n`,
);
process.exit(0);

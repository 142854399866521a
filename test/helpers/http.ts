// A real HTTP server on loopback for webhook tests: records every request and
// answers with the statuses it is told to, in order (then 200).
import { createServer, type IncomingHttpHeaders } from 'node:http';

export interface ReceivedPost {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface TestHttp {
  port: number;
  /** Base URL, e.g. http://127.0.0.1:40123 */
  base: string;
  requests: ReceivedPost[];
  /** Statuses for the next requests, first first; once used up, 200. */
  statuses: number[];
  /** Extra headers for every answer, e.g. a Location for redirects. */
  headers: Record<string, string>;
  close(): Promise<void>;
}

export async function startHttp(): Promise<TestHttp> {
  const state = { requests: [] as ReceivedPost[], statuses: [] as number[], headers: {} as Record<string, string> };
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      state.requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      res.writeHead(state.statuses.shift() ?? 200, { 'content-type': 'text/plain', ...state.headers });
      // Some endpoints echo what they got: the poster must not copy this into an error.
      res.end(`echo ${req.url}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    base: `http://127.0.0.1:${port}`,
    get requests() {
      return state.requests;
    },
    get statuses() {
      return state.statuses;
    },
    set statuses(v: number[]) {
      state.statuses = v;
    },
    get headers() {
      return state.headers;
    },
    set headers(v: Record<string, string>) {
      state.headers = v;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// Screenshots of what an admin reads: the demo's HTML report (the nightly
// mail's body) and the critical alert mail, at desktop and phone widths, in
// headless Chromium (Debian package `chromium`). Writes docs/screenshots/*.png
// and prints the sizes and page heights; fails when a page scrolls sideways
// on a phone or the report mail's HTML is over 100 KB.
//
//   node --import tsx docs/screenshots.ts [--out DIR] [--chromium PATH] [--keep] [--review]
//   node --import tsx docs/screenshots.ts --measure FILE.html ...
//
// --measure only prints the size and height of HTML files at both widths (to
// compare a report before and after a change).
// --review also writes every page whole, screen by screen (review-*.png), for a look
// before committing; --keep leaves the HTML files in the temporary folder.
//
// Chromium's command line cannot make a window narrower than 500px, so the
// page is driven over the DevTools protocol (--remote-debugging-pipe): the
// phone is emulated at 390x844 CSS pixels, as an iPhone 12-15 shows a mail.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { composeAlert, composeReportMail } from '../src/actions/email/compose.js';
import { alertFigures } from '../src/actions/email/alerts.js';
import { groupIncidents } from '../src/actions/report/incidents.js';
import { renderHtml } from '../src/actions/report/html.js';
import { buildDemo } from '../src/cli/commands/demo.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { out: { type: 'string', default: 'docs/screenshots' }, chromium: { type: 'string', default: '/usr/bin/chromium' }, keep: { type: 'boolean' }, review: { type: 'boolean' }, measure: { type: 'boolean' } },
});
const OUT = resolve(values.out!);
/** The demo's attacks end on 2026-11-25; the report is written the next morning. */
const NOW = new Date('2026-11-26T12:15:00Z');
const MAIL_LIMIT = 100_000;

interface Shot {
  name: string;
  width: number;
  height: number;
  /** Capture the screen that starts this far down the page (CSS px). */
  top?: number;
  mobile: boolean;
}
const DESKTOP = { width: 1280, height: 1000, mobile: false };
const PHONE = { width: 390, height: 844, mobile: true };

async function main(): Promise<number> {
  if (!existsSync(values.chromium!)) {
    process.stderr.write(`screenshots: ${values.chromium} not found; install it (apt-get install -y chromium) or pass --chromium PATH\n`);
    return 2;
  }
  const work = mkdtempSync(join(tmpdir(), 'tollguard-shots-'));
  if (values.measure) return measureFiles(positionals, work);
  mkdirSync(OUT, { recursive: true });
  const { report } = await buildDemo(work, { endDay: '2026-11-25', days: 35, extensions: 25, seed: 7, now: NOW });
  // The paths as `tollguard demo` writes them by default, not this run's temporary folder: the pictures stay the same run after run.
  report.source = report.source.replace(work, 'tollguard-demo');
  report.summary.quarantineFile = report.summary.quarantineFile?.replace(work, 'tollguard-demo') ?? null;
  const email = { from: 'tollguard@pbx.example.com', to: ['pbx-admin@example.com'], criticalTo: [], subjectMax: 160, allClear: true };
  const mail = composeReportMail(report, email);
  const critical = groupIncidents(report).filter((n) => n.severity === 'critical');
  const alert = composeAlert(
    critical.map((incident) => ({ incident, previous: null, figures: alertFigures(report.findings[incident.findings[0]!]!, report) })),
    report,
    email,
  );
  const pages = { report: renderHtml(report), 'report-mail': mail.html, alert: alert.html };
  for (const [name, html] of Object.entries(pages)) writeFileSync(join(work, `${name}.html`), html);

  const problems: string[] = [];
  const mailBytes = Buffer.byteLength(mail.html);
  if (mailBytes > MAIL_LIMIT) problems.push(`the report mail's HTML is ${mailBytes} bytes, over ${MAIL_LIMIT}`);
  process.stdout.write(`report mail subject: ${mail.subject}\nalert subject:       ${alert.subject}\n`);
  process.stdout.write(`bytes: report.html ${Buffer.byteLength(pages.report)}, report mail HTML ${mailBytes}, alert HTML ${Buffer.byteLength(alert.html)}\n`);

  const browser = await Browser.launch(values.chromium!, join(work, 'profile'));
  try {
    const shots: (Shot & { page: keyof typeof pages })[] = [
      { page: 'report', name: 'report-desktop', ...DESKTOP },
      { page: 'report', name: 'report-phone', ...PHONE },
      { page: 'alert', name: 'alert-desktop', ...DESKTOP },
      { page: 'alert', name: 'alert-phone', ...PHONE },
    ];
    for (const shot of shots) {
      const m = await browser.shoot(`file://${join(work, `${shot.page}.html`)}`, shot, join(OUT, `${shot.name}.png`));
      process.stdout.write(`${shot.name}.png: page ${m.width}x${m.height} CSS px at ${shot.width} wide\n`);
      if (m.width > shot.width) problems.push(`${shot.page} scrolls sideways at ${shot.width}px: ${m.width}px wide (${m.widest})`);
      if (values.review) {
        for (let y = 0, i = 1; y < m.height; y += shot.height, i++) {
          await browser.shoot(`file://${join(work, `${shot.page}.html`)}`, { ...shot, top: y }, join(OUT, `review-${shot.name}-${i}.png`));
        }
      }
    }
    // The mail as sent, measured too (not committed as a picture: it is the report with fewer charts when big).
    for (const view of [DESKTOP, PHONE]) {
      const m = await browser.measure(`file://${join(work, 'report-mail.html')}`, view);
      process.stdout.write(`report mail: page ${m.width}x${m.height} CSS px at ${view.width} wide\n`);
      if (m.width > view.width) problems.push(`the report mail scrolls sideways at ${view.width}px (${m.widest})`);
    }
  } finally {
    await browser.close();
    if (values.keep) process.stdout.write(`pages kept in ${work}\n`);
    else rmSync(work, { recursive: true, force: true });
  }
  for (const p of problems) process.stderr.write(`screenshots: ${p}\n`);
  return problems.length ? 1 : 0;
}

async function measureFiles(files: string[], work: string): Promise<number> {
  const browser = await Browser.launch(values.chromium!, join(work, 'profile'));
  try {
    for (const file of files) {
      const bytes = Buffer.byteLength(readFileSync(file));
      for (const view of [DESKTOP, PHONE]) {
        const m = await browser.measure(`file://${resolve(file)}`, view);
        process.stdout.write(`${file}: ${bytes} bytes; page ${m.width}x${m.height} CSS px at ${view.width} wide${m.width > view.width ? ` (scrolls sideways: ${m.widest})` : ''}\n`);
      }
    }
  } finally {
    await browser.close();
    rmSync(work, { recursive: true, force: true });
  }
  return 0;
}

/** A headless Chromium driven over --remote-debugging-pipe (fd 3 in, fd 4 out, NUL-separated JSON). */
class Browser {
  private nextId = 1;
  private buffer = '';
  private readonly waiting = new Map<number, { resolve: (v: Record<string, unknown>) => void; reject: (e: Error) => void }>();
  private readonly listeners: ((m: { method?: string; sessionId?: string; params?: Record<string, unknown> }) => void)[] = [];

  private constructor(private readonly child: ChildProcess) {
    const out = child.stdio[4] as NodeJS.ReadableStream;
    out.setEncoding('utf8');
    out.on('data', (chunk: string) => {
      this.buffer += chunk;
      let end: number;
      while ((end = this.buffer.indexOf('\0')) >= 0) {
        const message = JSON.parse(this.buffer.slice(0, end));
        this.buffer = this.buffer.slice(end + 1);
        const w = message.id !== undefined ? this.waiting.get(message.id) : undefined;
        if (w) {
          this.waiting.delete(message.id);
          if (message.error) w.reject(new Error(`${message.error.message} (${message.error.code})`));
          else w.resolve(message.result);
        } else for (const l of this.listeners) l(message);
      }
    });
  }

  static async launch(path: string, profile: string): Promise<Browser> {
    const child = spawn(
      path,
      [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--hide-scrollbars', `--user-data-dir=${profile}`, '--remote-debugging-pipe', 'about:blank',
      ],
      { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] },
    );
    return new Browser(child);
  }

  send(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<Record<string, unknown>> {
    const id = this.nextId++;
    const input = this.child.stdio[3] as NodeJS.WritableStream;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      input.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    });
  }

  private event(method: string, sessionId: string): Promise<void> {
    return new Promise((resolve) => {
      const l = (m: { method?: string; sessionId?: string }) => {
        if (m.method === method && m.sessionId === sessionId) {
          this.listeners.splice(this.listeners.indexOf(l), 1);
          resolve();
        }
      };
      this.listeners.push(l);
    });
  }

  /** Opens `url` in a fresh tab at this viewport; returns the session and the page's size. */
  private async open(url: string, view: { width: number; height: number; mobile: boolean }) {
    const { targetId } = (await this.send('Target.createTarget', { url: 'about:blank' })) as { targetId: string };
    const { sessionId } = (await this.send('Target.attachToTarget', { targetId, flatten: true })) as { sessionId: string };
    await this.send('Page.enable', {}, sessionId);
    await this.send('Emulation.setDeviceMetricsOverride', { width: view.width, height: view.height, deviceScaleFactor: view.mobile ? 2 : 1, mobile: view.mobile }, sessionId);
    const loaded = this.event('Page.loadEventFired', sessionId);
    await this.send('Page.navigate', { url }, sessionId);
    await loaded;
    const probe = `(() => { const d = document.documentElement; let widest = '';
      for (const e of document.querySelectorAll('body *')) { const r = e.getBoundingClientRect(); if (r.right > innerWidth + 0.5) { widest = e.tagName + ': ' + (e.textContent || '').trim().slice(0, 60); break; } }
      return JSON.stringify({ width: d.scrollWidth, height: d.scrollHeight, widest }); })()`;
    const { result } = (await this.send('Runtime.evaluate', { expression: probe, returnByValue: true }, sessionId)) as { result: { value: string } };
    return { targetId, sessionId, size: JSON.parse(result.value) as { width: number; height: number; widest: string } };
  }

  async measure(url: string, view: { width: number; height: number; mobile: boolean }) {
    const { targetId, size } = await this.open(url, view);
    await this.send('Target.closeTarget', { targetId });
    return size;
  }

  async shoot(url: string, shot: Shot, file: string) {
    const { targetId, sessionId, size } = await this.open(url, shot);
    const top = shot.top ?? 0;
    const height = Math.min(shot.height, size.height - top);
    const { data } = (await this.send(
      'Page.captureScreenshot',
      { format: 'png', captureBeyondViewport: top > 0, clip: { x: 0, y: top, width: shot.width, height, scale: 1 } },
      sessionId,
    )) as { data: string };
    writeFileSync(file, Buffer.from(data, 'base64'));
    await this.send('Target.closeTarget', { targetId });
    return size;
  }

  async close(): Promise<void> {
    await this.send('Browser.close').catch(() => undefined);
    if (this.child.exitCode === null) await new Promise((r) => this.child.once('exit', r));
  }
}

process.exitCode = await main();

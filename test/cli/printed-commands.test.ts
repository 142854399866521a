// Every command tollguard prints runs as printed. The commands are taken from real
// output (the demo's reports and stdout, the report and alert mails, the webhook,
// the steps for awkward extension names) and pasted into a shell whose PATH runs
// this tollguard against a scratch state store and an AMI port nobody listens on:
// none may be a usage error, and a lock names exactly the extension it was printed for.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { composeAlert, composeReportMail } from '../../src/actions/email/compose.js';
import { lockCommand } from '../../src/actions/report/next-steps.js';
import { incidentPayload } from '../../src/actions/webhook/payload.js';
import { emailSchema } from '../../src/config/email.js';
import { alertsOf, makeProfile, makeReport, visibleText } from '../helpers/report.js';
import { runCli } from '../helpers/cli.js';

const COMMANDS = 'report|run|daemon|replay|status|demo|history|lockout|audit|dialplan|db|email|config';
/** A command in running text: optional VAR=value assignments, [npx] tollguard COMMAND, its arguments to the end of the line. */
const COMMAND_LINE = new RegExp(`((?:[A-Z_]+=\\S*\\s+)*(?:npx )?tollguard (?:${COMMANDS})(?![:\\w-])[^\\n\`]*)`, 'g');

/** Commands in text; a trailing full stop or comma outside quotes is the sentence's. */
export function commandsIn(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(COMMAND_LINE)) {
    let c = m[1]!.trim();
    if ((c.match(/'/g)?.length ?? 0) % 2 === 0) c = c.replace(/[.,;)]+$/, '');
    out.push(c);
  }
  return out;
}

/** What a reader of an HTML page copies: each monospace block (a command) on its own, and the prose with its blocks on lines of their own. */
export function htmlCommands(doc: string): string[] {
  const out: string[] = [];
  doc = doc.replace(/<head>[\s\S]*?<\/head>/, '');
  const open = /<span style="[^"]*monospace[^"]*">/g;
  let rest = doc;
  for (let m = open.exec(doc); m; m = open.exec(doc)) {
    let depth = 1;
    let i = m.index + m[0].length;
    const tag = /<(\/?)span\b[^>]*>/g;
    tag.lastIndex = i;
    for (let t = tag.exec(doc); t; t = tag.exec(doc)) {
      depth += t[1] ? -1 : 1;
      if (depth === 0) {
        out.push(...commandsIn(visibleText(doc.slice(i, t.index)).replace(/\s+/g, ' ')));
        rest = rest.replace(doc.slice(m.index, t.index), '');
        break;
      }
    }
    i = 0;
  }
  out.push(...commandsIn(visibleText(rest.replace(/<\/(p|div|td|tr|li|h\d)>|<br\s*\/?>/g, '\n'))));
  return out;
}

let dir: string;
let amiPort: number;
const TSX = import.meta.resolve('tsx');
const ENTRY = fileURLToPath(new URL('../helpers/cli-entry.ts', import.meta.url));

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tollguard-printed-'));
  // A port that was free a moment ago: AMI is refused there, so a lock is left pending (exit 4), never a usage error.
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  amiPort = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  // `tollguard` and `npx tollguard` run this checkout's CLI.
  writeFileSync(join(dir, 'tollguard'), `#!/bin/sh\nexec "${process.execPath}" --import "${TSX}" "${ENTRY}" "$@"\n`);
  writeFileSync(join(dir, 'npx'), `#!/bin/sh\n[ "$1" = tollguard ] && shift\nexec "${join(dir, 'tollguard')}" "$@"\n`);
  chmodSync(join(dir, 'tollguard'), 0o755);
  chmodSync(join(dir, 'npx'), 0o755);
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** Pastes `command` into sh. */
function paste(command: string, env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('sh', ['-c', command], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 120_000,
    env: {
      PATH: `${dir}:${process.env.PATH}`,
      HOME: dir,
      PBX_TIMEZONE: 'UTC',
      TOLLGUARD_STATE: join(dir, 'state.db'),
      CDR_CSV: join(dir, 'none.csv'),
      AMI_HOST: '127.0.0.1',
      AMI_PORT: String(amiPort),
      AMI_USERNAME: 'tollguard',
      AMI_SECRET: 'x',
      AMI_TIMEOUT_MS: '1000',
      ...env,
    },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs each command as pasted; a lock must name `extensions[i]` when given. */
function assertRunsAsPrinted(commands: readonly string[], extensions: readonly (string | undefined)[] = []): void {
  assert.ok(commands.length > 0);
  commands.forEach((c, i) => {
    const r = paste(c);
    assert.notEqual(r.status, 2, `usage error for: ${c}\n${r.stderr}`);
    assert.ok(r.status !== null, `killed: ${c}`);
    assert.doesNotMatch(r.stderr, /unknown option|Unknown option|required|unexpected argument|Usage:/i, c);
    const ext = extensions[i];
    if (ext !== undefined) assert.ok(r.stdout.startsWith(`${ext}: pending:`), `${c}\n-> ${r.stdout}${r.stderr}`);
  });
}

test('the demo: its reports (text, HTML, JSON) and the "run it yourself" line', async () => {
  const out = join(dir, 'demo');
  const demo = await runCli(['demo', '--dir', out], { env: { HOME: dir } });
  assert.equal(demo.status, 0, demo.stderr);
  const fromStdout = commandsIn(demo.stdout);
  assert.equal(fromStdout.length, 1);
  const text = readFileSync(join(out, 'report.txt'), 'utf8');
  const html = htmlCommands(readFileSync(join(out, 'report.html'), 'utf8'));
  const json = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as { incidents: { extension: string }[] };
  const locks = commandsIn(text).filter((c) => c.startsWith('tollguard lockout add'));
  assert.deepEqual(html.filter((c) => c.startsWith('tollguard lockout add')), locks, 'the HTML prints the same commands');
  const lockable = json.incidents.map((n) => n.extension).filter((e) => locks.some((c) => c.includes(` ${e} `)));
  assert.ok(lockable.length >= 3);
  assertRunsAsPrinted(
    locks.filter((c) => lockable.some((e) => c.startsWith(`tollguard lockout add ${e} `))),
    lockable,
  );
  const others = [...new Set([...fromStdout, ...html, ...commandsIn(text)].filter((c) => !c.startsWith('tollguard lockout add')))];
  assertRunsAsPrinted(others);
});

test('the report mail, the alert mail and the webhook', () => {
  const r = makeReport();
  const email = emailSchema.parse({ from: 'tollguard@pbx.example', to: ['admin@example.com'] });
  const mail = composeReportMail(r, email);
  const alert = composeAlert(alertsOf(r), r, email);
  const hook = incidentPayload(alertsOf(r)[0]!, r);
  const printed = [...[mail.text, alert.text, hook.text, ...(hook.tollguard.actions as { commands: string[] }[]).flatMap((a) => a.commands)].flatMap(commandsIn), ...htmlCommands(mail.html), ...htmlCommands(alert.html)];
  const unique = [...new Set(printed)];
  assert.ok(unique.some((c) => c.startsWith('tollguard lockout add 201 ')), unique.join('\n'));
  assertRunsAsPrinted(unique, unique.map((c) => (c.startsWith('tollguard lockout add 201 ') ? '201' : undefined)));
});

test('lock commands for awkward extension names lock exactly that name', () => {
  const names = ['1001-fax', 'sales+1', 'bob@branch', 'Zoë'];
  const commands = names.map((n) => lockCommand(n, "suspected toll fraud on 2026-11-25 (it's 'bad')"));
  assert.ok(commands.every((c) => c !== null));
  assertRunsAsPrinted(commands as string[], names);
});

test("a mail too big for every incident in full: the command for the HTML report writes the mail's window to a file", () => {
  // The Asterisk 22.7 capture's calls are on 2026-11-26: the report the command asks for has CDRs.
  const day = '2026-11-26';
  const r = makeReport();
  r.window = { ...r.window, from: day, to: day };
  for (let i = 0; i < 80; i++) {
    const ext = String(3000 + i);
    const examples = Array.from({ length: 5 }, (_, k) => ({ time: `${day} 03:${String(k).padStart(2, '0')}:00`, dialled: `00882161234${i}${k}`, e164: `+882161234${i}${k}`, label: 'International Networks (+882)', disposition: 'ANSWERED', billsec: 300, cost: 12, clid: `"Caller ${i}" <${ext}>`, origin: `Master.csv:${i * 5 + k}` }));
    r.profiles.push(makeProfile(ext, day, { outboundCalls: 30, internationalCalls: 30, highRiskCalls: 30, estimatedCost: 300 + i, examples }));
    r.findings.push({ extension: ext, day, severity: 'critical', rule: 'high-risk-destination', title: 'Calls to high-risk destinations', explanation: `30 calls to International Networks (+882) from ${ext}.`, estimatedCost: 300 + i, currency: 'EUR', evidence: {}, fingerprint: `high-risk-destination:${ext}:${day}` });
  }
  const email = emailSchema.parse({ from: 'tollguard@pbx.example', to: ['admin@example.com'] });
  const mail = composeReportMail(r, email);
  assert.match(visibleText(mail.html), /more incidents/, 'the mail leaves incidents out');
  const command = `tollguard report --from ${day} --to ${day} --format html --out report-${day}.html`;
  const printed = htmlCommands(mail.html).filter((c) => c.startsWith('tollguard report'));
  assert.ok(printed.length > 0 && printed.every((c) => c === command), printed.join('\n'));
  const run = paste(command, { CDR_CSV: fileURLToPath(new URL('../fixtures/asterisk-22.7/Master.csv', import.meta.url)) });
  assert.notEqual(run.status, 2, run.stderr);
  assert.equal(run.stdout, '', 'nothing on the terminal: the HTML goes to the file');
  const file = join(dir, `report-${day}.html`);
  assert.ok(existsSync(file), `${command}\n${run.stderr}`);
  assert.match(readFileSync(file, 'utf8'), new RegExp(`<html[\\s\\S]*${day}`));
});

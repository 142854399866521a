// tollguard's command line: finds the command, runs it, maps errors to exit statuses.
import { ConfigError } from '../config/config-error.js';
import { InputError } from '../sources/cdr.js';
import type { CommandEntry } from './command.js';
import { COMMANDS } from './commands/index.js';
import { EXIT, UsageError } from './exit.js';
import { terminalText } from '../actions/report/escape.js';

export function helpText(): string {
  const width = Math.max(...COMMANDS.map((c) => c.words.join(' ').length));
  return [
    'tollguard: toll-fraud detection for Asterisk PBXs',
    '',
    'Usage: tollguard <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.words.join(' ').padEnd(width)}  ${c.summary}`),
    '',
    'Run "tollguard <command> --help" for a command\'s options.',
    'Exit status: 0 done, 1 findings at or above --fail-on, 2 bad usage or configuration, 3 input could not be read, 4 an action failed.',
  ].join('\n');
}

/** `lockout`, `db`, `email`, `config`: words only subcommands run under. */
function groupCommands(word: string | undefined): CommandEntry[] {
  return COMMANDS.filter((c) => c.words.length > 1 && c.words[0] === word);
}

/** What `tollguard lockout --help` (or `tollguard lockout` alone) prints: each subcommand and its one line. */
export function groupHelpText(group: string, commands: CommandEntry[]): string {
  const width = Math.max(...commands.map((c) => c.words.join(' ').length));
  return [
    `Usage: tollguard ${group} <subcommand> [options]`,
    '',
    'Subcommands:',
    ...commands.map((c) => `  ${c.words.join(' ').padEnd(width)}  ${c.summary}`),
    '',
    `Run "tollguard ${group} <subcommand> --help" for a subcommand's options.`,
  ].join('\n');
}

const HELP = new Set(['--help', '-h', 'help']);

function findCommand(argv: string[]): { command: CommandEntry; rest: string[] } | null {
  let best: { command: CommandEntry; rest: string[] } | null = null;
  for (const command of COMMANDS) {
    const n = command.words.length;
    if (command.words.every((w, i) => argv[i] === w) && (!best || n > best.command.words.length)) best = { command, rest: argv.slice(n) };
  }
  return best;
}

export async function main(argv: string[]): Promise<number> {
  quietOnClosedPipe();
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    process.stdout.write(`${helpText()}\n`);
    return argv.length === 0 ? EXIT.usage : EXIT.ok;
  }
  if (argv[0] === '--version') {
    const { packageVersion } = await import('../reference/package-root.js');
    process.stdout.write(`${packageVersion()}\n`);
    return EXIT.ok;
  }
  const found = findCommand(argv);
  const group = found ? [] : groupCommands(argv[0]);
  if (group.length > 0) {
    const list = groupHelpText(argv[0]!, group);
    if (argv.length === 2 && HELP.has(argv[1]!)) {
      process.stdout.write(`${list}\n`);
      return EXIT.ok;
    }
    const what = argv.length === 1 ? `"${argv[0]}" needs a subcommand` : `unknown command "${terminalText(argv.join(' '))}"`;
    process.stderr.write(`tollguard: ${what}\n\n${list}\n`);
    return EXIT.usage;
  }
  if (!found) {
    process.stderr.write(`tollguard: unknown command "${terminalText(argv.join(' '))}"\n\n${helpText()}\n`);
    return EXIT.usage;
  }
  try {
    const command = await found.command.load();
    if (found.rest.includes('--help') || found.rest.includes('-h')) {
      process.stdout.write(`${command.usage}\n`);
      return EXIT.ok;
    }
    return await command.run(found.rest);
  } catch (e) {
    return reportError(e);
  }
}

function reportError(e: unknown): number {
  const err = e as Error;
  if (err instanceof UsageError) {
    process.stderr.write(`tollguard: ${terminalText(err.message)}\n`);
    return EXIT.usage;
  }
  if (err instanceof ConfigError) {
    process.stderr.write(`tollguard: ${terminalText(err.message)}\n`);
    return EXIT.usage;
  }
  if (err instanceof InputError) {
    process.stderr.write(`tollguard: cannot read input: ${terminalText(err.message)}\n`);
    return EXIT.input;
  }
  // A rate deck or high-risk list named by the configuration (checked by name: the module is not loaded here).
  if (err?.name === 'ReferenceFileError') {
    process.stderr.write(`tollguard: bad reference file: ${terminalText(err.message)}\n`);
    return EXIT.usage;
  }
  // The stack only helps a developer; TOLLGUARD_DEBUG=1 shows it.
  process.stderr.write(`tollguard: ${terminalText(process.env.TOLLGUARD_DEBUG ? (err?.stack ?? String(e)) : (err?.message ?? String(e)))}\n`);
  return EXIT.failure;
}

/** `tollguard report | head` closes the pipe early: that is the reader's choice, not an error. */
function quietOnClosedPipe(): void {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

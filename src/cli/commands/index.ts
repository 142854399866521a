// Every command, in the order --help lists them. A command's module is loaded
// only when it runs, so `tollguard --help` and each command start fast.
import type { CommandEntry } from '../command.js';

export const COMMANDS: CommandEntry[] = [
  { words: ['report'], summary: 'judge a range of days and print or write the fraud report', load: async () => (await import('./report.js')).report },
  { words: ['run'], summary: 'run a scheduled job once: nightly or sweep (for crontab or a systemd timer)', load: async () => (await import('./run.js')).run },
  { words: ['daemon'], summary: 'run the nightly report and the sweep on their schedules until stopped', load: async () => (await import('./daemon.js')).daemon },
  { words: ['watch'], summary: 'the live guard in the foreground: sees calls over AMI as they are dialled and locks by policy', load: async () => (await import('./watch.js')).watch },
  { words: ['replay'], summary: 'run the sweep over past days with a moving clock: when each attack would have been alerted and locked', load: async () => (await import('./replay.js')).replay },
  { words: ['status'], summary: 'last run of each job, next run times, queued mail, pending and current lockouts', load: async () => (await import('./status.js')).status },
  { words: ['demo'], summary: 'write a synthetic CDR history with injected attacks and report on it', load: async () => (await import('./demo.js')).demo },
  { words: ['history'], summary: 'list recent runs recorded in the state store', load: async () => (await import('./db.js')).history },
  { words: ['lockout', 'list'], summary: 'list locked extensions, reconciled with what AstDB holds', load: async () => (await import('./lockout.js')).lockoutListCommand },
  { words: ['lockout', 'add'], summary: 'lock an extension out of the dialplan now', load: async () => (await import('./lockout.js')).lockoutAddCommand },
  { words: ['lockout', 'remove'], summary: 'unlock an extension (AMI DBDel)', load: async () => (await import('./lockout.js')).lockoutRemoveCommand },
  { words: ['audit'], summary: 'check the PBX\'s own configuration files against the hardening checklist', load: async () => (await import('./audit.js')).audit },
  { words: ['dialplan'], summary: 'print the dialplan that enforces lockouts (plain Asterisk or FreePBX)', load: async () => (await import('./dialplan.js')).dialplan },
  { words: ['db', 'migrate'], summary: 'create or upgrade the state store (runs on every start anyway)', load: async () => (await import('./db.js')).dbMigrate },
  { words: ['email', 'test'], summary: 'send a test mail through the configured SMTP server', load: async () => (await import('./email-test.js')).emailTest },
  { words: ['config', 'check'], summary: 'print the effective configuration (secrets redacted) or every problem with it', load: async () => (await import('./config-check.js')).configCheck },
];

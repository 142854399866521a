// What a configuration that loads may still lack to protect anyone: mail to
// reach an admin, AMI credentials for the locks it is told to make. `config
// check` refuses the problems and prints the notes; the daemon logs both at start.
import { emailMissing } from './email.js';
import type { Config } from './load.js';

/** Settings that cannot work as configured. */
export function setupProblems(config: Config): string[] {
  const problems: string[] = [];
  if (config.lockout.mode === 'enforce' && (!config.ami.username || !config.ami.secret)) {
    problems.push('LOCKOUT_MODE=enforce needs AMI_USERNAME and AMI_SECRET (a manager.conf user with write = system,call): without them every lock stays pending');
  }
  if (config.live.guard === 'on' && (!config.ami.username || !config.ami.secret)) {
    problems.push('LIVE_GUARD=on needs AMI_USERNAME and AMI_SECRET (a manager.conf user with read = call, write = system,call): without them the live guard sees no call');
  }
  return problems;
}

/** Without mail settings findings reach nobody but the log (critical incidents still reach the webhook, when one is set). */
export function emailNote(config: Config): string | null {
  const mail = emailMissing(config.email);
  if (!mail.length) return null;
  return config.webhook.url
    ? `email is not configured: reports are mailed to nobody, critical incidents go to the webhook only (set ${mail.join(', ')})`
    : `email is not configured: findings are mailed to nobody (set ${mail.join(', ')})`;
}

/** Settings that work but leave the admin uninformed or the PBX unguarded. */
export function setupNotes(config: Config): string[] {
  const notes: string[] = [];
  const mail = emailNote(config);
  if (mail) notes.push(mail);
  if (config.lockout.mode === 'off') {
    notes.push(`LOCKOUT_MODE is off: nobody is locked out automatically${config.ami.username ? '' : ', and AMI is not configured (AMI_USERNAME, AMI_SECRET)'}; dry-run names what would be locked`);
  } else if (config.lockout.mode === 'dry-run') {
    notes.push(`LOCKOUT_MODE=dry-run: locks are named, never made${config.ami.username ? '' : '; AMI is not configured yet (AMI_USERNAME, AMI_SECRET)'}`);
  }
  return notes;
}

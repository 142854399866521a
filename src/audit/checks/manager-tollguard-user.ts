// The AMI user tollguard logs in as (AMI_USERNAME) must exist and may write
// system (DBPut/DBDel of the lock) and call (Hangup); command lets
// "tollguard lockout list" read AstDB.
import { z } from 'zod';
import { defineAuditCheck } from '../check.js';
import { at, q, sentences } from './describe.js';
import { classes, readManager } from './manager.js';

export const managerTollguardUser = defineAuditCheck({
  meta: {
    id: 'manager-tollguard-user',
    description: 'What tollguard\'s own AMI user (AMI_USERNAME) lacks for lockouts: the user itself, write = system and call, command.',
    defaultSeverity: 'warning',
    files: ['manager.conf'],
  },
  options: z.object({}),
  check({ pbx }) {
    const name = pbx.settings.amiUsername;
    const m = readManager(pbx);
    if (!name || !m) return [];
    const severity = pbx.settings.lockoutMode === 'off' ? 'info' : undefined;
    if (!m.enabled) {
      const w = m.enabledVar ?? { file: 'manager.conf', line: 0 };
      return [{ ...w, file: w.file, line: w.line, severity, title: 'AMI is off, so tollguard cannot lock extensions', explanation: sentences(`AMI_USERNAME is ${q(name)}, but manager.conf does not enable AMI${m.enabledVar ? ` (enabled=${m.enabledVar.value} at ${at(m.enabledVar)})` : ''}`), fix: 'Set enabled = yes and bindaddr = 127.0.0.1 in [general] of manager.conf, then: asterisk -rx "manager reload"' }];
    }
    const user = m.users.find((u) => u.name === name);
    if (!user) {
      return [{ file: 'manager.conf', line: 0, severity, title: `tollguard's AMI user ${q(name)} is not in manager.conf`, explanation: sentences(`AMI_USERNAME is ${q(name)}, but manager.conf has no [${name}] section, so every lock, unlock and hang-up fails`), fix: `Add [${name}] to manager.conf with a secret= (the value of AMI_SECRET), deny=0.0.0.0/0.0.0.0, permit=127.0.0.1/255.255.255.255, read = system,call and write = system,call,command` }];
    }
    const write = classes(user, 'write');
    const has = (c: string) => write.has('all') || write.has(c);
    const missing = ['system', 'call'].filter((c) => !has(c));
    const list = has('command') ? [] : ['command'];
    if (missing.length === 0 && list.length === 0) return [];
    return [{
      file: user.file,
      line: user.line,
      severity: missing.length === 0 ? 'info' : severity,
      title: `tollguard's AMI user ${q(name)} lacks write = ${[...missing, ...list].join(', ')}`,
      explanation: sentences(
        missing.length > 0 && `Without ${missing.join(' and ')} AMI answers "Permission denied" to ${missing.includes('system') ? 'DBPut and DBDel (the lock itself)' : ''}${missing.length === 2 ? ' and ' : ''}${missing.includes('call') ? 'Hangup (ending the live calls of a locked extension)' : ''}`,
        list.length > 0 && 'Without command, "tollguard lockout list" cannot compare its locks with what AstDB holds',
      ),
      fix: `Set write = system,call,command in [${name}], then: asterisk -rx "manager reload"`,
    }];
  },
});

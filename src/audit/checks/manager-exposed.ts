// AMI enabled on an address other than loopback: the manager interface can
// originate calls and run CLI commands, and it speaks plain text.
import { z } from 'zod';
import { defineAuditCheck } from '../check.js';
import { at, sentences } from './describe.js';
import { isLoopback, readManager } from './manager.js';

export const managerExposed = defineAuditCheck({
  meta: {
    id: 'manager-exposed',
    description: 'AMI enabled and bound beyond loopback (bindaddr defaults to every address).',
    defaultSeverity: 'warning',
    files: ['manager.conf'],
  },
  options: z.object({}),
  check({ pbx }) {
    const m = readManager(pbx);
    if (!m?.enabled || isLoopback(m.bind)) return [];
    const w = m.bindVar ?? m.enabledVar!;
    return [{
      file: w.file,
      line: w.line,
      title: 'AMI listens beyond this machine',
      explanation: sentences(
        `manager.conf enables AMI (${at(m.enabledVar!)}) on ${m.bindVar ? `bindaddr=${m.bind} (${at(m.bindVar)})` : 'every address (no bindaddr: Asterisk\'s default)'}`,
        'AMI can originate calls to any number and run CLI commands; its login and everything after it cross the network in the clear',
      ),
      fix: 'Set bindaddr = 127.0.0.1 in [general] and reach AMI over SSH or a VPN (tollguard itself connects to AMI_HOST, 127.0.0.1 by default); then: asterisk -rx "manager reload"',
    }];
  },
});

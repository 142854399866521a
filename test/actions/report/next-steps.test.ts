// Every command tollguard prints must run as printed: the lock command is fed
// to real shells here, with `tollguard` standing in as a function that prints
// the arguments it got.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { lockCommand, lockReason } from '../../../src/actions/report/next-steps.js';

/** The argv `command` gives `tollguard` in `shell`, interactive history expansion included for bash. */
function argvIn(shell: string, command: string): string[] {
  const script = `tollguard() { printf '%s\\0' "$@"; }\n${command}\n`;
  const args = shell === 'bash' ? ['-c', `set -H; ${script}`] : ['-c', script];
  return execFileSync(shell, args, { encoding: 'utf8' }).split('\0').slice(0, -1);
}

/** Names tollguard locks: what Asterisk endpoints are called. */
const NAMES = ['1007', 'sales-1', 'sales+1', 'bob@branch', 'a=b~c', 'Zoë', 'alice.smith'];
/** Names no endpoint has: the CLI refuses them (exit 2), so no command is printed for them. */
const REFUSED = ['front desk', "o'brien", 'a"b', '$(touch pwned)', '`id`', 'x;rm -rf ~', 'bang!', '-1007', 'ext*?[0]', '1007\\n'];

test('the lock command gives tollguard exactly the extension and the reason, in sh and bash', () => {
  const reason = lockReason({ firstDay: '2026-11-25', lastDay: '2026-11-25' });
  for (const name of NAMES.filter((n) => n !== '*')) {
    const command = lockCommand(name, reason)!;
    assert.ok(command, name);
    for (const shell of ['sh', 'bash']) {
      const argv = argvIn(shell, command);
      // "--" ends the options when the name starts with "-", so parseArgs reads it as the extension.
      const expected = name.startsWith('-') ? ['lockout', 'add', '--reason', reason, '--', name] : ['lockout', 'add', name, '--reason', reason];
      assert.deepEqual(argv, expected, `${shell}: ${command}`);
    }
  }
  assert.equal(lockCommand('1007', reason), "tollguard lockout add 1007 --reason 'suspected toll fraud on 2026-11-25'");
});

test('no command for a name tollguard would refuse, or one that could hide what it does', () => {
  for (const name of ['*', '', 'a/b', 'a:b', ' 1007', 'evil\u202Egnp', 'a\x1b[2Jb', 'line\nbreak', 'zero\u200bwidth', ...REFUSED]) assert.equal(lockCommand(name, 'r'), null, JSON.stringify(name));
});

// `tollguard lockout --help` (db, email, config too) lists the group's
// subcommands, one line each, and exits 0; the group word alone prints the same
// list as a usage error (exit 2), as does an unknown subcommand.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { COMMANDS } from '../../src/cli/commands/index.js';
import { runCli } from '../helpers/cli.js';

const GROUPS = ['lockout', 'db', 'email', 'config'];

function assertListsGroup(text: string, group: string): void {
  const subcommands = COMMANDS.filter((c) => c.words.length > 1 && c.words[0] === group);
  assert.ok(subcommands.length > 0, group);
  for (const c of subcommands) assert.match(text, new RegExp(`^  ${c.words.join(' ')} +${c.summary.replace(/[()]/g, '\\$&')}$`, 'm'), `${group}: ${c.words.join(' ')}`);
  assert.match(text, new RegExp(`Run "tollguard ${group} <subcommand> --help"`));
}

for (const group of GROUPS) {
  test(`tollguard ${group} --help lists its subcommands and exits 0`, async () => {
    const r = await runCli([group, '--help']);
    assert.equal(r.status, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /unknown command/);
    assertListsGroup(r.stdout, group);
  });
}

test('tollguard lockout -h lists the same', async () => {
  const r = await runCli(['lockout', '-h']);
  assert.equal(r.status, 0, r.stderr);
  assertListsGroup(r.stdout, 'lockout');
});

test('tollguard lockout alone says it needs a subcommand, lists them, exits 2', async () => {
  const r = await runCli(['lockout']);
  assert.equal(r.status, 2);
  assert.doesNotMatch(r.stderr, /unknown command/);
  assert.match(r.stderr, /"lockout" needs a subcommand/);
  assertListsGroup(r.stderr, 'lockout');
});

test('an unknown subcommand of a group is a usage error with the group\'s list', async () => {
  const r = await runCli(['lockout', 'frob']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /unknown command "lockout frob"/);
  assertListsGroup(r.stderr, 'lockout');
});

test('a subcommand\'s own --help still prints its options', async () => {
  const r = await runCli(['lockout', 'add', '--help']);
  assert.equal(r.status, 0, r.stderr);
  assert.doesNotMatch(r.stdout, /Subcommands:/);
  assert.match(r.stdout, /lockout add/);
});

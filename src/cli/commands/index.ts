// Every command, in the order --help lists them.
import type { Command } from '../command.js';
import { configCheck } from './config-check.js';
import { dbMigrate, history } from './db.js';
import { demo } from './demo.js';
import { dialplan } from './dialplan.js';
import { emailTest } from './email-test.js';
import { lockoutAddCommand, lockoutListCommand, lockoutRemoveCommand } from './lockout.js';
import { report } from './report.js';
import { run } from './run.js';
import { daemon } from './daemon.js';
import { replay } from './replay.js';
import { status } from './status.js';

export const COMMANDS: Command[] = [report, run, daemon, replay, status, demo, history, lockoutListCommand, lockoutAddCommand, lockoutRemoveCommand, dialplan, dbMigrate, emailTest, configCheck];

// Runs a script under runUnderCeiling as bin/tollguard.js runs the CLI: ENTRY MB ARGS...
import { runUnderCeiling } from '../../src/cli/heap-ceiling.js';

const [entry, mb, ...args] = process.argv.slice(2) as [string, string, ...string[]];
process.exitCode = await runUnderCeiling(entry, args, Number(mb), (s) => process.stderr.write(s));

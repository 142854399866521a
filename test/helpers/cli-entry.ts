// Runs the CLI from source, as bin/tollguard.js runs it from dist/.
import { main } from '../../src/cli/main.js';

process.exitCode = await main(process.argv.slice(2));

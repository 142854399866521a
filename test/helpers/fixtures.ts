// Paths of the real Asterisk 22.7 captures copied into the project.
import { fileURLToPath } from 'node:url';

export const FIXTURES = fileURLToPath(new URL('../fixtures/asterisk-22.7/', import.meta.url));
export const fixture = (name: string) => `${FIXTURES}${name}`;

/** The hairpin capture: calls from the PSTN sent out again through the trunk (see its README). */
export const hairpinFixture = (name: string) => fileURLToPath(new URL(`../fixtures/asterisk-22.7-hairpin/${name}`, import.meta.url));

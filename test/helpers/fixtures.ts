// Paths of the real Asterisk 22.7 captures copied into the project.
import { fileURLToPath } from 'node:url';

export const FIXTURES = fileURLToPath(new URL('../fixtures/asterisk-22.7/', import.meta.url));
export const fixture = (name: string) => `${FIXTURES}${name}`;

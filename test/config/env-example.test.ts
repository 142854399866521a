// .env.example documents exactly the variables tollguard reads.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { ENV_VARS } from '../../src/config/env-vars.js';
import { READ_BY_LOADER, READ_BY_WRAPPER } from '../../src/config/load.js';

const documented = new Set(
  readFileSync(new URL('../../.env.example', import.meta.url), 'utf8')
    .split('\n')
    .map((l) => /^#?([A-Z][A-Z0-9_]+)=/.exec(l)?.[1])
    .filter((n): n is string => n !== undefined),
);

test('every variable tollguard reads is in .env.example', () => {
  const missing = [...ENV_VARS.map((v) => v.name), ...READ_BY_LOADER, ...READ_BY_WRAPPER].filter((n) => !documented.has(n));
  assert.deepEqual(missing, []);
});

test('.env.example documents no variable tollguard ignores', () => {
  const known = new Set([...ENV_VARS.map((v) => v.name), ...READ_BY_LOADER, ...READ_BY_WRAPPER]);
  assert.deepEqual([...documented].filter((n) => !known.has(n)), []);
});

// The CDR table's settings, shared by the PostgreSQL and MySQL sources.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadConfig } from '../../src/config/load.js';
import { createClock, createSource } from '../../src/pipeline/setup.js';
import { ConfigError } from '../../src/config/config-error.js';

test('CDR_SOURCE=mysql with CDR_DATABASE_URL, CDR_TABLE and CDR_COLUMN_MAP', () => {
  const config = loadConfig({ env: { CDR_SOURCE: 'mysql', CDR_DATABASE_URL: 'mysql://tollguard:pw@127.0.0.1:3306/asteriskcdrdb', CDR_TABLE: 'asteriskcdrdb.cdr', CDR_COLUMN_MAP: 'src=cnum' } });
  assert.equal(config.cdr.source, 'mysql');
  assert.equal(config.cdr.database.table, 'asteriskcdrdb.cdr');
  assert.deepEqual(config.cdr.database.columns, { src: 'cnum' });
  const source = createSource(config, createClock(config));
  assert.equal(source.description, 'MySQL asteriskcdrdb.cdr at mysql://tollguard:********@127.0.0.1:3306/asteriskcdrdb');
});

test('a URL of the other backend is a configuration error (exit 2), naming both', () => {
  const config = loadConfig({ env: { CDR_SOURCE: 'mysql', CDR_DATABASE_URL: 'postgres://reader@db/asterisk' } });
  assert.throws(() => createSource(config, createClock(config)), (e: Error) => e instanceof ConfigError && /CDR_SOURCE is mysql but CDR_DATABASE_URL is a postgres URL: set CDR_SOURCE=postgres/.test(e.message));
  const none = loadConfig({ env: { CDR_SOURCE: 'postgres' } });
  assert.throws(() => createSource(none, createClock(none)), (e: Error) => e instanceof ConfigError && /CDR_SOURCE is postgres, which needs CDR_DATABASE_URL/.test(e.message));
  assert.throws(() => loadConfig({ env: { CDR_SOURCE: 'mysql', CDR_DATABASE_URL: 'ftp://x/y' } }), /mysql:\/\//);
});

test('a config file written before MySQL (cdr.postgres) still works', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tg-cdrdb-'));
  const file = join(dir, 'c.json');
  writeFileSync(file, JSON.stringify({ cdr: { source: 'postgres', postgres: { url: 'postgres://reader@db/asterisk', table: 'asterisk.cdr' } } }));
  const config = loadConfig({ env: {}, configFile: file });
  assert.equal(config.cdr.database.url, 'postgres://reader@db/asterisk');
  assert.equal(config.cdr.database.table, 'asterisk.cdr');
  const both = loadConfig({ env: { CDR_TABLE: 'cdr2' }, configFile: file });
  assert.equal(both.cdr.database.table, 'cdr2', 'the environment overrides the file');
});

test('a password in a config file is refused under the older cdr.postgres name too', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tg-cdrdb-'));
  const file = join(dir, 'c.json');
  writeFileSync(file, JSON.stringify({ cdr: { source: 'postgres', postgres: { url: 'postgres://reader:hunter2@db/asterisk' } } }));
  assert.throws(() => loadConfig({ env: {}, configFile: file }), (e: Error) => /cdr\.postgres\.url: set CDR_DATABASE_URL in the environment/.test(e.message) && !/hunter2/.test(e.message));
});

test('CDR_COLUMN_MAP or a config file naming "__proto__" is refused like any unknown key, not silently ignored', () => {
  for (const map of ['{"__proto__":{"src":"cnum"}}', '{"start":"calldate","__proto__":"x"}', '__proto__=cnum', 'bogus=cnum']) {
    assert.throws(() => loadConfig({ env: { CDR_SOURCE: 'postgres', CDR_COLUMN_MAP: map } }), /CDR_COLUMN_MAP|columns/, map);
  }
  assert.throws(() => loadConfig({ env: { CDR_COLUMN_MAP: '__proto__=cnum' } }), /"__proto__"/);
  const dir = mkdtempSync(join(tmpdir(), 'tg-cdrdb-'));
  for (const [name, json] of [
    ['columns', '{"cdr": {"database": {"columns": {"__proto__": {"src": "cnum"}}}}}'],
    ['rules', '{"detection": {"rules": {"__proto__": {"severity": "info"}}}}'],
  ] as const) {
    const file = join(dir, `${name}.json`);
    writeFileSync(file, json);
    assert.throws(() => loadConfig({ env: {}, configFile: file }), /"__proto__"/, name);
  }
});

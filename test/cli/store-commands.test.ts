// `db migrate` and `history` on both state-store backends, through the command line.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { fixture } from '../helpers/fixtures.js';
import { createTestDatabase, type TestDatabase } from '../helpers/pg.js';

const dir = mkdtempSync(join(tmpdir(), 'tollguard-store-cli-'));
let pgdb: TestDatabase;
before(async () => {
  pgdb = await createTestDatabase('tollguard_cli');
});
after(() => pgdb.drop());

for (const backend of ['sqlite', 'postgres'] as const) {
  describe(`state store commands on ${backend}`, () => {
    const env = (): Record<string, string> => (backend === 'sqlite' ? { TOLLGUARD_STATE: join(dir, 'state.db') } : { DATABASE_URL: pgdb.url });

    it('db migrate applies the migrations once, then says it is up to date', async () => {
      const first = await runCli(['db', 'migrate'], { env: env(), cwd: dir });
      assert.equal(first.status, 0, first.stderr);
      assert.match(first.stdout, /applied 001_init/);
      const second = await runCli(['db', 'migrate'], { env: env(), cwd: dir });
      assert.match(second.stdout, /up to date/);
    });

    it('history lists the report run with its window and counts', async () => {
      const r = await runCli(['report', '--csv', fixture('Master.csv'), '--from', '2026-11-26', '--format', 'json', '--out', join(dir, `${backend}.json`)], { env: { ...env(), TRUNKS: 'carrier' }, cwd: dir });
      assert.equal(r.status, 0, r.stderr);
      const h = await runCli(['history'], { env: env(), cwd: dir });
      assert.equal(h.status, 0, h.stderr);
      assert.match(h.stdout, /report\s+ok\s+\S+\s+2026-11-26\.\.2026-11-26\s+rowsRead=29/);
      if (backend === 'postgres') assert.doesNotMatch(h.stdout + h.stderr, /password/);
    });
  });
}

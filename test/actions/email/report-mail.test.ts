// emailReport, what `report --email` calls: the state store's outbox by default.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { emailReport } from '../../../src/actions/email/index.js';
import { configSchema, ConfigError } from '../../../src/config/load.js';
import { openStore } from '../../../src/store/open.js';
import { DAY, makeReport } from '../../helpers/report.js';
import { closedPort, startSmtp } from '../../helpers/smtp.js';

const dir = mkdtempSync(join(tmpdir(), 'tollguard-report-mail-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const config = (port: number, email: Record<string, unknown> = {}) =>
  configSchema.parse({
    store: { statePath: join(dir, 'state.db') },
    email: { smtp: { host: '127.0.0.1', port, tls: 'none', timeoutSeconds: 5 }, from: 'tollguard@pbx.example', to: ['admin@example.com'], retries: 0, ...email },
  });

test('not configured: a ConfigError naming what to set', async () => {
  await assert.rejects(() => emailReport(configSchema.parse({ store: { statePath: join(dir, 'state.db') } }), makeReport()), (e: unknown) => {
    assert.ok(e instanceof ConfigError);
    assert.match(e.message, /SMTP_URL \(or SMTP_HOST\), ALERT_EMAIL_FROM, ALERT_EMAIL_TO/);
    return true;
  });
});

test('server down: not ok, kept in the state store outbox; the next report run delivers both', async () => {
  const down = await emailReport(config(await closedPort()), makeReport());
  assert.equal(down.ok, false);
  assert.equal(down.delivery?.ok, false);
  const store = await openStore({ statePath: join(dir, 'state.db'), lockWaitSeconds: 5 });
  try {
    assert.equal((await store.outbox()).length, 1);
  } finally {
    await store.close();
  }

  const smtp = await startSmtp();
  try {
    const up = await emailReport(config(smtp.port), makeReport());
    assert.equal(up.ok, true);
    assert.equal(up.flushed.sent, 1);
    const mails = await smtp.waitFor(2);
    assert.equal(mails.length, 2);
    for (const m of mails) assert.match(String(m.parsed.subject), new RegExp(`^\\[tollguard\\] CRITICAL: ext 201 .* - ${DAY}$`));
    const again = await openStore({ statePath: join(dir, 'state.db'), lockWaitSeconds: 5 });
    try {
      assert.deepEqual(await again.outbox(), []);
    } finally {
      await again.close();
    }
  } finally {
    await smtp.close();
  }
});

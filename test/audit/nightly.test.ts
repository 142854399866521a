// The nightly report and its mail carry a short configuration section when
// the audit of AUDIT_ETC has open findings; nothing when AUDIT_ETC is unset.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { JOBS, runJob } from '../../jobs/index.js';
import { composeReportOrAllClear } from '../../src/actions/email/compose.js';
import { renderJson } from '../../src/actions/report/json.js';
import { loadConfig } from '../../src/config/load.js';
import { openStore } from '../../src/store/open.js';
import { AUDIT_FIXTURES } from '../helpers/audit.js';
import { makeAllClearReport } from '../helpers/report.js';
import { startSmtp, type TestSmtp } from '../helpers/smtp.js';

const EMAIL = { from: 'tollguard@example.com', to: ['admin@example.com'], criticalTo: [], subjectMax: 200, allClear: true };
const section = {
  etc: '/etc/asterisk',
  findings: [{ check: 'dialplan-unauthenticated-trunk', severity: 'critical' as const, file: 'extensions.conf', line: 26, title: 'Unauthenticated calls reach a trunk from context "<b>guest</b>"', explanation: 'x', fix: 'y' }],
};

describe('configuration section of the report mail', () => {
  it('turns an all-clear day into the report mail, with the section in text, HTML and JSON (escaped)', () => {
    const mail = composeReportOrAllClear({ ...makeAllClearReport(), configuration: section }, EMAIL)!;
    // An "all clear" subject alone would hide an open door.
    assert.match(mail.subject, /; configuration: 1 critical open$/);
    assert.match(mail.text, /Configuration audit of \/etc\/asterisk: 1 critical open\n  CRITICAL Unauthenticated calls reach a trunk from context "<b>guest<\/b>" \(extensions.conf:26\)\n  Details and fixes: tollguard audit --etc \/etc\/asterisk/);
    assert.match(mail.html!, /Configuration: 1 critical open/);
    assert.match(mail.html!, /&lt;b&gt;guest&lt;\/b&gt;/);
    assert.ok(!mail.html!.includes('<b>guest</b>'));
    assert.equal(JSON.parse(renderJson({ ...makeAllClearReport(), configuration: section })).configuration.findings[0].line, 26);
    const plain = composeReportOrAllClear(makeAllClearReport(), EMAIL)!;
    assert.match(plain.subject, /All clear/);
    assert.doesNotMatch(plain.text, /Configuration audit/);
  });
});

describe('the nightly job with AUDIT_ETC', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tollguard-nightly-audit-'));
  let smtp: TestSmtp;
  before(async () => {
    smtp = await startSmtp();
    // One internal call on the day judged: a file with no usable row fails the run (exit 3), it is not an all clear.
    writeFileSync(join(dir, 'Master.csv'), '"","1001","1002","from-internal","""Ann"" <1001>","PJSIP/1001-00000001","PJSIP/1002-00000002","Dial","PJSIP/1002,30","2026-11-27 10:00:00","2026-11-27 10:00:05","2026-11-27 10:01:05",65,60,"ANSWERED","DOCUMENTATION","1795773600.1",""\n');
  });
  after(async () => {
    await smtp.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const run = async (state: string, extra: Record<string, string>) => {
    const config = loadConfig({
      env: {
        PBX_TIMEZONE: 'UTC', CDR_CSV: join(dir, 'Master.csv'), TOLLGUARD_STATE: join(dir, state),
        SMTP_HOST: smtp.host, SMTP_PORT: String(smtp.port), SMTP_TLS: 'none', ALERT_EMAIL_FROM: 'tollguard@example.com', ALERT_EMAIL_TO: 'admin@example.com',
        ...extra,
      },
    });
    const store = await openStore(config.store);
    try {
      const before = smtp.messages.length;
      const r = await runJob('nightly', JOBS.nightly, { config, store, now: new Date('2026-11-28T06:15:00Z'), quarantinePath: join(dir, 'q.jsonl') });
      await smtp.waitFor(before + 1);
      return { r, mail: smtp.messages[before]!.parsed };
    } finally {
      await store.close();
    }
  };

  it('mails the open findings of the PJSIP lab beside the report', async () => {
    const { mail } = await run('a.db', { AUDIT_ETC: `${AUDIT_FIXTURES}pjsip-lab` });
    assert.match(String(mail.text), /Configuration audit of .*pjsip-lab: 2 critical, \d+ warning open/);
    assert.match(String(mail.text), /CRITICAL Unauthenticated calls reach a trunk from context "guest" \(extensions.conf:26\)/);
    assert.match(String(mail.html), /Configuration: 2 critical/);
  });

  it('says so when the folder cannot be audited, and still mails the report; no section without AUDIT_ETC', async () => {
    const broken = await run('b.db', { AUDIT_ETC: join(dir, 'gone') });
    assert.match(String(broken.mail.text), /Configuration audit of .*gone: could not run \(.*no such folder/);
    const none = await run('c.db', {});
    assert.doesNotMatch(String(none.mail.text), /Configuration audit/);
  });
});

// The store behaviour both backends must share; sqlite.test.ts and
// postgres.test.ts call storeSuite with their own way to open a store.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Finding } from '../../src/detection/rule.js';
import type { DailyProfile } from '../../src/profiles/daily-profile.js';
import { StoreBusyError, type StateStore } from '../../src/store/store.js';

export interface Backend {
  /** A store on the shared test database/file, migrated. */
  open(lockWaitSeconds?: number): Promise<StateStore>;
  /** Arguments for kill-child.ts to open the same store. */
  childArgs: string[];
  cleanup(): Promise<void>;
}

export function profile(extension: string, day: string, over: Partial<DailyProfile> = {}): DailyProfile {
  return {
    extension,
    day,
    weekday: 4,
    accountcodes: ['sales'],
    outboundCalls: 12,
    answeredCalls: 9,
    failedCalls: 3,
    billsec: 1234,
    internationalCalls: 2,
    internationalAnswered: 1,
    failedInternational: 1,
    premiumCalls: 0,
    highRiskCalls: 1,
    highRiskAnswered: 1,
    distinctNumbers: 7,
    countries: ['GB', 'LV'],
    estimatedCost: 3.275,
    costEstimated: true,
    afterHoursCalls: 1,
    afterHoursInternational: 1,
    peakConcurrent: 2,
    peakConcurrentInternational: 1,
    maxCallsIn10Min: 4,
    longestSequentialRun: 3,
    suspiciousContextCalls: 0,
    suspiciousContexts: [],
    blockedAttempts: 0,
    firstCall: Date.parse(`${day}T08:01:02Z`),
    lastCall: Date.parse(`${day}T17:03:04Z`),
    topDestinations: [
      { e164: '+37190000001', dialled: '0037190000001', label: 'Latvia', country: 'LV', numberClass: 'premium-rate', highRisk: 'LV 90x', premium: true, calls: 1, answered: 1, billsec: 61, cost: 2.5 },
    ],
    topCountries: [{ key: 'LV', label: 'Latvia', calls: 1, answered: 1, cost: 2.5, highRisk: true }],
    examples: [{ time: `${day}T10:00:00-05:00`, dialled: '0037190000001', e164: '+37190000001', label: 'Latvia', disposition: 'ANSWERED', billsec: 61, cost: 2.5, clid: '"Alice" <1001>', origin: 'Master.csv:3' }],
    ...over,
  };
}

export function finding(extension: string, day: string, rule: string, over: Partial<Finding> = {}): Finding {
  return {
    extension,
    day,
    severity: 'warning',
    rule,
    title: `${rule} on ${extension}`,
    explanation: 'explained',
    estimatedCost: 12.5,
    currency: 'USD',
    evidence: { calls: 3, countries: ['LV'] },
    fingerprint: `${rule}:${extension}:${day}`,
    ...over,
  };
}

const day = (d: number) => `2026-11-${String(d).padStart(2, '0')}`;
const gate = () => {
  let open!: () => void;
  const p = new Promise<void>((r) => (open = r));
  return { p, open };
};

export function storeSuite(name: string, make: () => Promise<Backend>): void {
  describe(`state store (${name})`, () => {
    let backend: Backend;
    let store: StateStore;
    before(async () => {
      backend = await make();
      store = await backend.open();
    });
    after(async () => {
      await store.close();
      await backend.cleanup();
    });

    it('migrates once: a second migrate applies nothing', async () => {
      assert.deepEqual(await store.migrate(), []);
      const other = await backend.open();
      assert.deepEqual(await other.migrate(), []);
      await other.close();
    });

    it('round-trips profiles and replaces the days given, idempotently', async () => {
      const first = [profile('1001', day(1)), profile('1002', day(1), { costEstimated: false, firstCall: null, lastCall: null }), profile('1001', day(2))];
      await store.withRun('nightly', { from: day(1), to: day(2) }, (tx) => tx.replaceProfiles({ from: day(1), to: day(2) }, first));
      assert.deepEqual(await store.loadProfiles({ from: day(1), to: day(2) }), first);
      assert.deepEqual(await store.loadProfiles({ from: day(1), to: day(2) }, '1001'), [first[0], first[2]]);

      const again = [profile('1001', day(1), { outboundCalls: 40, estimatedCost: 99.5, countries: ['CU'] })];
      for (let i = 0; i < 2; i++) {
        await store.withRun('replay', { from: day(1), to: day(1) }, (tx) => tx.replaceProfiles({ from: day(1), to: day(1) }, again));
        // 1002's profile of day 1 is gone (recomputed without it); day 2 is untouched.
        assert.deepEqual(await store.loadProfiles({ from: day(1), to: day(2) }), [again[0], first[2]]);
      }
      await assert.rejects(
        store.withRun('replay', null, (tx) => tx.replaceProfiles({ from: day(1), to: day(1) }, [profile('1001', day(3))])),
        /outside the days replaced/,
      );
    });

    it('keeps text from CDRs as data, quotes and all', async () => {
      const nasty = `1001'); DROP TABLE runs; --"`;
      const p = profile(nasty, day(5), { examples: [{ ...profile('x', day(5)).examples[0]!, clid: `"Robert'); DROP TABLE x;--" <1>` }] });
      await store.withRun('nightly', null, (tx) => tx.replaceProfiles({ from: day(5), to: day(5) }, [p]));
      assert.deepEqual(await store.loadProfiles({ from: day(5), to: day(5) }), [p]);
      // A NUL (PostgreSQL text cannot hold one) does not break the run.
      const f = finding('1001', day(5), 'nul', { title: 'bad\0title' });
      await store.withRun('nightly', null, (tx) => tx.replaceFindings({ from: day(5), to: day(5) }, [f]));
      assert.match((await store.findingByFingerprint(f.fingerprint))!.title, /^bad(\0|\uFFFD)title$/);
    });

    it('keeps profile fields that have no column yet', async () => {
      const p = { ...profile('1001', day(6)), addedLater: 7, alsoLater: ['x'] } as DailyProfile;
      await store.withRun('nightly', null, (tx) => tx.replaceProfiles({ from: day(6), to: day(6) }, [p]));
      assert.deepEqual(await store.loadProfiles({ from: day(6), to: day(6) }), [p]);
    });

    it('knows countries further back than any lookback window', async () => {
      await store.withRun('nightly', null, (tx) =>
        tx.recordDestinations([
          { extension: '2001', country: 'LV', day: '2025-01-10' },
          { extension: '2001', country: '+882', day: '2026-10-01' },
          { extension: '2002', country: 'GB', day: '2026-11-20' },
        ]),
      );
      const before = await store.knownCountries('2026-11-20');
      assert.deepEqual([...(before.get('2001') ?? [])].sort(), ['+882', 'LV']);
      assert.equal(before.has('2002'), false, 'a country first seen on the day itself is not known before it');
      assert.deepEqual([...(await store.knownCountries('2026-11-21')).get('2002')!], ['GB']);
      assert.equal((await store.knownCountries('2025-01-10')).size, 0);
      // An older sighting moves first seen back; a later one does not move it forward.
      await store.withRun('replay', null, (tx) =>
        tx.recordDestinations([
          { extension: '2002', country: 'GB', day: '2024-06-01' },
          { extension: '2001', country: 'LV', day: '2026-11-25' },
        ]),
      );
      assert.deepEqual([...(await store.knownCountries('2024-06-02')).get('2002')!], ['GB']);
      assert.deepEqual([...(await store.knownCountries('2025-01-11')).get('2001')!], ['LV']);
    });

    it('replaces findings of the days and keeps the alert bookkeeping of those that survive', async () => {
      const days = { from: day(10), to: day(11) };
      const a = finding('1001', day(10), 'intl-spike');
      const b = finding('1002', day(10), 'cost-cap');
      const c = finding('1003', day(12), 'cost-cap'); // outside the days replaced later
      const r1 = await store.withRun('nightly', days, async (tx) => {
        await tx.replaceFindings(days, [a, b]);
        await tx.replaceFindings({ from: day(12), to: day(12) }, [c]);
        return tx.runId;
      });
      await store.withRun('alerts', null, (tx) => tx.markAlerted(a.fingerprint, 3, 12.5, '2026-11-10T12:00:00Z'));
      const a2 = { ...a, severity: 'critical' as const, title: 'worse', estimatedCost: 40, evidence: { calls: 9 } };
      const d = finding('1004', day(11), 'new-country');
      const r2 = await store.withRun('sweep', days, async (tx) => {
        await tx.replaceFindings(days, [a2, d]);
        return tx.runId;
      });
      assert.ok(r2 > r1);
      const stored = await store.findings({ from: day(10), to: day(12) });
      assert.deepEqual(
        stored.map((f) => f.fingerprint),
        [a.fingerprint, d.fingerprint, c.fingerprint],
      );
      assert.deepEqual(stored[0], { ...a2, runId: r2, alertedAt: '2026-11-10T12:00:00Z', alertedCalls: 3, alertedCost: 12.5 });
      assert.deepEqual(stored[1], { ...d, runId: r2, alertedAt: null, alertedCalls: null, alertedCost: null });
      assert.equal((await store.findingByFingerprint(c.fingerprint))?.runId, r1);
      assert.equal(await store.findingByFingerprint(b.fingerprint), null);
    });

    it('keeps what an unlock acknowledged and exemptions, replacing them per extension-day', async () => {
      const ack = { extension: '1007', day: '2026-11-25', rules: ['intl-spike', 'cost-cap'], calls: 188, cost: 3501.19, actor: 'admin via CLI', at: '2026-11-26T12:05:00.000Z' };
      await store.withRun('lockout', null, async (tx) => {
        await tx.acknowledgeLockout([ack, { ...ack, day: '2026-11-24', rules: ['premium-rate'], calls: 3, cost: 0.5 }, { ...ack, extension: '1007|x', calls: 1 }]);
        await tx.setLockoutExemption('1007', { until: '2026-11-27T12:05:00Z', actor: 'admin via CLI', at: ack.at });
        await tx.setLockoutExemption('1012', { until: '2026-11-28T00:00:00Z', actor: 'admin via CLI', at: ack.at });
      });
      await store.withRun('lockout', null, async (tx) => {
        await tx.acknowledgeLockout([{ ...ack, rules: ['intl-spike', 'cost-cap', 'premium-rate'], calls: 190, cost: 3600 }]);
        await tx.setLockoutExemption('1012', null);
      });
      assert.deepEqual(await store.lockoutAcks('2026-11-25'), [
        { ...ack, rules: ['intl-spike', 'cost-cap', 'premium-rate'], calls: 190, cost: 3600 },
        { ...ack, extension: '1007|x', calls: 1 },
      ]);
      assert.equal((await store.lockoutAcks('2026-11-01')).length, 3);
      assert.deepEqual(await store.lockoutExemptions(), [{ extension: '1007', until: '2026-11-27T12:05:00Z', actor: 'admin via CLI', at: ack.at }]);
      await assert.rejects(store.withRun('lockout', null, (tx) => tx.acknowledgeLockout([{ ...ack, day: '2026-11-31x' }])), /invalid day/);
    });

    it('records lockouts, their history and ingest positions', async () => {
      await store.withRun('lockout', null, async (tx) => {
        await tx.upsertLockout({ extension: '1001', status: 'pending', reason: 'intl spike', rule: 'intl-spike', runId: tx.runId, actor: 'rule intl-spike', expiresAt: null, error: 'AMI unreachable', at: '2026-11-26T06:00:00Z' });
        await tx.addLockoutEvent({ extension: '1001', action: 'fail', actor: 'rule intl-spike', detail: 'AMI unreachable', at: '2026-11-26T06:00:00Z' });
        await tx.upsertLockout({ extension: '1005', status: 'dry-run', reason: 'cost', rule: null, runId: null, actor: 'admin via CLI', expiresAt: null, error: null, at: '2026-11-26T06:00:01Z' });
        await tx.setIngestPosition({ source: '/var/log/asterisk/cdr-csv/Master.csv', identity: '2049:1234:abcd', position: '4096' });
      });
      await store.withRun('lockout', null, async (tx) => {
        await tx.upsertLockout({ extension: '1001', status: 'active', reason: 'intl spike', rule: 'intl-spike', runId: tx.runId, actor: 'rule intl-spike', expiresAt: '2026-11-27T06:05:00Z', error: null, at: '2026-11-26T06:05:00Z' });
        await tx.addLockoutEvent({ extension: '1001', action: 'lock', actor: 'rule intl-spike', detail: 'DBPut tollguard/lock 1001', at: '2026-11-26T06:05:00Z' });
        await tx.setIngestPosition({ source: '/var/log/asterisk/cdr-csv/Master.csv', identity: '2049:1234:abcd', position: '8192' });
      });
      const all = await store.lockouts();
      assert.deepEqual(all.map((l) => [l.extension, l.status]), [['1001', 'active'], ['1005', 'dry-run']]);
      const [l] = await store.lockouts('active');
      assert.equal(l!.createdAt, '2026-11-26T06:00:00Z');
      assert.equal(l!.updatedAt, '2026-11-26T06:05:00Z');
      assert.equal(l!.error, null);
      assert.equal(l!.expiresAt, '2026-11-27T06:05:00Z');
      assert.deepEqual((await store.lockoutEvents('1001')).map((e) => e.action), ['lock', 'fail']);
      assert.deepEqual((await store.lockoutEvents(undefined, 1)).map((e) => e.action), ['lock']);
      assert.deepEqual(await store.lockoutEvents('1005'), []);
      const pos = await store.ingestPosition('/var/log/asterisk/cdr-csv/Master.csv');
      assert.equal(pos?.position, '8192');
      assert.equal(pos?.identity, '2049:1234:abcd');
      assert.equal(await store.ingestPosition('elsewhere'), null);
    });

    it('keeps undelivered mail in the outbox', async () => {
      const msg = { to: 'admin@example.com', subject: 'tollguard: 1001', html: '<b>x</b>' };
      await store.withRun('alerts', null, async (tx) => {
        await tx.enqueueOutbox(msg, 'ECONNREFUSED', '2026-11-26T07:00:00Z');
        await tx.enqueueOutbox({ ...msg, subject: 'second' }, 'timeout', '2026-11-26T07:00:01Z');
      });
      let box = await store.outbox();
      assert.equal(box.length, 2);
      assert.deepEqual(box[0]!.message, msg);
      assert.equal(box[0]!.attempts, 1);
      await store.withRun('alerts', null, async (tx) => {
        await tx.markOutboxAttempt(box[0]!.id, '550 rejected');
        await tx.removeOutbox(box[1]!.id);
      });
      box = await store.outbox();
      assert.equal(box.length, 1);
      assert.equal(box[0]!.attempts, 2);
      assert.equal(box[0]!.lastError, '550 rejected');
    });

    it('lists runs; a failing run records its error and writes nothing else', async () => {
      const result = await store.withRun('report', { from: day(20), to: day(21) }, async (tx) => {
        await tx.setRunCounts({ rowsRead: 29, findings: 2 });
        return 'done';
      });
      assert.equal(result, 'done');
      await assert.rejects(
        store.withRun('report', { from: day(22), to: day(22) }, async (tx) => {
          await tx.replaceProfiles({ from: day(22), to: day(22) }, [profile('1001', day(22))]);
          await tx.setRunCounts({ rowsRead: 5 });
          throw new Error('rate deck unreadable');
        }),
        /rate deck unreadable/,
      );
      assert.deepEqual(await store.loadProfiles({ from: day(22), to: day(22) }), []);
      const [failed, ok] = await store.recentRuns(2, 'report');
      assert.equal(failed!.status, 'failed');
      assert.equal(failed!.message, 'rate deck unreadable');
      assert.deepEqual(failed!.counts, { rowsRead: 5 });
      assert.ok(failed!.finishedAt);
      assert.equal(ok!.status, 'ok');
      assert.deepEqual(ok!.window, { from: day(20), to: day(21) });
      assert.deepEqual(ok!.counts, { rowsRead: 29, findings: 2 });
      assert.ok(ok!.id < failed!.id);
      assert.ok((await store.recentRuns(50)).some((r) => r.job === 'nightly'));
      assert.equal((await store.recentRuns(1)).length, 1);
    });

    it('lets one run write at a time: the second waits, then names the holder', async () => {
      const other = await backend.open(1);
      const hold = gate();
      const entered = gate();
      const first = store.withRun('sweep', null, async (tx) => {
        entered.open();
        await hold.p;
        return tx.runId;
      });
      await entered.p;
      const t0 = Date.now();
      const err = await other.withRun('nightly', null, async () => 'ran').catch((e: unknown) => e);
      assert.ok(err instanceof StoreBusyError, String(err));
      assert.match(err.message, new RegExp(`held by run \\d+ \\(sweep, pid ${process.pid} on .+, since 20`));
      assert.ok(Date.now() - t0 >= 900, 'it waited for the lock');
      // A run that starts while the lock is held gets it once the holder finishes.
      const waiting = other.withRun('nightly', null, async () => 'ran');
      setTimeout(hold.open, 300);
      assert.equal(await waiting, 'ran');
      const firstId = await first;
      const [last, prev] = await store.recentRuns(2);
      assert.equal(prev!.id, firstId);
      assert.equal(last!.job, 'nightly');
      await other.close();
    });

    it('leaves the store as it was when a run is killed halfway, and frees the lock', async () => {
      const days = { from: day(28), to: day(28) };
      const kept = [profile('1001', day(28))];
      await store.withRun('nightly', days, (tx) => tx.replaceProfiles(days, kept));
      const countriesBefore = await store.knownCountries('2099-01-01');

      const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./kill-child.ts', import.meta.url)), ...backend.childArgs], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (b: Buffer) => (stderr += b));
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (b: Buffer) => b.toString().includes('writing') && resolve());
        child.on('exit', (code) => reject(new Error(`child exited ${code} before writing: ${stderr}`)));
      });
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));

      assert.deepEqual(await store.loadProfiles(days), kept);
      assert.deepEqual(await store.knownCountries('2099-01-01'), countriesBefore);
      assert.equal(await store.ingestPosition('cdr'), null);
      const next = await backend.open(2);
      const t0 = Date.now();
      await next.withRun('sweep', null, async () => undefined);
      assert.ok(Date.now() - t0 < 1500, 'the killed run no longer holds the lock');
      const [, killed] = await next.recentRuns(2);
      assert.equal(killed!.job, 'killed-run');
      assert.equal(killed!.status, 'failed');
      assert.match(killed!.message ?? '', /interrupted/);
      await next.close();
    });
  });
}

// The PBX-wide cost cap `config check` prints: from the state store's history,
// fraudulent extension-days left out, the configured ceiling on top.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { configSchema } from '../../src/config/load.js';
import { describePbxCapInForce } from '../../src/pipeline/pbx-cap.js';
import { openStore } from '../../src/store/open.js';
import { addDays } from '../../src/time/pbx-clock.js';
import { blankProfile } from '../helpers/profiles.js';

const dir = mkdtempSync(join(tmpdir(), 'tollguard-pbx-cap-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const TODAY = '2026-11-26';

test('without a state store: how the cap is derived and its ceiling', async () => {
  const config = configSchema.parse({ store: { statePath: join(dir, 'none.db') }, detection: { rules: { 'pbx-cost-cap': { options: { perDay: 120 } } } } });
  assert.equal(
    await describePbxCapInForce(config, TODAY),
    'PBX-wide cost cap (pbx-cost-cap): derived at each run (no state store yet: each run derives it from the days it reads): cap = 2 x the costliest of the last 28 days, at least USD 50.00, at most PBX_DAILY_COST_CAP USD 120.00; extension-days judged fraudulent do not count',
  );
});

test("with a state store: the cap in force today, from the PBX's history without its fraud days", async () => {
  const statePath = join(dir, 'state.db');
  const store = await openStore({ statePath, lockWaitSeconds: 5 });
  try {
    const days = Array.from({ length: 10 }, (_, i) => addDays(TODAY, i - 10));
    await store.withRun('report', { from: days[0]!, to: days[9]! }, async (tx) => {
      await tx.replaceProfiles({ from: days[0]!, to: days[9]! }, days.flatMap((day, i) => [blankProfile('201', day, { outboundCalls: 5, estimatedCost: 40 + i }), blankProfile('202', day, { outboundCalls: 5, estimatedCost: 10 })]));
      // 201's USD 5,000 day was judged fraudulent: it must not raise the cap.
      await tx.replaceProfiles({ from: days[5]!, to: days[5]! }, [blankProfile('201', days[5]!, { outboundCalls: 300, estimatedCost: 5000 }), blankProfile('202', days[5]!, { outboundCalls: 5, estimatedCost: 10 })]);
      await tx.replaceFindings({ from: days[5]!, to: days[5]! }, [{ extension: '201', day: days[5]!, severity: 'critical', rule: 'cost-cap', title: 't', explanation: 'e', estimatedCost: 5000, currency: 'USD', evidence: {}, fingerprint: 'f' }]);
    });
  } finally {
    await store.close();
  }
  const config = configSchema.parse({ store: { statePath } });
  assert.equal(
    await describePbxCapInForce(config, TODAY),
    `PBX-wide cost cap (pbx-cost-cap) in force today: USD 118.00; cap = 2 x the costliest of the last 28 days, at least USD 50.00, no ceiling set (PBX_DAILY_COST_CAP); costliest day ${addDays(TODAY, -1)}, USD 59.00, in 10 days of history; extension-days judged fraudulent do not count`,
  );
});

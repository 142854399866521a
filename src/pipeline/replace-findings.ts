// A CDR run (nightly, report, sweep) replaces the stored findings of the days it
// read: its own judgement supersedes the last one. The live guard's findings are
// not the CDR runs' to drop: they are what it locked and alerted on (their alert
// bookkeeping is how the next live alert is deduplicated), and the CDRs of those
// calls may not be written yet.
import { findLiveRule } from '../detection/live/rules/index.js';
import type { Finding } from '../detection/rule.js';
import type { DayRange } from '../sources/cdr.js';
import type { StateStore, StoreTx } from '../store/store.js';

export async function replaceCdrFindings(store: Pick<StateStore, 'findings'>, tx: Pick<StoreTx, 'replaceFindings'>, days: DayRange, findings: readonly Finding[]): Promise<void> {
  const live = (await store.findings(days)).filter((f) => findLiveRule(f.rule) !== undefined);
  const mine = new Set(findings.map((f) => f.fingerprint));
  await tx.replaceFindings(days, [...findings, ...live.filter((f) => !mine.has(f.fingerprint))]);
}

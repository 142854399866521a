// Exit statuses, as documented in the README.
export const EXIT = {
  ok: 0,
  /** Findings at or above --fail-on. */
  findings: 1,
  /** Bad usage or configuration. */
  usage: 2,
  /** Input could not be read (CDR file, database). */
  input: 3,
  /** Something else failed (a mail or AMI action that could not be done). */
  failure: 4,
} as const;

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

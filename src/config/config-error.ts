// Bad configuration (exit status 2). Apart from load.ts so the CLI can recognise
// it without loading every schema.
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
  }
}

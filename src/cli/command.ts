// A CLI command: its usage text and its body. Its words and one-line summary
// live in commands/index.ts, so listing commands loads none of them.
export interface Command {
  usage: string;
  run(argv: string[]): Promise<number>;
}

export interface CommandEntry {
  /** e.g. ["report"] or ["config", "check"]. */
  words: string[];
  summary: string;
  load(): Promise<Command>;
}

// A CLI command: its words, a one-line summary, its usage text and its body.
export interface Command {
  /** e.g. ["report"] or ["config", "check"]. */
  words: string[];
  summary: string;
  usage: string;
  run(argv: string[]): Promise<number>;
}

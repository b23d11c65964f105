/** What every commands/<name>.ts exports; main.ts holds the table of them. Types only. */
import type { ParsedArgs } from './args.js';

export interface CommandModule {
  summary: string;
  usage: string;
  /** The options it takes, without `--` (and besides --help): expectFlags checks them, `feedloom completion` offers them. */
  flags: readonly string[];
  /** Fixed first words (`store migrate`, `spam train`), offered by completion. */
  words?: readonly string[];
  /** `commands` is the whole table, for the commands that describe the others (completion). */
  run(args: ParsedArgs, commands: CommandTable): Promise<number>;
}

/** Command name → its module, loaded only when used. */
export type CommandTable = Readonly<Record<string, () => Promise<CommandModule>>>;

/** Shared option handling for commands: --config, logging flags. */
import { readConfig } from '../config/read-config.js';
import type { ResolvedConfig } from '../config/resolve-config.js';
import { FeedloomError } from '../core/errors.js';
import { createLogger, type Logger, type LogLevel } from '../pipeline/logger.js';
import { stringFlag, type ParsedArgs } from './args.js';
import { paletteFor } from './colour.js';

export const CONFIG_FLAGS = ['config'];
export const LOG_FLAGS = ['log-format', 'quiet', 'verbose'];

export function configFromArgs(args: ParsedArgs): Promise<ResolvedConfig> {
  return readConfig(stringFlag(args, 'config') ?? process.env.FEEDLOOM_CONFIG ?? 'feeds.config.json');
}

export function loggerFromArgs(args: ParsedArgs): Logger {
  const format = stringFlag(args, 'log-format');
  if (format !== undefined && format !== 'json' && format !== 'text') {
    throw new FeedloomError('E_USAGE', `--log-format must be "json" or "text" (got "${format}")`);
  }
  const json = format === 'json' || (format === undefined && !process.stderr.isTTY);
  const palette = paletteFor(process.stderr);
  const paintLevel = (level: LogLevel, prefix: string) => (level === 'error' ? palette.red(prefix) : level === 'warn' ? palette.yellow(prefix) : palette.dim(prefix));
  return createLogger({ json, quiet: args.flags.quiet === true, verbose: args.flags.verbose === true, paintLevel });
}

/** The run summary goes to stdout as JSON only when asked for; cron mail reads the plain text. */
export function wantsJsonSummary(args: ParsedArgs): boolean {
  return stringFlag(args, 'log-format') === 'json';
}

import { EXIT } from '../../core/exit-codes.js';
import { runCycle } from '../../pipeline/run-cycle.js';
import { expectFlags, type ParsedArgs } from '../args.js';
import { CONFIG_FLAGS, configFromArgs, LOG_FLAGS, loggerFromArgs, wantsJsonSummary } from '../context.js';
import { formatSummary } from './run.js';

export const summary = 'Regenerate every output from the store, without fetching.';
export const usage = `
Usage: feedloom emit [--config FILE] [--log-format text|json]

Re-renders the feeds, digest and pages from the stored items (after editing templates or the
output settings). Files whose content did not change are left untouched.
`;

export const flags: readonly string[] = [...CONFIG_FLAGS, ...LOG_FLAGS];

export async function run(args: ParsedArgs): Promise<number> {
  expectFlags(args, flags, 'emit');
  const config = await configFromArgs(args);
  const logger = loggerFromArgs(args);
  const result = await runCycle(config, { fetch: false, emitAlways: true, logger });
  if (wantsJsonSummary(args)) process.stdout.write(`${JSON.stringify({ summary: result.summary })}\n`);
  else process.stdout.write(formatSummary(result.summary, config.outDir));
  return EXIT.OK;
}

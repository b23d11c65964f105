import cron from 'node-cron';
import { EXIT } from '../../core/exit-codes.js';
import { isFeedloomError } from '../../core/errors.js';
import { runCycle } from '../../pipeline/run-cycle.js';
import { expectFlags, type ParsedArgs } from '../args.js';
import { CONFIG_FLAGS, configFromArgs, LOG_FLAGS, loggerFromArgs, wantsJsonSummary } from '../context.js';
import { formatSummary } from './run.js';

export const summary = 'Run cycles on the configured cron schedule until stopped.';
export const usage = `
Usage: feedloom watch [--config FILE] [--no-emit] [--log-format text|json]

Runs a cycle at once, then on schedule.cron. A cycle never overlaps the previous one (a tick that
comes while one runs is skipped), and a cycle started by another process (cron \`run\`) holding the
lock makes this tick skip too. SIGINT/SIGTERM let the current cycle finish its writes, then exit 0.
On a postgres store several watchers share the due sources instead (see the README, "Running on
several machines"); --no-emit leaves the outputs to one machine that runs \`emit\` or \`serve --watch\`.
`;

export const flags: readonly string[] = [...CONFIG_FLAGS, ...LOG_FLAGS, 'no-emit'];

export async function run(args: ParsedArgs): Promise<number> {
  expectFlags(args, flags, 'watch');
  const config = await configFromArgs(args);
  const logger = loggerFromArgs(args);
  return watchSchedule(config.schedule.cron, async () => {
    const result = await runCycle(await configFromArgs(args), { logger, emit: args.flags['no-emit'] !== true });
    if (wantsJsonSummary(args)) process.stdout.write(`${JSON.stringify({ summary: result.summary })}\n`);
    else process.stdout.write(formatSummary(result.summary, config.outDir));
  }, logger);
}

/** Shared with `serve --watch`: runs `cycle` now and on `expression`, one at a time, until a signal. */
export async function watchSchedule(expression: string, cycle: () => Promise<void>, logger: ReturnType<typeof loggerFromArgs>): Promise<number> {
  let running: Promise<void> | null = null;
  let stopping = false;
  const tick = () => {
    if (running || stopping) {
      if (running) logger.log('info', 'previous cycle still running; skipping this tick');
      return;
    }
    running = cycle()
      .catch((error) => {
        if (isFeedloomError(error) && error.code === 'E_LOCKED') logger.log('info', `skipping this tick: ${error.message}`, { code: error.code });
        else logger.log('error', isFeedloomError(error) ? error.toLine() : String(error), { code: isFeedloomError(error) ? error.code : 'E_INTERNAL' });
      })
      .finally(() => {
        running = null;
      });
  };
  const task = cron.schedule(expression, tick);
  logger.log('info', `watching on "${expression}"; Ctrl-C to stop`);
  tick();
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      logger.log('info', `${signal}: finishing the current cycle, then exiting`);
      task.stop();
      Promise.resolve(running).then(() => resolve());
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  return EXIT.OK;
}

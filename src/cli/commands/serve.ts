import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { EXIT } from '../../core/exit-codes.js';
import { FeedloomError } from '../../core/errors.js';
import { runCycle } from '../../pipeline/run-cycle.js';
import { OPERATOR_FILE_NAMES, OPERATOR_PATH_PREFIX } from '../../pipeline/operator-files.js';
import { createOutServer } from '../../serve/serve-out.js';
import { expectFlags, stringFlag, type ParsedArgs } from '../args.js';
import { CONFIG_FLAGS, configFromArgs, LOG_FLAGS, loggerFromArgs } from '../context.js';
import { formatSummary } from './run.js';
import { watchSchedule } from './watch.js';

export const summary = 'Serve out/ over HTTP (feeds, pages; operator files with --operator-files); --watch also runs the schedule.';
export const usage = `
Usage: feedloom serve [--port 8080] [--host 127.0.0.1] [--watch] [--operator-files] [--config FILE] [--log-format text|json]

Serves the output directory with the right content types (application/rss+xml, application/atom+xml,
application/feed+json, text/html, text/x-opml…), strong ETags and Last-Modified with 304 answers,
gzip or brotli, and HEAD. A directory serves its index.html; there is no directory listing, and no
path leads outside out/ (.., encoded or not, dotfiles and symlinks out are refused).

  --port N     port to listen on (default 8080; 0 picks a free one)
  --host H     address to bind (default 127.0.0.1: this machine only; 0.0.0.0 for every interface)
  --watch      also run cycles on schedule.cron in this process, as \`feedloom watch\` does
  --operator-files
               also serve status.json, health.xml and metrics.prom from output.operatorDir
               (data/status/ by default) under /_operator/, to whoever can reach --host

Stops on SIGINT/SIGTERM (after the current cycle, with --watch).
`;

export const flags: readonly string[] = [...CONFIG_FLAGS, ...LOG_FLAGS, 'port', 'host', 'watch', 'operator-files'];

export async function run(args: ParsedArgs): Promise<number> {
  expectFlags(args, flags, 'serve');
  const config = await configFromArgs(args);
  const logger = loggerFromArgs(args);
  const portText = stringFlag(args, 'port') ?? '8080';
  if (!/^\d+$/.test(portText) || Number(portText) > 65535) throw new FeedloomError('E_USAGE', `--port must be a number from 0 to 65535, got "${portText}"`);
  const host = stringFlag(args, 'host') ?? '127.0.0.1';

  const withOperatorFiles = args.flags['operator-files'] === true;
  const server = createOutServer({
    root: config.outDir,
    extra: withOperatorFiles ? { root: config.operatorDir, prefix: OPERATOR_PATH_PREFIX, names: OPERATOR_FILE_NAMES } : undefined,
    onRequest: (line) => logger.log('debug', `${line.method} ${line.path} ${line.status}`),
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(new FeedloomError('E_USAGE', `cannot listen on ${host}:${portText} (${error.code ?? error.message})`, { cause: error })),
    );
    server.listen(Number(portText), host, () => resolve());
  });
  if (!existsSync(config.outDir)) logger.log('warn', `${config.outDir} does not exist yet: run \`feedloom run\` (or serve --watch) to write the outputs`);
  const address = server.address() as AddressInfo;
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  process.stdout.write(`serving ${config.outDir} on http://${shown}:${address.port}/\n`);
  if (withOperatorFiles) {
    // Said every time: these name fetch URLs, local paths and errors, and are off unless asked for.
    const audience = /^(127\.|::1$|::ffff:127\.)/.test(address.address) ? 'this machine only' : 'anyone who can reach this address, not only this machine';
    process.stdout.write(`serving the operator files (${OPERATOR_FILE_NAMES.join(', ')}) of ${config.operatorDir} on http://${shown}:${address.port}${OPERATOR_PATH_PREFIX} (${audience})\n`);
  }

  const stop = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  if (args.flags.watch === true) {
    await watchSchedule(
      config.schedule.cron,
      async () => {
        const result = await runCycle(await configFromArgs(args), { logger });
        process.stdout.write(formatSummary(result.summary, config.outDir));
      },
      logger,
    );
  } else {
    await new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    });
  }
  await stop();
  return EXIT.OK;
}

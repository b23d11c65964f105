import { existsSync } from 'node:fs';
import path from 'node:path';
import { EXIT } from '../../core/exit-codes.js';
import type { RunSummary } from '../../core/types.js';
import { runCycle } from '../../pipeline/run-cycle.js';
import { expectFlags, type ParsedArgs } from '../args.js';
import { CONFIG_FLAGS, configFromArgs, LOG_FLAGS, loggerFromArgs, wantsJsonSummary } from '../context.js';
import { createProgress } from '../progress.js';
import { EXIT_FOR_SIGNAL, listenForStop } from '../stop-signals.js';

export const summary = 'Run one cycle: fetch due sources, store new items, write outputs.';
export const usage = `
Usage: feedloom run [--config FILE] [--force] [--strict] [--repair] [--no-emit] [--log-format text|json] [--quiet] [--verbose] [--no-progress]

Runs one cycle and prints a summary. Sources that fail are recorded (see \`feedloom status\`) and
do not make the run fail unless --strict is given.

  --config FILE    config file (default: feeds.config.json, or $FEEDLOOM_CONFIG)
  --force          fetch every enabled source now, ignoring next-due times (not a host's Retry-After)
  --strict         exit 4 when any source failed
  --repair         move a corrupt store aside (<file>.corrupt-<time>) and start afresh; the sources
                   whose items were lost are fetched again in full, without their old validators
  --no-emit        store what was fetched but write no outputs (workers on a shared postgres store
                   that leave rendering to one machine running "emit" or "serve --watch")
  --log-format     text (default on a terminal) or json (default otherwise)
  --no-progress    no progress bar on a terminal

SIGTERM or SIGINT (Ctrl-C) stops fetching: what was fetched is stored and published, the rest
stays due for the next run, the lock is released, and one line says what was kept.

Exit codes: 0 done, 4 done with failed sources (--strict), 64 usage, 70 store or internal error,
75 another run holds the lock, 78 configuration error, 130 stopped by SIGINT, 143 stopped by SIGTERM.
`;

export const flags: readonly string[] = [...CONFIG_FLAGS, ...LOG_FLAGS, 'force', 'strict', 'repair', 'no-progress', 'no-emit'];

export async function run(args: ParsedArgs): Promise<number> {
  expectFlags(args, flags, 'run');
  const config = await configFromArgs(args);
  const logger = loggerFromArgs(args);
  const progress = args.flags['no-progress'] === true || logger.json ? null : createProgress(process.stderr);
  // Without these, a signal kills the process mid-cycle: nothing said and the lock left behind (issue 14).
  const stop = listenForStop(() => logger.log('warn', 'still storing what was fetched; stopping as soon as that is safe'));
  let result: Awaited<ReturnType<typeof runCycle>>;
  try {
    result = await runCycle(config, {
      force: args.flags.force === true,
      repair: args.flags.repair === true,
      emit: args.flags['no-emit'] !== true,
      logger,
      onProgress: progress?.update,
      stop: stop.signal,
    });
  } finally {
    progress?.done();
    stop.dispose();
  }
  for (const warning of result.warnings) logger.log('warn', warning);
  const signal = stop.received();
  if (signal !== null) {
    logger.log('warn', `stopped by ${signal}: ${describeKept(result.summary)}`);
    return EXIT_FOR_SIGNAL[signal];
  }
  // --quiet is for cron: warnings and errors only, so a clean run mails nothing.
  if (args.flags.quiet === true) {
    // nothing more to say
  } else if (wantsJsonSummary(args)) process.stdout.write(`${JSON.stringify({ summary: result.summary })}\n`);
  else process.stdout.write(formatSummary(result.summary, config.outDir) + whatToOpenNext(config.outDir));
  return args.flags.strict === true && result.failedSources.length > 0 ? EXIT.SOURCES_FAILED : EXIT.OK;
}

/** The operator's next step after a run: the page it wrote, or the server that shows it. */
function whatToOpenNext(outDir: string): string {
  const shown = (file: string) => path.relative(process.cwd(), path.join(outDir, file)) || path.join(outDir, file);
  if (existsSync(path.join(outDir, 'index.html'))) return `next: open ${shown('index.html')}, or run \`npx feedloom serve\`\n`;
  // Without output.pages there is no front page for `serve` to show at /: name what there is.
  if (existsSync(path.join(outDir, 'recent.html'))) return `next: open ${shown('recent.html')} (set output.pages to true for a front page and article pages), or run \`npx feedloom serve\`\n`;
  return `next: run \`npx feedloom serve\` to see the outputs\n`;
}

function describeKept(summary: RunSummary): string {
  const s = summary.sources;
  const fetched = s.ok + s.notModified + s.unchanged + s.failed;
  return `${fetched} source${fetched === 1 ? '' : 's'} fetched and stored, ${s.deferred ?? 0} not fetched (due next run)`;
}

export function formatSummary(summary: RunSummary, outDir: string): string {
  const s = summary.sources;
  const i = summary.items;
  const o = summary.outputs;
  return [
    `sources: ${s.ok} ok, ${s.notModified} not modified, ${s.unchanged} unchanged, ${s.failed} failed, ${s.skipped} not due`,
    `items:   ${i.new} new, ${i.updated} updated, ${i.filtered} filtered, ${i.duplicate} duplicate, ${i.quarantined} quarantined, ${i.pruned} pruned${i.capped ? `, ${i.capped} over the per-fetch cap` : ''}`,
    `outputs: ${o.written.length} written, ${o.unchanged} unchanged, ${o.removed.length} removed in ${outDir} (${summary.durationMs} ms)`,
    '',
  ].join('\n');
}

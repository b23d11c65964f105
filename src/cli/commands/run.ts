import { existsSync } from 'node:fs';
import path from 'node:path';
import { EXIT } from '../../core/exit-codes.js';
import type { RunSummary } from '../../core/types.js';
import { runCycle } from '../../pipeline/run-cycle.js';
import { expectFlags, type ParsedArgs } from '../args.js';
import { CONFIG_FLAGS, configFromArgs, LOG_FLAGS, loggerFromArgs, wantsJsonSummary } from '../context.js';
import { createProgress } from '../progress.js';

export const summary = 'Run one cycle: fetch due sources, store new items, write outputs.';
export const usage = `
Usage: feedloom run [--config FILE] [--force] [--strict] [--repair] [--log-format text|json] [--quiet] [--verbose] [--no-progress]

Runs one cycle and prints a summary. Sources that fail are recorded (see \`feedloom status\`) and
do not make the run fail unless --strict is given.

  --config FILE    config file (default: feeds.config.json, or $FEEDLOOM_CONFIG)
  --force          fetch every enabled source now, ignoring next-due times
  --strict         exit 4 when any source failed
  --repair         move a corrupt store aside (<file>.corrupt-<time>) and start afresh; the sources
                   whose items were lost are fetched again in full, without their old validators
  --log-format     text (default on a terminal) or json (default otherwise)
  --no-progress    no progress bar on a terminal

Exit codes: 0 done, 4 done with failed sources (--strict), 64 usage, 70 store or internal error,
75 another run holds the lock, 78 configuration error.
`;

export const flags: readonly string[] = [...CONFIG_FLAGS, ...LOG_FLAGS, 'force', 'strict', 'repair', 'no-progress'];

export async function run(args: ParsedArgs): Promise<number> {
  expectFlags(args, flags, 'run');
  const config = await configFromArgs(args);
  const logger = loggerFromArgs(args);
  const progress = args.flags['no-progress'] === true || logger.json ? null : createProgress(process.stderr);
  const result = await runCycle(config, {
    force: args.flags.force === true,
    repair: args.flags.repair === true,
    logger,
    onProgress: progress?.update,
  });
  progress?.done();
  for (const warning of result.warnings) logger.log('warn', warning);
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

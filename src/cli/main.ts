/**
 * The only place that prints fatal errors and exits (STYLE.md: cli prints, commands throw coded
 * errors). Each command lives in commands/<name>.ts and is imported only when used, so a warm
 * `run` never loads the parser or the sanitiser it does not need.
 */
import { redactUrlsInText } from '../core/redact-url.js';
import { EXIT } from '../core/exit-codes.js';
import { FeedloomError, isFeedloomError } from '../core/errors.js';
import { nearest } from '../config/nearest.js';
import { parseArgs } from './args.js';
import { paletteFor } from './colour.js';
import type { CommandTable } from './command-module.js';

const COMMANDS: CommandTable = {
  init: () => import('./commands/init.js'),
  run: () => import('./commands/run.js'),
  watch: () => import('./commands/watch.js'),
  emit: () => import('./commands/emit.js'),
  status: () => import('./commands/status.js'),
  parse: () => import('./commands/parse.js'),
  check: () => import('./commands/check.js'),
  store: () => import('./commands/store.js'),
  add: () => import('./commands/add.js'),
  remove: () => import('./commands/remove.js'),
  'import-opml': () => import('./commands/import-opml.js'),
  'export-opml': () => import('./commands/export-opml.js'),
  explain: () => import('./commands/explain.js'),
  block: () => import('./commands/block.js'),
  unblock: () => import('./commands/unblock.js'),
  quarantine: () => import('./commands/quarantine.js'),
  approve: () => import('./commands/approve.js'),
  spam: () => import('./commands/spam.js'),
  serve: () => import('./commands/serve.js'),
  completion: () => import('./commands/completion.js'),
};

export async function main(argv: string[]): Promise<void> {
  stopQuietlyWhenReaderLeaves(process.stdout);
  stopQuietlyWhenReaderLeaves(process.stderr);
  const code = await runCli(argv);
  process.exitCode = code;
}

export async function runCli(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(await helpText());
    return name === undefined ? EXIT.USAGE : EXIT.OK;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write('feedloom 0.1.0\n');
    return EXIT.OK;
  }
  const load = COMMANDS[name];
  if (!load) {
    const guess = nearest(name, Object.keys(COMMANDS));
    process.stderr.write(`${paletteFor(process.stderr).red('E_USAGE')}: unknown command ${name}${guess ? ` (did you mean ${guess}?)` : ''}; run \`feedloom --help\` for the list\n`);
    return EXIT.USAGE;
  }
  try {
    const command = await load();
    const args = parseArgs(rest);
    if (args.flags.help === true) {
      process.stdout.write(`${command.usage.trim()}\n`);
      return EXIT.OK;
    }
    return await command.run(args, COMMANDS);
  } catch (error) {
    return reportFatal(error);
  }
}

/**
 * `feedloom status | head -1`: the reader closes the pipe and the next write fails with EPIPE.
 * The operator got what they asked for, so stop at once with success rather than a stack trace.
 */
function stopQuietlyWhenReaderLeaves(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(EXIT.OK);
    throw error;
  });
}

function reportFatal(error: unknown): number {
  // The code alone is red: it is what to look up; the rest (paths, URLs) stays plain to copy.
  const red = paletteFor(process.stderr).red;
  if (isFeedloomError(error)) {
    process.stderr.write(`${redactUrlsInText(error.toLine()).replace(/^E_[A-Z_]+/, red)}\n`);
    return exitCodeFor(error);
  }
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`${red('E_INTERNAL')}: ${redactUrlsInText(message)}\n`);
  return EXIT.SOFTWARE;
}

function exitCodeFor(error: FeedloomError): number {
  switch (error.code) {
    case 'E_CONFIG':
      return EXIT.CONFIG;
    case 'E_USAGE':
      return EXIT.USAGE;
    case 'E_LOCKED':
      return EXIT.TEMPFAIL;
    case 'E_NOT_A_FEED':
      return EXIT.NOT_A_FEED;
    case 'E_FILE':
      return isUnreadableInput(error.cause) ? EXIT.NOINPUT : EXIT.SOFTWARE;
    // Only a document the operator named is parsed this way (OPML): their input, not our fault.
    case 'E_PARSE':
      return EXIT.DATAERR;
    case 'E_STORE_CORRUPT':
    case 'E_STORE_IO':
    case 'E_INTERNAL':
      return EXIT.SOFTWARE;
    default:
      return EXIT.SOFTWARE;
  }
}

/** The file was never there or may not be read: the operator's input, not feedloom's fault. */
function isUnreadableInput(cause: unknown): boolean {
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR' || code === 'ENOTDIR';
}

async function helpText(): Promise<string> {
  const lines = ['Usage: feedloom <command> [options]', '', 'Commands:'];
  for (const [name, load] of Object.entries(COMMANDS)) {
    const command = await load();
    lines.push(`  ${name.padEnd(14)}${command.summary}`);
  }
  lines.push('', 'Run `feedloom <command> --help` for its options. Exit codes: see README "Exit codes".', '');
  return lines.join('\n');
}

import { EXIT } from '../../core/exit-codes.js';
import { buildStatusReport, type SourceStatusRow } from '../../pipeline/status-report.js';
import { openConfiguredStore } from '../../pipeline/open-configured-store.js';
import { expectFlags, type ParsedArgs } from '../args.js';
import { paintState, paletteFor, type Palette } from '../colour.js';
import { CONFIG_FLAGS, configFromArgs } from '../context.js';

export const summary = 'Show every source: state, last fetch, last error, next due, 304 share.';
export const usage = `
Usage: feedloom status [--config FILE] [--json]

Reads only the stored source state (never the items), so it is instant even for large stores.
States: new, ok, not-modified, failing, rate-limited, needs-operator, moved, gone, dead, disabled.
`;

export const flags: readonly string[] = [...CONFIG_FLAGS, 'json'];

export async function run(args: ParsedArgs): Promise<number> {
  expectFlags(args, flags, 'status');
  const config = await configFromArgs(args);
  const store = await openConfiguredStore(config);
  try {
    const state = await store.readState();
    const report = buildStatusReport(config, state, new Date());
    if (args.flags.json === true) {
      process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      return EXIT.OK;
    }
    const palette = paletteFor(process.stdout);
    process.stdout.write(formatTable(report.sources, new Date(), palette));
    const suggestions = report.sources.filter((row) => row.suggestion || row.proposal || row.lastError);
    for (const row of suggestions) {
      if (row.suggestion) process.stdout.write(`\n${row.id}: ${row.suggestion}`);
      if (row.proposal) process.stdout.write(`\n${row.id}: ${row.proposal}`);
      if (row.lastError && row.state !== 'ok' && row.state !== 'not-modified') process.stdout.write(`\n${row.id}: ${paintState(palette, row.state, row.lastError.message)}`);
    }
    if (suggestions.length > 0) process.stdout.write('\n');
    const sizeWarning = await store.sizeWarning();
    if (sizeWarning) process.stdout.write(`\n${palette.yellow('warning:')} ${sizeWarning}\n`);
    if (state.lastRun) {
      const run = state.lastRun;
      process.stdout.write(`\nlast run ${run.startedAt} (${run.durationMs} ms): ${run.items.new} new, ${run.items.updated} updated, ${run.sources.failed} sources failed\n`);
    }
    return EXIT.OK;
  } finally {
    await store.close();
  }
}

const STATE_COLUMN = 1;
const ERROR_COLUMN = 11;

function formatTable(rows: SourceStatusRow[], now: Date, palette: Palette): string {
  const header = ['SOURCE', 'STATE', 'LAST FETCH', 'LAST OK', 'FAILS', 'NEXT DUE', 'ITEMS', '/WEEK', '304/SAME', 'SAVED', 'MEDIAN', 'ERROR'];
  const body = rows.map((row) => [
    row.id,
    row.state,
    ago(row.lastFetchAt, now),
    ago(row.lastSuccessAt, now),
    String(row.consecutiveFailures),
    // A 410 source is never polled again, whatever its last next-due time says.
    row.state === 'gone' ? 'retired' : until(row.nextDueAt, now),
    row.itemsStored === null ? '-' : String(row.itemsStored),
    row.itemsPerWeek === null ? '-' : String(row.itemsPerWeek),
    row.unchangedShare === null ? '-' : `${Math.round(row.unchangedShare * 100)}%`,
    humanBytes(row.bytesSaved),
    row.medianFetchMs === null ? '-' : `${Math.round(row.medianFetchMs)} ms`,
    row.lastError && row.state !== 'ok' && row.state !== 'not-modified' ? row.lastError.code : '',
  ]);
  // On a store several processes share, which one fetched each source last.
  if (rows.some((row) => row.fetchedBy !== null)) {
    header.splice(header.length - 1, 0, 'FETCHED BY');
    rows.forEach((row, index) => body[index].splice(header.length - 2, 0, row.fetchedBy ?? '-'));
  }
  const widths = header.map((_, column) => Math.max(header[column].length, ...body.map((line) => line[column].length)));
  // Painted inside the padding: escape codes take no room on screen but would count in padEnd.
  const paint = (row: SourceStatusRow | null, column: number, cell: string) =>
    row !== null && (column === STATE_COLUMN || column === ERROR_COLUMN) && cell !== '' ? paintState(palette, row.state, cell) : cell;
  const format = (cells: string[], row: SourceStatusRow | null) =>
    cells.map((cell, column) => paint(row, column, cell) + ' '.repeat(widths[column] - cell.length)).join('  ').trimEnd();
  return `${[format(header, null), ...body.map((cells, index) => format(cells, rows[index]))].join('\n')}\n`;
}

function ago(iso: string | null, now: Date): string {
  if (!iso) return 'never';
  return `${humanDuration(now.getTime() - Date.parse(iso))} ago`;
}

function until(iso: string | null, now: Date): string {
  if (!iso) return 'now';
  const ms = Date.parse(iso) - now.getTime();
  return ms <= 0 ? 'now' : `in ${humanDuration(ms)}`;
}

function humanDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours}h`;
  return `${Math.round(hours / 24)}d`;
}

function humanBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

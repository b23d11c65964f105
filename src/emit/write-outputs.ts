/**
 * Writes rendered outputs into out/: only files whose bytes changed are replaced (atomically), so an
 * unchanged run leaves contents and mtimes alone and HTTP caches see no change (issue 2 "Output").
 * Files written by an earlier run and no longer produced (a pruned item's page) are deleted; the
 * manifest records what feedloom wrote, so a file it did not write is never touched.
 *
 * The manifest also keeps, per file, its size, modification time and a hash of what was written: a
 * file whose new content hashes the same and whose size and mtime are as recorded is unchanged
 * without being read back (one stat instead of open, read and close: a fifth of an emit's I/O
 * time at 477 files). Anything else (no record, a file edited or touched since) is read and
 * compared as before, so a hand-edited output is still put right.
 */
import { createHash } from 'node:crypto';
import { promises as fs, statSync } from 'node:fs';
import path from 'node:path';
import { FeedloomError } from '../core/errors.js';
import { writeFileAtomic } from '../store/atomic-write.js';
import type { OutputFile } from '../core/types.js';

export const MANIFEST_FILE = '.feedloom-manifest.json';
const MANIFEST_VERSION = 1;
// Parallel writes overlap their fsyncs; more than this buys nothing on one disk.
const WRITE_CONCURRENCY = 8;

export interface WriteResult {
  written: string[];
  unchanged: number;
  removed: string[];
}

export async function writeOutputs(outDir: string, files: OutputFile[]): Promise<WriteResult> {
  const root = path.resolve(outDir);
  const seen = new Set<string>();
  for (const file of files) {
    if (!isSafeRelativePath(file.path) || file.path === MANIFEST_FILE) {
      throw new FeedloomError('E_INTERNAL', 'output path must be relative and stay inside out/', { where: file.path });
    }
    if (seen.has(file.path)) throw new FeedloomError('E_INTERNAL', 'two outputs share one path', { where: file.path });
    seen.add(file.path);
  }
  const previous = await readManifest(root);
  const written: string[] = [];
  const checks: Record<string, string> = {};
  let unchanged = 0;
  await runLimited(files, WRITE_CONCURRENCY, async (file) => {
    const target = path.join(root, file.path);
    const hash = contentHash(file.content);
    let check = fileCheck(target, hash);
    if (check === null || check !== previous.checks.get(file.path)) {
      if ((await fs.readFile(target, 'utf8').catch(() => null)) === file.content) unchanged += 1;
      else {
        await writeFileAtomic(target, file.content);
        written.push(file.path);
        check = fileCheck(target, hash);
      }
    } else unchanged += 1;
    if (check !== null) checks[file.path] = check;
  });
  const removed: string[] = [];
  for (const old of [...previous.files].sort()) {
    if (seen.has(old)) continue;
    const target = path.join(root, old);
    try {
      await fs.unlink(target);
      removed.push(old);
      await removeEmptyParents(root, path.dirname(target));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw new FeedloomError('E_FILE', `cannot remove an output that is no longer produced (${(error as NodeJS.ErrnoException).code})`, { where: target, cause: error });
      }
    }
  }
  const sorted = [...seen].sort();
  const manifest = `${JSON.stringify({ version: MANIFEST_VERSION, files: sorted, checks: Object.fromEntries(sorted.filter((name) => name in checks).map((name) => [name, checks[name]])) }, null, 1)}\n`;
  const manifestPath = path.join(root, MANIFEST_FILE);
  if ((await fs.readFile(manifestPath, 'utf8').catch(() => null)) !== manifest) await writeFileAtomic(manifestPath, manifest);
  return { written: written.sort(), unchanged, removed };
}

/** What the manifest records of one file: size, mtime (ns) and the hash of the content written. */
function fileCheck(target: string, hash: string): string | null {
  const stat = statSync(target, { bigint: true, throwIfNoEntry: false });
  return stat?.isFile() ? `${stat.size}:${stat.mtimeNs}:${hash}` : null;
}

function contentHash(content: string): string {
  return createHash('sha256').update(content).digest('base64url');
}

interface Manifest {
  files: Set<string>;
  checks: Map<string, string>;
}

/**
 * An unreadable manifest only costs the clean-up of stale pages and a read of every file, never a
 * wrong deletion or a skipped write: entries that are not plain relative paths inside out/ are
 * ignored (a tampered manifest cannot reach out), and a check only ever matches a file as it is.
 */
async function readManifest(root: string): Promise<Manifest> {
  const none: Manifest = { files: new Set(), checks: new Map() };
  let raw: string;
  try {
    raw = await fs.readFile(path.join(root, MANIFEST_FILE), 'utf8');
  } catch {
    return none;
  }
  try {
    const data = JSON.parse(raw) as { files?: unknown; checks?: unknown };
    const files = new Set((Array.isArray(data.files) ? data.files : []).filter((entry): entry is string => typeof entry === 'string' && isSafeRelativePath(entry)));
    const checks = new Map<string, string>();
    if (data.checks !== null && typeof data.checks === 'object') {
      for (const [name, check] of Object.entries(data.checks)) if (files.has(name) && typeof check === 'string') checks.set(name, check);
    }
    return { files, checks };
  } catch {
    return none;
  }
}

function isSafeRelativePath(value: string): boolean {
  if (value === '' || value.startsWith('/') || value.includes('\\') || value.includes('\0') || /^[a-z]:/i.test(value)) return false;
  return value.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}

async function removeEmptyParents(root: string, dir: string): Promise<void> {
  for (let current = dir; current.startsWith(root + path.sep); current = path.dirname(current)) {
    try {
      await fs.rmdir(current);
    } catch {
      return; // not empty (or already gone): leave it and everything above it
    }
  }
}

async function runLimited<T>(values: T[], limit: number, task: (value: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, values.length) }, async () => {
    while (next < values.length) await task(values[next++]);
  });
  await Promise.all(workers);
}

/**
 * `--repair`: a corrupt store file is moved aside, never deleted, so an operator can still
 * recover what is in it (RELIABILITY.md R48).
 */
import { promises as fs } from 'node:fs';
import { FeedloomError } from '../core/errors.js';

/** `2026-11-28T11-36-42-123Z`: sortable, and legal in file names everywhere. */
function stamp(now: Date): string {
  return now.toISOString().replace(/[:.]/g, '-');
}

/** Rename `file` (and any companions, e.g. SQLite's -wal and -shm) to `<name>.corrupt-<ts>`; returns the new paths. */
export async function moveAside(files: string[], now: Date): Promise<string[]> {
  const moved: string[] = [];
  const suffix = `.corrupt-${stamp(now)}`;
  for (const file of files) {
    try {
      await fs.rename(file, `${file}${suffix}`);
      moved.push(`${file}${suffix}`);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw new FeedloomError('E_STORE_IO', `cannot move the corrupt file aside (${(error as NodeJS.ErrnoException).code})`, { where: file, cause: error });
    }
  }
  return moved;
}

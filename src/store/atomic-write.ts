/**
 * Durable file replacement: a unique temp file beside the target, fsync, rename over the target,
 * fsync the directory. A process killed at any point leaves the old file or the new one, never a
 * torn one (RELIABILITY.md R45). Failures carry E_STORE_IO with the path (R47).
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { FeedloomError } from '../core/errors.js';

export const TEMP_MARKER = '.feedloom-tmp-';

/** The file operations a write needs: the seam where tests inject ENOSPC or EROFS (R47). */
export interface AtomicWriteIo {
  mkdir: typeof fs.mkdir;
  open: typeof fs.open;
  rename: typeof fs.rename;
}

export const nodeIo: AtomicWriteIo = { mkdir: fs.mkdir, open: fs.open, rename: fs.rename };

/** A temp name beside `target` that no other writer (nor a later run of this pid) can pick. */
export function tempPathFor(target: string): string {
  return path.join(path.dirname(target), `${path.basename(target)}${TEMP_MARKER}${process.pid}-${randomBytes(6).toString('hex')}`);
}

export async function writeFileAtomic(target: string, data: string | Uint8Array, io: AtomicWriteIo = nodeIo): Promise<void> {
  const dir = path.dirname(target);
  const temp = tempPathFor(target);
  let handle: fs.FileHandle | undefined;
  try {
    await io.mkdir(dir, { recursive: true });
    handle = await io.open(temp, 'wx', 0o644);
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await io.rename(temp, target);
    await syncDirectory(dir);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    // Through the real fs: a failing port must not also keep the temp file alive.
    await fs.rm(temp, { force: true }).catch(() => undefined);
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown';
    throw new FeedloomError('E_STORE_IO', `cannot write (${code}); the previous file is intact`, { where: target, cause: error });
  }
}

async function syncDirectory(dir: string): Promise<void> {
  // Without this the rename itself may be lost on power failure (ext4 data=ordered still needs it).
  const handle = await fs.open(dir, 'r').catch(() => undefined);
  if (!handle) return;
  try {
    await handle.sync();
  } catch {
    // Some filesystems refuse fsync on a directory; the rename is still atomic there.
  } finally {
    await handle.close();
  }
}

/** Remove temp files a killed process left behind beside `target`'s directory. */
export async function removeStaleTempFiles(dir: string): Promise<string[]> {
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names) {
    if (!name.includes(TEMP_MARKER)) continue;
    const pid = Number(name.slice(name.indexOf(TEMP_MARKER) + TEMP_MARKER.length).split('-')[0]);
    if (Number.isInteger(pid) && pid !== process.pid && isProcessAlive(pid)) continue;
    await fs.rm(path.join(dir, name), { force: true });
    removed.push(name);
  }
  return removed;
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

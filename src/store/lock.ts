/**
 * One writer at a time (RELIABILITY.md R46). node-cron's noOverlap is in-process only, and lowdb
 * has no lock at all (lowdb#359, #333), so two runs from cron and an operator would interleave
 * writes. The lock file is made complete under a temp name and hard-linked into place: link()
 * fails with EEXIST atomically, and a reader never sees a half-written lock.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FeedloomError } from '../core/errors.js';
import { isProcessAlive, tempPathFor } from './atomic-write.js';
import { LOCK_FILE } from './file-names.js';

/** Twice a generous run budget: a live run never holds the lock this long. */
const DEFAULT_STALE_MS = 6 * 60 * 60 * 1000;

export interface LockHolder {
  pid: number;
  host: string;
  startedAt: string;
  token: string;
}

export interface Lock {
  path: string;
  /** The stale holder this run took the lock from, to be reported as a warning; null when the lock was free. */
  takenOver: LockHolder | null;
  release(): Promise<void>;
}

export interface AcquireLockOptions {
  staleMs?: number;
  now?: () => Date;
}

function ioError(error: unknown, where: string): FeedloomError {
  return new FeedloomError('E_STORE_IO', `cannot use the lock file (${(error as NodeJS.ErrnoException).code})`, { where, cause: error });
}

async function readHolder(file: string): Promise<LockHolder | null | 'absent'> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'absent';
    throw ioError(error, file);
  }
  try {
    const value = JSON.parse(text) as LockHolder;
    return Number.isInteger(value.pid) && typeof value.startedAt === 'string' && typeof value.token === 'string' ? value : null;
  } catch {
    return null;
  }
}

/** Why a holder may be taken over, or null while it is live. Another host's pid cannot be probed, only aged. */
function staleReason(holder: LockHolder | null, now: Date, staleMs: number): string | null {
  if (holder === null) return 'unreadable lock file';
  const age = now.getTime() - Date.parse(holder.startedAt);
  if (!(age <= staleMs)) return `older than ${Math.round(staleMs / 60_000)} min`;
  if (holder.host === os.hostname() && !isProcessAlive(holder.pid)) return `pid ${holder.pid} is not running`;
  return null;
}

async function linkInto(file: string, holder: LockHolder): Promise<boolean> {
  const temp = tempPathFor(file);
  try {
    await fs.writeFile(temp, JSON.stringify(holder) + '\n', { flag: 'wx' });
    await fs.link(temp, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw ioError(error, file);
  } finally {
    await fs.rm(temp, { force: true }).catch(() => undefined);
  }
}

export async function acquireLock(dir: string, options: AcquireLockOptions = {}): Promise<Lock> {
  const now = options.now ?? (() => new Date());
  const staleMs = options.staleMs ?? DEFAULT_STALE_MS;
  const file = path.join(path.resolve(dir), LOCK_FILE);
  await fs.mkdir(path.dirname(file), { recursive: true }).catch((error) => {
    throw ioError(error, file);
  });
  const mine: LockHolder = { pid: process.pid, host: os.hostname(), startedAt: now().toISOString(), token: randomBytes(8).toString('hex') };
  let takenOver: LockHolder | null = null;

  // Bounded: each pass either takes the lock, fails on a live holder, or removes one stale lock.
  for (let attempt = 0; attempt < 5; attempt++) {
    if (await linkInto(file, mine)) return { path: file, takenOver, release: () => releaseLock(file, mine.token) };
    const holder = await readHolder(file);
    if (holder === 'absent') continue;
    const reason = staleReason(holder, now(), staleMs);
    if (reason === null) {
      throw new FeedloomError('E_LOCKED', `another run (pid ${holder!.pid}, started ${holder!.startedAt}) holds ${file}`, { where: file });
    }
    if (await removeIfUnchanged(file, holder)) takenOver = holder ?? { pid: 0, host: '', startedAt: '', token: '' };
  }
  throw new FeedloomError('E_LOCKED', `could not take ${file}: other runs keep replacing it`, { where: file });
}

/**
 * Move the stale lock aside, then check it is the one judged stale: two runs taking over at once
 * must not each delete the lock the other just made. A fresh lock moved by mistake is linked back.
 */
async function removeIfUnchanged(file: string, judged: LockHolder | null): Promise<boolean> {
  const aside = tempPathFor(file);
  try {
    await fs.rename(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw ioError(error, file);
  }
  const moved = await readHolder(aside);
  const same = moved !== 'absent' && (moved === null ? judged === null : moved.token === judged?.token);
  if (!same) await fs.link(aside, file).catch(() => undefined);
  await fs.rm(aside, { force: true });
  return same;
}

async function releaseLock(file: string, token: string): Promise<void> {
  const holder = await readHolder(file);
  // Never remove a lock that another run took over after ours was judged stale.
  if (holder === 'absent' || holder === null || holder.token !== token) return;
  await fs.rm(file, { force: true }).catch((error) => {
    throw ioError(error, file);
  });
}

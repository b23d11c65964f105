/**
 * R46: one writer at a time across processes. The second run fails with E_LOCKED naming the
 * holder's pid and start time; a lock whose process died, or that is older than staleMs, is taken
 * over; release never removes someone else's lock.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { acquireLock } from '../../src/store/lock.js';
import { compileStore, makeTempDir, repoRoot } from './store-fixtures.js';

const holdLock = path.join(repoRoot, 'test', 'store', 'fixtures', 'hold-lock.mjs');
let storeDist: string;
let dir: string;
const children: ChildProcess[] = [];

function startHolder(): Promise<{ child: ChildProcess; report: { held: boolean; pid?: number; code?: string; message?: string } }> {
  const child = spawn(process.execPath, [holdLock, storeDist, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', (line) => resolve({ child, report: JSON.parse(line) }));
    child.once('error', reject);
  });
}

function killAndWait(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

beforeAll(async () => {
  storeDist = await compileStore('lock');
});
beforeEach(async () => {
  dir = await makeTempDir();
});
afterEach(async () => {
  await Promise.all(children.splice(0).map(killAndWait));
  await fs.rm(dir, { recursive: true, force: true });
});
afterAll(async () => {
  await fs.rm(path.dirname(storeDist), { recursive: true, force: true });
});

describe('store lock (R46)', () => {
  it('refuses a second process with E_LOCKED naming the holder pid, start time and lock file', async () => {
    const { child, report } = await startHolder();
    expect(report).toMatchObject({ held: true, pid: child.pid });
    const lockPath = path.join(dir, 'feedloom.lock');
    const failure = await acquireLock(dir).then(() => null, (error: unknown) => error);
    expect(failure).toMatchObject({ code: 'E_LOCKED', where: lockPath });
    expect((failure as Error).message).toMatch(new RegExp(`^another run \\(pid ${child.pid}, started \\d{4}-\\d\\d-\\d\\dT[^)]+\\) holds ${lockPath}$`));

    const second = await startHolder();
    expect(second.report).toMatchObject({ held: false, code: 'E_LOCKED' });
    expect(second.report.message).toContain(`pid ${child.pid}`);
  });

  it('takes over the lock of a process killed with SIGKILL, and says whose it was', async () => {
    const { child } = await startHolder();
    await killAndWait(child);
    const lock = await acquireLock(dir);
    expect(lock.takenOver?.pid).toBe(child.pid);
    const content = JSON.parse(await fs.readFile(lock.path, 'utf8'));
    expect(content.pid).toBe(process.pid);
    await lock.release();
    await expect(fs.stat(lock.path)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('takes over a lock older than staleMs even when its pid is alive', async () => {
    const lockPath = path.join(dir, 'feedloom.lock');
    const old = { pid: process.ppid, host: os.hostname(), startedAt: '2026-11-28T00:00:00.000Z', token: 'old' };
    await fs.writeFile(lockPath, JSON.stringify(old));
    const now = () => new Date('2026-11-28T07:00:00.000Z');
    await expect(acquireLock(dir, { now, staleMs: 8 * 3_600_000 })).rejects.toMatchObject({ code: 'E_LOCKED' });
    const lock = await acquireLock(dir, { now });
    expect(lock.takenOver).toMatchObject({ pid: process.ppid, token: 'old' });
    await lock.release();
  });

  it('lets exactly one of two simultaneous attempts win', async () => {
    const results = await Promise.allSettled([acquireLock(dir), acquireLock(dir), acquireLock(dir)]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    for (const result of results) {
      if (result.status === 'rejected') expect(result.reason).toMatchObject({ code: 'E_LOCKED' });
    }
  });

  it('does not remove a lock another run took over after ours went stale', async () => {
    const now = () => new Date('2026-11-28T00:00:00.000Z');
    const ours = await acquireLock(dir, { now });
    const later = () => new Date('2026-11-28T07:00:00.000Z');
    const theirs = await acquireLock(dir, { now: later });
    expect(theirs.takenOver?.pid).toBe(process.pid);
    await ours.release();
    expect(JSON.parse(await fs.readFile(theirs.path, 'utf8')).startedAt).toBe('2026-11-28T07:00:00.000Z');
    await theirs.release();
  });

  it('can be taken again after release', async () => {
    const first = await acquireLock(dir);
    await first.release();
    const second = await acquireLock(dir);
    expect(second.takenOver).toBeNull();
    await second.release();
  });
});

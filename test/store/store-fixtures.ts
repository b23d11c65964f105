/** Source-state builder and file helpers shared by the store tests (items: test/helpers/stored-item.ts). Real temp directories, no mocks. */
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { SourceState } from '../../src/core/types.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export function makeSourceState(id: string, overrides: Partial<SourceState> = {}): SourceState {
  return {
    id,
    fetchUrl: `http://127.0.0.1:1/${id}.xml`,
    configUrl: `http://127.0.0.1:1/${id}.xml`,
    status: 'ok',
    etag: '"v1"',
    lastModified: null,
    bodyHash: null,
    lastFetchAt: '2026-11-28T10:00:00.000Z',
    lastSuccessAt: '2026-11-28T10:00:00.000Z',
    lastError: null,
    consecutiveFailures: 0,
    firstFailureAt: null,
    nextDueAt: null,
    pendingRedirect: null,
    redirects: [],
    title: id,
    siteLink: null,
    hints: null,
    warnings: [],
    stats: { polls: 1, notModified: 0, unchanged: 0, bytesFetched: 100, bytesSaved: 0, lastBodyBytes: 100, fetchMs: [5] },
    ...overrides,
  };
}

export async function makeTempDir(prefix = 'feedloom-store-'): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), prefix));
}

/** Name → size and mtime of every file in `dir`: equal snapshots mean nothing was written. */
export async function snapshotDir(dir: string): Promise<Record<string, string>> {
  const snapshot: Record<string, string> = {};
  for (const name of (await fs.readdir(dir)).sort()) {
    const stat = await fs.stat(path.join(dir, name));
    snapshot[name] = `${stat.size}:${stat.mtimeMs}`;
  }
  return snapshot;
}

/**
 * Compile src/store (and what it imports) to plain JS for child processes: tsx is not installed.
 * A private outDir inside the repo (git-ignored test/artifacts/) so node resolves lowdb and
 * better-sqlite3 from node_modules, and so parallel test files and other helpers' builds of dist/
 * never race. Callers remove it in afterAll.
 */
export async function compileStore(name: string): Promise<string> {
  // The pid keeps two concurrent runs of the same test file from deleting each other's build.
  const outDir = path.join(repoRoot, 'test', 'artifacts', `store-dist-${name}-${process.pid}`);
  await fs.rm(outDir, { recursive: true, force: true });
  const files = ['store.ts', 'lock.ts', 'migrate.ts', 'better-sqlite3.d.ts'].map((file) => path.join(repoRoot, 'src', 'store', file));
  const args = ['--outDir', outDir, '--rootDir', path.join(repoRoot, 'src'), '--module', 'NodeNext', '--moduleResolution', 'NodeNext'];
  args.push('--target', 'ES2022', '--strict', '--skipLibCheck', '--esModuleInterop', ...files);
  await promisify(execFile)(path.join(repoRoot, 'node_modules', '.bin', 'tsc'), args, { cwd: repoRoot });
  return path.join(outDir, 'store');
}

#!/usr/bin/env node
/**
 * A throwaway PostgreSQL cluster for tests and benchmarks: initdb in a temp folder, run as a
 * non-root user (PostgreSQL refuses root; as root the folder is given to the `postgres` user, which
 * Debian's package creates), listening on 127.0.0.1 only, on a free port, fsync off.
 *
 *   node scripts/pg-cluster.mjs start DIR   prints the connection URL (postgres://feedloom@127.0.0.1:PORT/postgres)
 *   node scripts/pg-cluster.mjs stop DIR
 *
 * Imported, `startCluster()` does the same and returns { url, dir, stop }.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, chownSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** The newest installed server's bin directory, or null when PostgreSQL is not installed. */
export function findPostgresBin() {
  const candidates = [];
  try {
    candidates.push(execFileSync('pg_config', ['--bindir'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
  } catch {
    // pg_config is in the -dev package; Debian's server lives under /usr/lib/postgresql/<version>/bin.
  }
  if (existsSync('/usr/lib/postgresql')) {
    const versions = readdirSync('/usr/lib/postgresql').filter((name) => /^\d+$/.test(name)).sort((a, b) => Number(b) - Number(a));
    for (const version of versions) candidates.push(`/usr/lib/postgresql/${version}/bin`);
  }
  return candidates.find((dir) => existsSync(path.join(dir, 'initdb')) && existsSync(path.join(dir, 'pg_ctl'))) ?? null;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Root cannot run the server: hand the folder to `postgres` and run the tools as that user. */
function asServerUser(command, args) {
  if (process.getuid?.() !== 0) return [command, args];
  return ['runuser', ['-u', 'postgres', '--', command, ...args]];
}

function run(command, args) {
  const [cmd, argv] = asServerUser(command, args);
  const result = spawnSync(cmd, argv, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${path.basename(command)} failed (${result.status}): ${(result.stderr || result.stdout || String(result.error)).trim().slice(0, 500)}`);
  return result.stdout;
}

export async function startCluster(dir = mkdtempSync(path.join(os.tmpdir(), 'feedloom-pg-'))) {
  const bin = findPostgresBin();
  if (!bin) throw new Error('PostgreSQL is not installed (no initdb under /usr/lib/postgresql/*/bin); on Debian: apt-get install postgresql');
  mkdirSync(dir, { recursive: true });
  if (process.getuid?.() === 0) chownSync(dir, Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()), Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()));
  const data = path.join(dir, 'data');
  run(path.join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'feedloom', '-E', 'UTF8', '--no-sync', '--no-instructions']);
  const port = await freePort();
  const settings = [
    `-p ${port}`,
    `-k ${dir}`,
    '-c listen_addresses=127.0.0.1',
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    '-c max_connections=200',
  ].join(' ');
  run(path.join(bin, 'pg_ctl'), ['-D', data, '-o', settings, '-l', path.join(dir, 'server.log'), '-w', '-t', '60', 'start']);
  const url = `postgres://feedloom@127.0.0.1:${port}/postgres`;
  writeFileSync(path.join(dir, 'url'), `${url}\n`);
  return { url, dir, stop: () => stopCluster(dir) };
}

export function stopCluster(dir) {
  const bin = findPostgresBin();
  const data = path.join(dir, 'data');
  if (bin && existsSync(path.join(data, 'postmaster.pid'))) {
    try {
      run(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } catch {
      // Already gone: nothing to stop.
    }
  }
  rmSync(dir, { recursive: true, force: true });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [action, dir] = process.argv.slice(2);
  if (action === 'start') {
    const cluster = await startCluster(dir ? path.resolve(dir) : undefined);
    process.stdout.write(`${cluster.url}\n`);
  } else if (action === 'stop' && dir) {
    stopCluster(path.resolve(dir));
  } else if (action === 'url' && dir) {
    process.stdout.write(readFileSync(path.join(path.resolve(dir), 'url'), 'utf8'));
  } else {
    process.stderr.write('usage: node scripts/pg-cluster.mjs start [DIR] | stop DIR | url DIR\n');
    process.exit(64);
  }
}

/**
 * Runs the real CLI (bin/feedloom.js over the compiled dist/) as a child process. `npm test` builds
 * dist/ first (the pretest script), so these tests exercise exactly what users run.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const PROJECT_ROOT = path.resolve(new URL('../..', import.meta.url).pathname);
export const CLI = path.join(PROJECT_ROOT, 'bin', 'feedloom.js');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export function runCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<CliResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: options.cwd ?? PROJECT_ROOT,
      env: { ...process.env, FORCE_COLOR: '0', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started });
    });
  });
}

/** A temp project directory holding a config file; returns the directory and config path. */
export function tempProject(config: object, files: Record<string, string | Buffer> = {}): { dir: string; configPath: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'feedloom-e2e-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
  const configPath = path.join(dir, 'feeds.config.json');
  writeFileSync(configPath, JSON.stringify(config, null, 2));
  return { dir, configPath };
}

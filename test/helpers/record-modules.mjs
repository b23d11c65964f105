// Loaded with `--import` into a CLI child process by test/config/zod-free-run.test.ts: appends
// every module URL the process resolves to the file named by FEEDLOOM_TEST_MODULES, one a line.
import { appendFileSync } from 'node:fs';
import { register } from 'node:module';
import { isMainThread } from 'node:worker_threads';

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  appendFileSync(process.env.FEEDLOOM_TEST_MODULES, `${resolved.url}\n`);
  return resolved;
}

// The hooks run on a loader thread, which loads this file again: register once, from the main thread.
if (isMainThread) register(import.meta.url);

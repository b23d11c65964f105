// Loaded with `--import` by the bench's `config` scenario (bench/run.js): with
// FEEDLOOM_BENCH_CONFIG=zod, read-config.ts gets a parse-config-fast.js whose answer is always
// "needs zod", so the run validates its config through the zod schema, as it would without the
// fast path; with any other value the hook only passes resolutions through, so both arms pay for
// the hook alike. A bench device only: the CLI has no switch for this.
import { register } from 'node:module';
import { isMainThread } from 'node:worker_threads';

const ZOD_ONLY = 'data:text/javascript,export function parseConfigFast() { return null; }';

export async function resolve(specifier, context, nextResolve) {
  if (process.env.FEEDLOOM_BENCH_CONFIG === 'zod' && specifier === './parse-config-fast.js' && context.parentURL?.endsWith('/config/read-config.js')) {
    return { url: ZOD_ONLY, shortCircuit: true };
  }
  return nextResolve(specifier, context);
}

// The hooks themselves run on a loader thread, which loads this file again: register only once.
if (isMainThread) register(import.meta.url);

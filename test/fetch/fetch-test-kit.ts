/**
 * Shared set-up for the fetch tests: a policy that admits exactly the fixture server's
 * `127.0.0.1:<port>`, short deadlines so the suite is quick, and a `lookup` that resolves nothing
 * (every fixture URL is an IP literal; a name reaching DNS would be a bug, and is recorded).
 */
import { FeedloomError } from '../../src/core/errors.js';
import type { FetchPolicy, LookupFunction } from '../../src/fetch/policy.js';

export const MIB = 1024 * 1024;

export function recordingLookup(): { lookup: LookupFunction; names: string[] } {
  const names: string[] = [];
  const lookup: LookupFunction = (hostname, _options, callback) => {
    names.push(hostname);
    callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), []);
  };
  return { lookup, names };
}

export function testPolicy(hostPort: string, overrides: Partial<FetchPolicy> = {}): FetchPolicy {
  return {
    connectTimeoutMs: 1_000,
    timeoutMs: 2_000,
    maxBodyBytes: 2 * MIB,
    maxRedirects: 5,
    userAgent: 'feedloom-test/0.1 (+http://127.0.0.1/)',
    allow: [hostPort],
    lookup: recordingLookup().lookup,
    ...overrides,
  };
}

/** Run `action`, expect a FeedloomError, return it with the elapsed time. */
export async function expectFailure(action: () => Promise<unknown>): Promise<{ error: FeedloomError; elapsedMs: number }> {
  const started = performance.now();
  try {
    await action();
  } catch (error) {
    if (!(error instanceof FeedloomError)) throw new Error(`expected a FeedloomError, got ${String(error)}`, { cause: error });
    return { error, elapsedMs: performance.now() - started };
  }
  throw new Error('expected the fetch to fail, but it succeeded');
}

/** Whether the connection of the last request to `path` closed (waiting up to 1 s for the FIN). */
export async function lastSocketClosed(server: { hits(path: string): Array<{ socketClosed: boolean }> }, path: string): Promise<boolean> {
  const request = server.hits(path).at(-1);
  for (let i = 0; i < 50 && request && !request.socketClosed; i += 1) await new Promise((resolve) => setTimeout(resolve, 20));
  return request?.socketClosed ?? false;
}

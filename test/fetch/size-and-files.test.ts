/**
 * Size caps (R31) for fetched bodies and local feed files.
 */
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEFAULTS } from '../../src/config/schema.js';
import { fetchFeed } from '../../src/fetch/fetch-feed.js';
import { readFeedFile } from '../../src/fetch/read-file.js';
import { FEED_XML, startHostileServer, type HostileServer } from '../helpers/hostile-server.js';
import { expectFailure, MIB, testPolicy } from './fetch-test-kit.js';

let server: HostileServer;
let dir: string;

beforeAll(async () => {
  server = await startHostileServer();
  dir = await mkdtemp(join(tmpdir(), 'feedloom-read-file-'));
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe('R31 a valid 20 MiB feed', () => {
  test('R31 is refused with E_TOO_LARGE at the default 15 MiB cap, on its Content-Length', async () => {
    const policy = testPolicy(server.hostPort, { maxBodyBytes: DEFAULTS.maxBodyBytes, timeoutMs: 10_000 });
    const { error, elapsedMs } = await expectFailure(() => fetchFeed({ url: `${server.origin}/huge?mib=20` }, policy));
    expect(error.code).toBe('E_TOO_LARGE');
    expect(error.message).toBe('declares 20 MiB, over the 15 MiB cap');
    expect(elapsedMs).toBeLessThan(5_000);
  });

  test('R31 is fetched whole when the cap is raised, with peak memory within 5× the body', async () => {
    const policy = testPolicy(server.hostPort, { maxBodyBytes: 32 * MIB, timeoutMs: 20_000 });
    const start = process.memoryUsage.rss();
    let peak = start;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage.rss());
    }, 5);
    const outcome = await fetchFeed({ url: `${server.origin}/huge?mib=20` }, policy).finally(() => clearInterval(sampler));
    expect(outcome.kind).toBe('fetched');
    if (outcome.kind !== 'fetched') return;
    expect(outcome.bytes).toBeGreaterThanOrEqual(20 * MIB);
    expect(outcome.body.subarray(-17).toString()).toBe('</channel></rss>\n');
    // The server half lives in this process too (it builds the 20 MiB body), so this bounds both.
    expect(peak - start).toBeLessThan(5 * outcome.bytes);
  });
});

describe('local feed files', () => {
  test('a file under the cap is read whole', async () => {
    const path = join(dir, 'feed.xml');
    await writeFile(path, FEED_XML);
    expect((await readFeedFile(path, 1024 * 1024)).toString('utf8')).toBe(FEED_XML);
  });

  test('R31 a file over the cap fails with E_TOO_LARGE naming the path', async () => {
    const path = join(dir, 'big.xml');
    await writeFile(path, Buffer.alloc(4096, 0x20));
    const { error } = await expectFailure(() => readFeedFile(path, 4095));
    expect(error.code).toBe('E_TOO_LARGE');
    expect(error.where).toBe(path);
    expect((await readFeedFile(path, 4096)).length).toBe(4096);
  });

  test('a missing file fails with E_FILE naming the path', async () => {
    const path = join(dir, 'missing.xml');
    const { error } = await expectFailure(() => readFeedFile(path, 1024));
    expect(error.code).toBe('E_FILE');
    expect(error.toLine()).toBe(`E_FILE: ${path}: no such file`);
  });

  test('a directory fails with E_FILE', async () => {
    const path = join(dir, 'a-directory.xml');
    await mkdir(path);
    const { error } = await expectFailure(() => readFeedFile(path, 1024));
    expect(error.code).toBe('E_FILE');
  });
});

/**
 * parse-pool.ts on real worker threads (issue 7). Workers run compiled JavaScript, so src/parse is
 * compiled (with what it imports) into a private test/artifacts/ directory first: the pool starts
 * `parse-worker.js` beside the compiled `parse-pool.js` exactly as it does from dist/, and parallel
 * builds of dist/ by others cannot race it. Answers are compared with in-process parseFeed from src.
 */
import { execFile } from 'node:child_process';
import { existsSync, promises as fs, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../src/config/schema.js';
import { FeedloomError } from '../../src/core/errors.js';
import { normaliseFeedItems, type NormaliseOptions } from '../../src/normalise/normalise-item.js';
import { parseFeed } from '../../src/parse/parse-feed.js';
import { analyseItem } from '../../src/dedupe/item-analysis.js';
import { classifyFeatures, shareModel } from '../../src/filter/spam-model.js';
import { modelFeaturesOf } from '../../src/filter/spam.js';
import { spamModelFor } from '../../src/pipeline/spam-model-load.js';
import { MAX_XML_DEPTH } from '../../src/parse/xml-tree.js';
import type * as PoolModule from '../../src/parse/parse-pool.js';
import type * as ErrorsModule from '../../src/core/errors.js';

const run = promisify(execFile);
const ROOT = path.resolve(new URL('../..', import.meta.url).pathname);
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'parse');
const OUT = path.join(ROOT, 'test', 'artifacts', `parse-pool-dist-${process.pid}`);
const BROKEN = `${OUT}-broken-worker`;

const fixtures = readdirSync(FIXTURES)
  .filter((name) => /\.(xml|json)$/.test(name) && !name.endsWith('.expected.json'))
  .map((name) => ({ name, bytes: readFileSync(path.join(FIXTURES, name)) }));
const rss = (items: string): Buffer => Buffer.from(`<?xml version="1.0"?><rss version="2.0"><channel><title>Pool</title><link>http://example.org/</link>${items}</channel></rss>`);
const HTML_PAGE = Buffer.from('<!DOCTYPE html><html><head><title>Not a feed</title></head><body>Hello</body></html>');
/** ~12 MB of items: far more than a 16 MB worker heap can hold as a tree. */
const HUGE = rss('<item><title>a</title><guid>g</guid></item>'.repeat(300_000));

const NORMALISE: NormaliseOptions = {
  sourceId: 'pool-source',
  now: new Date('2026-01-01T00:00:00.000Z'),
  limits: { titleLength: 40, authorLength: DEFAULTS.authorLength, categoryLength: DEFAULTS.categoryLength, maxCategories: 2, urlLength: DEFAULTS.urlLength },
  excerptLength: 60,
  maxItemsPerFetch: 3,
};

let pool: typeof PoolModule;
let errors: typeof ErrorsModule;

async function failureOf(promise: Promise<unknown>): Promise<Record<string, unknown>> {
  const error = await promise.then(
    () => expect.fail('expected the parse to fail'),
    (caught: unknown) => caught as Error & Record<string, unknown>,
  );
  return { instance: error instanceof errors.FeedloomError, name: error.name, code: error.code, message: error.message, where: error.where };
}

function failureInProcess(bytes: Uint8Array, hints: { url?: string }): Record<string, unknown> {
  try {
    parseFeed(bytes, hints);
  } catch (caught) {
    const error = caught as Error & Record<string, unknown>;
    return { instance: error instanceof FeedloomError, name: error.name, code: error.code, message: error.message, where: error.where };
  }
  return expect.fail('expected parseFeed to throw');
}

beforeAll(async () => {
  await fs.rm(OUT, { recursive: true, force: true });
  const files = ['parse/parse-pool.ts', 'parse/parse-worker.ts'].map((file) => path.join(ROOT, 'src', file));
  const args = ['--outDir', OUT, '--rootDir', path.join(ROOT, 'src'), '--module', 'NodeNext', '--moduleResolution', 'NodeNext'];
  args.push('--target', 'ES2022', '--strict', '--skipLibCheck', '--esModuleInterop', '--resolveJsonModule', ...files);
  // tsc still emits when a file someone else is editing fails to type-check; that is tsc --noEmit's business.
  await run(path.join(ROOT, 'node_modules', '.bin', 'tsc'), args, { cwd: ROOT }).catch((error: unknown) => {
    if (!existsSync(path.join(OUT, 'parse', 'parse-worker.js')) || !existsSync(path.join(OUT, 'parse', 'parse-pool.js'))) throw error;
  });
  pool = await import(pathToFileURL(path.join(OUT, 'parse', 'parse-pool.js')).href);
  errors = await import(pathToFileURL(path.join(OUT, 'core', 'errors.js')).href);
  // The same build with a worker entry that cannot load, as a missing or broken dist/ would be.
  await fs.cp(OUT, BROKEN, { recursive: true });
  await fs.writeFile(path.join(BROKEN, 'parse', 'parse-worker.js'), "throw new Error('this worker cannot load');\n");
});

afterAll(async () => {
  await fs.rm(OUT, { recursive: true, force: true });
  await fs.rm(BROKEN, { recursive: true, force: true });
});

describe('parse pool answers as in-process parseFeed does', () => {
  it('every fixture in test/fixtures/parse parsed on two workers deep-equals in-process parseFeed', async () => {
    const parser = pool.createParsePool({ size: 2, inProcessBytes: 0 });
    const hints = { url: 'http://example.org/dir/feed.xml', contentType: 'application/xml; charset=utf-8' };
    const parsed = await Promise.all(fixtures.map(({ bytes }) => parser.parse(Buffer.from(bytes), hints)));
    expect(parser.stats()).toMatchObject({ inProcess: 0, inWorkers: fixtures.length, crashes: 0 });
    await parser.close();
    expect(fixtures.length).toBeGreaterThanOrEqual(15);
    fixtures.forEach(({ bytes }, index) => expect(parsed[index]).toEqual(parseFeed(bytes, hints)));
  });

  it('an HTML page fails with the same E_NOT_A_FEED code, message and where, as a FeedloomError', async () => {
    const parser = pool.createParsePool({ size: 1, inProcessBytes: 0 });
    const hints = { url: 'http://example.org/page' };
    const failure = await failureOf(parser.parse(Buffer.from(HTML_PAGE), hints));
    await parser.close();
    expect(failure).toEqual(failureInProcess(HTML_PAGE, hints));
    expect(failure.code).toBe('E_NOT_A_FEED');
  });

  it('malformed JSON fails with E_NOT_A_FEED and keeps its SyntaxError cause across the thread boundary', async () => {
    const parser = pool.createParsePool({ size: 1, inProcessBytes: 0 });
    const bytes = Buffer.from('{"version": "https://jsonfeed.org/version/1.1", "items": [');
    const error = (await parser.parse(Buffer.from(bytes), {}).catch((caught: unknown) => caught)) as Error;
    await parser.close();
    const expected = (() => {
      try {
        parseFeed(bytes, {});
      } catch (caught) {
        return caught as Error;
      }
      return expect.fail('expected parseFeed to throw');
    })();
    expect({ code: (error as unknown as { code: string }).code, message: error.message }).toEqual({ code: 'E_NOT_A_FEED', message: expected.message });
    expect(error.cause).toBeInstanceOf(SyntaxError);
    expect((error.cause as Error).message).toBe((expected.cause as Error).message);
  });

  it(`a document nested deeper than MAX_XML_DEPTH (${MAX_XML_DEPTH}) is flattened with the same warning in a worker`, async () => {
    const deep = rss(`<item><title>deep</title><description>${'<x>'.repeat(MAX_XML_DEPTH + 200)}core${'</x>'.repeat(MAX_XML_DEPTH + 200)}</description></item>`);
    const parser = pool.createParsePool({ size: 1, inProcessBytes: 0 });
    const feed = await parser.parse(Buffer.from(deep), {});
    await parser.close();
    expect(feed).toEqual(parseFeed(deep, {}));
    expect(feed.warnings.some((warning) => warning.includes(`deeper than ${MAX_XML_DEPTH}`))).toBe(true);
  });
});

describe('parse pool normalising in the worker', () => {
  it('prepare on a worker and in-process both equal normaliseFeedItems(parseFeed(…)) on every fixture', async () => {
    const hints = { url: 'http://example.org/dir/feed.xml' };
    const expected = fixtures.map(({ bytes }) => {
      const feed = parseFeed(bytes, hints);
      return { feed, normalised: normaliseFeedItems(feed, NORMALISE) };
    });
    for (const size of [2, 0]) {
      const parser = pool.createParsePool({ size, inProcessBytes: 0 });
      const results = await Promise.all(fixtures.map(({ bytes }) => parser.prepare(Buffer.from(bytes), hints, { ...NORMALISE, analyse: false })));
      expect(parser.stats()).toMatchObject(size === 0 ? { inProcess: fixtures.length } : { inWorkers: fixtures.length });
      await parser.close();
      results.forEach((result, index) => {
        expect(result.normalised).toEqual(expected[index].normalised);
        // The feed comes without its parsed items, from a worker or not: the normalised items carry what ingest reads.
        expect(result.feed).toEqual({ ...expected[index].feed, items: [] });
        expect(result.analyses).toBeNull();
      });
    }
    expect(expected.some(({ normalised }) => normalised.capped > 0)).toBe(true);
  });

  it("with analyse, a worker also sends each item's spam facts and dedupe features, equal to those worked out here", async () => {
    const hints = { url: 'http://example.org/dir/feed.xml' };
    const parser = pool.createParsePool({ size: 1, inProcessBytes: 0 });
    const results = await Promise.all(fixtures.map(({ bytes }) => parser.prepare(Buffer.from(bytes), hints, { ...NORMALISE, analyse: true })));
    await parser.close();
    let items = 0;
    for (const result of results) {
      expect(result.analyses).toHaveLength(result.normalised.items.length);
      result.normalised.items.forEach((item, index) => expect(result.analyses![index]).toEqual(analyseItem(structuredClone(item))));
      items += result.normalised.items.length;
    }
    expect(items).toBeGreaterThan(10);
  });

  it("given the run's model in shared memory, a worker sends each item's classifier verdict instead of its features (issue 11)", async () => {
    const hints = { url: 'http://example.org/dir/feed.xml' };
    const model = shareModel(spamModelFor());
    const parser = pool.createParsePool({ size: 1, inProcessBytes: 0 });
    const results = await Promise.all(fixtures.map(({ bytes }) => parser.prepare(Buffer.from(bytes), hints, { ...NORMALISE, analyse: true, model })));
    await parser.close();
    let items = 0;
    for (const result of results) {
      result.normalised.items.forEach((item, index) => {
        const analysis = result.analyses![index];
        expect(analysis.model).toBeUndefined();
        expect(analysis.verdict).toEqual(classifyFeatures(model, modelFeaturesOf(structuredClone(item))));
        expect(analysis).toEqual(analyseItem(structuredClone(item), model));
      });
      items += result.normalised.items.length;
    }
    expect(items).toBeGreaterThan(10);
  });

  it('items the source has stored unchanged are counted, not sent; the rest come with their analyses (issue 11)', async () => {
    const hints = { url: 'http://example.org/dir/feed.xml' };
    const bytes = fixtures.map((fixture) => fixture.bytes).find((body) => normaliseFeedItems(parseFeed(Buffer.from(body), hints), NORMALISE).items.length >= 3)!;
    const all = normaliseFeedItems(parseFeed(Buffer.from(bytes), hints), NORMALISE).items;
    // The first stored as it is, the second stored with other content (an update), the rest new.
    const stored = new Map([[all[0].key, all[0].contentHash], [all[1].key, 'an older hash']]);
    const parser = pool.createParsePool({ size: 1, inProcessBytes: 0 });
    const result = await parser.prepare(Buffer.from(bytes), hints, { ...NORMALISE, analyse: true, stored });
    await parser.close();
    expect(result.normalised.unchanged).toBe(1);
    expect(result.normalised.items).toEqual(all.slice(1));
    expect(result.analyses).toEqual(all.slice(1).map((item) => analyseItem(structuredClone(item))));
    expect(normaliseFeedItems(parseFeed(Buffer.from(bytes), hints), NORMALISE, (item) => stored.get(item.key) === item.contentHash).items).toEqual(all.slice(1));
  });

  it('in-process, prepare leaves the analysis to ingest (which reads nothing for unchanged items)', async () => {
    const parser = pool.createParsePool({ size: 0 });
    const result = await parser.prepare(Buffer.from(fixtures[0].bytes), {}, { ...NORMALISE, analyse: true });
    await parser.close();
    expect(result.normalised.items.length).toBeGreaterThan(0);
    expect(result.analyses).toBeNull();
  });
});

describe('parse pool workers and their life cycle', () => {
  it('a body sent to an idle, ready worker is moved, not copied; a pooled Buffer slice is copied and left intact', async () => {
    const parser = pool.createParsePool({ size: 1, inProcessBytes: 0 });
    await parser.parse(Buffer.from(fixtures[0].bytes), {});
    const whole = new Uint8Array(fixtures[0].bytes);
    const moved = parser.parse(whole, {});
    expect(whole.byteLength).toBe(0);
    await moved;
    const small = Buffer.from('<rss version="2.0"><channel><title>pooled</title></channel></rss>');
    const neighbour = Buffer.from('neighbour bytes');
    expect(small.buffer).toBe(neighbour.buffer);
    const feed = await parser.parse(small, {});
    await parser.close();
    expect(feed.title).toBe('pooled');
    expect(small.toString()).toContain('pooled');
    expect(neighbour.toString()).toBe('neighbour bytes');
  });

  it('a small run parses in-process and starts no worker; workers start once inProcessBytes are exceeded', async () => {
    const five = fixtures.slice(0, 5);
    const parser = pool.createParsePool({ size: 2 });
    for (const { bytes } of five) await parser.parse(Buffer.from(bytes), {});
    expect(parser.stats()).toMatchObject({ inProcess: 5, inWorkers: 0, workersStarted: 0 });
    await parser.close();

    const limit = five[0].bytes.length + five[1].bytes.length;
    const switching = pool.createParsePool({ size: 1, inProcessBytes: limit });
    for (const { bytes } of five) await switching.parse(Buffer.from(bytes), {});
    expect(switching.stats()).toMatchObject({ inProcess: 2, inWorkers: 3, workersStarted: 1 });
    await switching.close();
  });

  it('a pool of size 0 parses everything in-process', async () => {
    const parser = pool.createParsePool({ size: 0, inProcessBytes: 0 });
    const feed = await parser.parse(Buffer.from(fixtures[0].bytes), {});
    expect(feed).toEqual(parseFeed(fixtures[0].bytes, {}));
    expect(parser.stats()).toMatchObject({ inProcess: 1, workersStarted: 0 });
    await parser.close();
  });

  it('a worker that runs out of heap fails only the feed it was parsing (E_TOO_LARGE) and is replaced', async () => {
    const parser = pool.createParsePool({ size: 1, inProcessBytes: 0, maxInFlightPerWorker: 2, maxWorkerHeapMb: 16 });
    await parser.parse(Buffer.from(fixtures[0].bytes), {});
    const huge = parser.parse(Buffer.from(HUGE), { url: 'http://example.org/huge' });
    const behind = parser.parse(Buffer.from(fixtures[1].bytes), {});
    const failure = await failureOf(huge);
    expect(failure).toMatchObject({ instance: true, code: 'E_TOO_LARGE', where: 'http://example.org/huge' });
    expect(await behind).toEqual(parseFeed(fixtures[1].bytes, {}));
    expect(await parser.parse(Buffer.from(fixtures[2].bytes), {})).toEqual(parseFeed(fixtures[2].bytes, {}));
    expect(parser.stats()).toMatchObject({ crashes: 1, workersStarted: 2, inProcess: 0 });
    await parser.close();
  });

  it('a worker that cannot load the parser makes the pool parse in-process, losing no feed', async () => {
    const broken: typeof PoolModule = await import(pathToFileURL(path.join(BROKEN, 'parse', 'parse-pool.js')).href);
    const parser = broken.createParsePool({ size: 1, inProcessBytes: 0, maxInFlightPerWorker: 2 });
    const parsed = await Promise.all(fixtures.slice(0, 4).map(({ bytes }) => parser.parse(Buffer.from(bytes), {})));
    fixtures.slice(0, 4).forEach(({ bytes }, index) => expect(parsed[index]).toEqual(parseFeed(bytes, {})));
    expect(parser.stats()).toMatchObject({ crashes: 1, inProcess: 4, inWorkers: 0 });
    await parser.close();
  });

  it('close() fails feeds still queued or being parsed with E_INTERNAL, and parse() after close is refused', async () => {
    const parser = pool.createParsePool({ size: 1, inProcessBytes: 0, maxInFlightPerWorker: 1 });
    const failures = [
      failureOf(parser.parse(Buffer.from(HUGE), { url: 'http://example.org/a' })),
      failureOf(parser.parse(Buffer.from(fixtures[0].bytes), { url: 'http://example.org/b' })),
    ];
    await parser.close();
    expect(await failures[0]).toMatchObject({ code: 'E_INTERNAL', where: 'http://example.org/a' });
    expect(await failures[1]).toMatchObject({ code: 'E_INTERNAL', where: 'http://example.org/b' });
    expect(await failureOf(parser.parse(Buffer.from(fixtures[0].bytes), {}))).toMatchObject({ code: 'E_INTERNAL', message: 'the parse pool is closed' });
  });

  it('rejects a size that is not a whole number from 0 up, saying what it got', () => {
    expect(() => pool.createParsePool({ size: -1 })).toThrow('Expected `size` to be an integer from 0 up, got -1');
    expect(() => pool.createParsePool({ maxInFlightPerWorker: 0 })).toThrow('Expected `maxInFlightPerWorker` to be an integer from 1 up, got 0');
  });

  it('a process exits on its own after close() mid-parse, and with idle workers never closed', async () => {
    const script = `
      const { createParsePool } = await import(${JSON.stringify(pathToFileURL(path.join(OUT, 'parse', 'parse-pool.js')).href)});
      const body = () => Buffer.from('<rss version="2.0"><channel><title>t</title><item><title>i</title></item></channel></rss>');
      const closing = createParsePool({ size: 2, inProcessBytes: 0 });
      await closing.parse(body(), {});
      const cut = closing.parse(Buffer.from('<rss version="2.0"><channel>' + '<item><title>a</title></item>'.repeat(200000) + '</channel></rss>'), {}).catch((e) => e.code);
      await closing.close();
      const idle = createParsePool({ size: 2, inProcessBytes: 0 });
      await Promise.all([idle.parse(body(), {}), idle.parse(body(), {})]);
      console.log(JSON.stringify({ cut: await cut, closing: closing.stats(), idle: idle.stats() }));
    `;
    const file = path.join(OUT, 'exit-check.mjs');
    await fs.writeFile(file, script);
    const { stdout } = await run(process.execPath, [file], { cwd: ROOT, timeout: 20_000 });
    expect(JSON.parse(stdout)).toEqual({
      cut: 'E_INTERNAL',
      closing: { inProcess: 0, inWorkers: 1, workersStarted: 1, crashes: 0 },
      idle: { inProcess: 0, inWorkers: 2, workersStarted: 2, crashes: 0 },
    });
  });
});

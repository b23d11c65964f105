import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configJsonSchemaText } from '../../src/config/json-schema.js';
import { loadConfig, resolveConfig } from '../../src/config/load-config.js';
import { parseInterval } from '../../src/config/interval.js';
import { FeedloomError } from '../../src/core/errors.js';

function problems(data: unknown): string {
  try {
    resolveConfig(data, '/etc/feedloom/feeds.config.json');
  } catch (error) {
    expect(error).toBeInstanceOf(FeedloomError);
    expect((error as FeedloomError).code).toBe('E_CONFIG');
    return (error as FeedloomError).toLine();
  }
  throw new Error('expected the config to be refused');
}

describe('config validation', () => {
  it('fills every default for an empty config', () => {
    const config = resolveConfig({}, '/srv/feedloom/feeds.config.json');
    expect(config.fetch.timeoutMs).toBe(30_000);
    expect(config.fetch.maxBodyBytes).toBe(15 * 1024 * 1024);
    expect(config.output.formats).toEqual(['rss', 'atom', 'json']);
    expect(config.storeDir).toBe('/srv/feedloom/data');
    expect(config.outDir).toBe('/srv/feedloom/out');
    expect(config.sources).toEqual([]);
  });

  it('R49 names the key path of every problem at once, with did-you-mean for typos', () => {
    const line = problems({
      fetch: { timeoutMS: 1000, concurrency: -3 },
      sitee: {},
      sources: [
        { id: 'ok', url: 'https://a.example/feed' },
        { id: 'bad url', url: 'ftp://files.example/feed', intervall: '5m' },
        { id: 'c', url: 'https://c.example/feed', interval: 'often', include: [{ regex: '(' }] },
      ],
      schedule: { cron: 'every day' },
    });
    expect(line).toContain('/etc/feedloom/feeds.config.json');
    expect(line).toContain('fetch.timeoutMS: unknown key (did you mean "timeoutMs"?)');
    expect(line).toContain('fetch.concurrency');
    expect(line).toContain('sitee: unknown key (did you mean "site"?)');
    expect(line).toContain('sources[1].url: must be an http(s) URL or a file path (got "ftp://files.example/feed")');
    expect(line).toContain('sources[1].id');
    expect(line).toContain('sources[1].intervall: unknown key (did you mean "interval"?)');
    expect(line).toContain('sources[2].interval');
    expect(line).toContain('sources[2].include[0].regex: must be a valid regular expression');
    expect(line).toContain('schedule.cron: must be a valid cron expression');
  });

  it('R49 refuses duplicate ids and the same feed URL twice', () => {
    const line = problems({
      sources: [
        { id: 'a', url: 'https://news.example/feed/' },
        { id: 'a', url: 'https://other.example/feed' },
        { id: 'b', url: 'HTTPS://NEWS.example/feed' },
      ],
    });
    expect(line).toContain('sources[1].id: "a" is already used by sources[0]');
    expect(line).toContain('sources[2].url: the same feed as sources[0]');
  });

  it('resolves file sources against the config directory and normalises categories', () => {
    const config = resolveConfig(
      { sources: [{ id: 'local', url: 'feeds/local.xml', category: 'World', interval: '2h' }, { id: 'web', url: 'https://x.example/rss', category: ['A', 'B'], interval: 'auto' }] },
      '/srv/site/feeds.config.json',
    );
    expect(config.sources[0]).toMatchObject({ isFile: true, location: '/srv/site/feeds/local.xml', categories: ['World'], intervalMs: 7_200_000 });
    expect(config.sources[1]).toMatchObject({ isFile: false, location: 'https://x.example/rss', categories: ['A', 'B'], intervalMs: 'auto' });
  });

  it('reports unreadable and non-JSON files with their path', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'feedloom-config-'));
    const file = path.join(dir, 'feeds.config.json');
    writeFileSync(file, '{ "sources": [ }');
    const line = (load: () => unknown) => {
      try {
        load();
      } catch (error) {
        return (error as FeedloomError).toLine();
      }
      return 'no error';
    };
    expect(line(() => loadConfig(file))).toMatch(/^E_CONFIG: .*feeds\.config\.json: not valid JSON/);
    expect(line(() => loadConfig(path.join(dir, 'missing.json')))).toMatch(/^E_CONFIG: .*missing\.json: no such config file; run `feedloom init`/);
  });

  it('parses intervals', () => {
    expect(parseInterval('15m')).toBe(900_000);
    expect(parseInterval('1d')).toBe(86_400_000);
    expect(parseInterval(30)).toBe(1_800_000);
    expect(parseInterval('auto')).toBe('auto');
  });
});

describe('shipped files', () => {
  it('feeds.schema.json is the JSON Schema generated from the zod schema', () => {
    const shipped = readFileSync(new URL('../../feeds.schema.json', import.meta.url), 'utf8');
    expect(shipped).toBe(configJsonSchemaText());
  });

  it('docs/configuration.md lists every key of the schema, as scripts/config-reference.mjs generates it', async () => {
    // @ts-expect-error: a plain .mjs script without type declarations
    const { referenceTable, withReference } = await import('../../scripts/config-reference.mjs');
    const doc = readFileSync(new URL('../../docs/configuration.md', import.meta.url), 'utf8');
    const table = referenceTable(JSON.parse(configJsonSchemaText()));
    expect(withReference(doc, table), 'run `node scripts/config-reference.mjs --write`').toBe(doc);
  });

  it('the example feeds.config.json is valid and covers the formats and categories it promises', () => {
    const config = loadConfig(new URL('../../feeds.config.json', import.meta.url).pathname);
    expect(config.sources.length).toBeGreaterThanOrEqual(5);
    expect(new Set(config.sources.flatMap((source) => source.categories)).size).toBeGreaterThanOrEqual(2);
    const files = config.sources.map((source) => readFileSync(source.location, 'utf8'));
    expect(files.some((text) => text.includes('<rss version="2.0"'))).toBe(true);
    expect(files.some((text) => text.includes('http://www.w3.org/2005/Atom') && text.includes('<feed'))).toBe(true);
    expect(files.some((text) => text.includes('<rdf:RDF'))).toBe(true);
    expect(files.some((text) => text.includes('jsonfeed.org/version'))).toBe(true);
  });
});

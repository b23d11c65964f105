/**
 * The zod-free fast path (issue 7) must never accept what the zod schema refuses, and must return
 * exactly what zod returns (values and key order, which emit-key.ts hashes). Generated configs mix
 * valid and invalid values in every field; the shipped example config must take the fast path.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseConfigFast } from '../../src/config/parse-config-fast.js';
import { configSchema } from '../../src/config/schema.js';

const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 2 });
const anyNumber = fc.oneof(fc.integer({ min: -5, max: 300 }), fc.double({ min: -2, max: 2, noNaN: true }), fc.constantFrom(0, 1, 1024, 99_999, 2 ** 60));
const anyString = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('', ' x', 'x\n', 'http://a.example/', ' http://a.example/', 'not a url', 'https://ok.example/feed'));
const junk = fc.oneof(anyNumber, anyString, fc.boolean(), fc.constant(null), fc.constant([]), fc.constant({}));
const field = <T>(arb: fc.Arbitrary<T>) => maybe(fc.oneof({ weight: 4, arbitrary: arb }, { weight: 1, arbitrary: junk }));

const rule = fc.oneof(
  anyString,
  fc.record(
    { keyword: maybe(anyString), regex: maybe(fc.constantFrom('a+', '(', 'b|c', '')), flags: maybe(fc.constantFrom('i', 'x', '', 'ms')), fields: maybe(fc.array(fc.constantFrom('title', 'link', 'bogus'), { maxLength: 2 })) },
    { requiredKeys: [] },
  ),
);
const source = fc.record(
  {
    id: fc.oneof(fc.constantFrom('a', 'b.c', 'f00001', '-bad', 'x'.repeat(65), 'has space'), anyString),
    url: fc.oneof(fc.constantFrom('https://a.example/feed', 'http://b.example/rss', 'feeds/local.xml', 'ftp://x.example/f', 'file://feeds/a.xml', ''), anyString),
    title: field(anyString),
    category: field(fc.oneof(anyString, fc.array(anyString, { maxLength: 2 }))),
    interval: field(fc.oneof(fc.constantFrom('auto', '15m', '2h', '1.5d', 'often', '10 m'), fc.integer({ min: -1, max: 90 }))),
    maxItems: field(anyNumber),
    include: field(fc.array(rule, { maxLength: 2 })),
    priority: field(anyNumber),
    enabled: field(fc.boolean()),
    spam: field(fc.boolean()),
    allowInsecureTLS: field(fc.boolean()),
    typo: maybe(fc.constant(1)),
  },
  { requiredKeys: ['id', 'url'] },
);
const config = fc.record(
  {
    $schema: field(anyString),
    site: field(fc.record({ title: field(anyString), url: field(anyString), feedUrlBase: field(anyString), language: field(anyString), copyright: field(anyString), author: field(fc.record({ name: field(anyString), url: field(anyString), email: maybe(fc.constant('a@example.org')) }, { requiredKeys: [] })) }, { requiredKeys: [] })),
    fetch: field(
      fc.record(
        { concurrency: field(anyNumber), perHostConcurrency: field(anyNumber), hostGapMs: field(anyNumber), timeoutMs: field(anyNumber), maxBodyBytes: field(anyNumber), allow: field(fc.array(anyString, { maxLength: 2 })), deadAfterDays: field(anyNumber), userAgent: field(anyString) },
        { requiredKeys: [] },
      ),
    ),
    limits: field(fc.record({ titleLength: field(anyNumber), urlLength: field(anyNumber) }, { requiredKeys: [] })),
    store: field(fc.record({ driver: field(fc.constantFrom('json', 'sqlite', 'mysql')), path: field(anyString), retention: field(fc.record({ maxAgeDays: field(anyNumber) }, { requiredKeys: [] })) }, { requiredKeys: [] })),
    output: field(fc.record({ dir: field(anyString), formats: field(fc.array(fc.constantFrom('rss', 'atom', 'json', 'html'), { maxLength: 3 })), pages: field(fc.boolean()), templatesDir: field(anyString), digest: field(fc.record({ size: field(anyNumber) }, { requiredKeys: [] })) }, { requiredKeys: [] })),
    filters: field(fc.record({ include: field(fc.array(rule, { maxLength: 2 })), exclude: field(fc.array(rule, { maxLength: 2 })) }, { requiredKeys: [] })),
    spam: field(fc.record({ enabled: field(fc.boolean()), threshold: field(anyNumber), weights: field(fc.dictionary(fc.constantFrom('SPAM_A', 'SPAM_B'), anyNumber)) }, { requiredKeys: [] })),
    dedupe: field(fc.record({ titleSimilarity: field(anyNumber) }, { requiredKeys: [] })),
    schedule: field(fc.record({ cron: field(fc.constantFrom('*/30 * * * *', '0 * * * *', 'never')) }, { requiredKeys: [] })),
    sources: field(fc.array(source, { maxLength: 3 })),
    unknownKey: maybe(fc.constant(true)),
  },
  { requiredKeys: [] },
);

/** JSON round trip drops undefined-valued keys, as a config file cannot hold them. */
const asJson = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;

describe('parseConfigFast', () => {
  it('accepts only what the zod schema accepts, and returns what zod returns, key order included', () => {
    let fastTaken = 0;
    fc.assert(
      fc.property(config, (generated) => {
        const data = asJson(generated);
        const fast = parseConfigFast(data);
        const reference = configSchema.safeParse(data);
        if (fast === null) return;
        fastTaken += 1;
        expect(reference.success).toBe(true);
        expect(fast).toStrictEqual(reference.data);
        expect(JSON.stringify(fast)).toBe(JSON.stringify(reference.data));
      }),
      { numRuns: 3_000 },
    );
    // The property would hold trivially if the fast path never answered.
    expect(fastTaken).toBeGreaterThan(30);
  });

  it('takes the fast path for the shipped example config and for an empty one', () => {
    const shipped = JSON.parse(readFileSync(new URL('../../feeds.config.json', import.meta.url), 'utf8')) as unknown;
    expect(parseConfigFast(shipped)).toStrictEqual(configSchema.parse(shipped));
    expect(parseConfigFast({})).toStrictEqual(configSchema.parse({}));
  });

  it.each([
    ['an unknown key', { fetch: { timeoutMS: 1000 } }],
    ['a wrong type', { fetch: { concurrency: '6' } }],
    ['an out-of-range number', { fetch: { concurrency: 0 } }],
    ['a source without a url', { sources: [{ id: 'a' }] }],
    ['a non-http scheme', { sources: [{ id: 'a', url: 'ftp://x.example/f' }] }],
    ['an invalid regex rule', { filters: { exclude: [{ regex: '(' }] } }],
    ['a custom cron, left to node-cron', { schedule: { cron: '0 * * * *' } }],
    ['an author e-mail, left to zod', { site: { author: { name: 'A', email: 'a@example.org' } } }],
  ])('leaves %s to the zod schema', (_name, data) => {
    expect(parseConfigFast(data)).toBeNull();
  });
});

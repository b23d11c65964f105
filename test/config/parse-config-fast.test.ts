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

type SchemaNode = Record<string, any>;
const schema = JSON.parse(readFileSync(new URL('../../feeds.schema.json', import.meta.url), 'utf8')) as SchemaNode;

const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 2 });
const anyString = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('', ' x', 'x\n', 'http://a.example/', ' http://a.example/', 'not a url', 'https://ok.example/feed'));
const junk = fc.oneof(fc.integer({ min: -5, max: 300 }), fc.double({ min: -2, max: 2, noNaN: true }), anyString, fc.boolean(), fc.constant(null), fc.constant([]), fc.constant({}));

/** Strings that a pattern or refinement of the schema is likely to accept, and some it refuses. */
const SAMPLE_STRINGS: Record<string, string[]> = {
  id: ['a', 'b.c', 'f00001', 'f00002', 'x-1', '-bad', 'x'.repeat(65), 'has space', 'UPPER'],
  url: ['https://a.example/feed', 'http://b.example/rss', 'feeds/local.xml', 'https://c.example/atom', 'ftp://x.example/f', 'file://feeds/a.xml', ''],
  interval: ['auto', '15m', '2h', '1.5d', '30m', 'often', '10 m'],
  regex: ['a+', 'b|c', 'casino', '(', ''],
  flags: ['i', '', 'ms', 'x'],
  cron: ['*/30 * * * *', '*/30 * * * *', '0 * * * *', 'never'],
};

/** Mostly numbers within the node's bounds, sometimes just beside one (or a fraction for an integer). */
function numbersFor(node: SchemaNode): fc.Arbitrary<number> {
  // zod's int() states ±MAX_SAFE_INTEGER as bounds; numbers near them say nothing more.
  const stated = node.minimum ?? (node.exclusiveMinimum !== undefined ? node.exclusiveMinimum + 1 : 0);
  const low = stated < -(2 ** 40) ? -100 : stated;
  const high = node.maximum !== undefined && node.maximum < 2 ** 40 ? node.maximum : low + 100_000;
  const inside = fc.oneof(fc.constantFrom(low, high, Math.min(high, low + 1)), fc.integer({ min: low, max: high }));
  const outside = fc.constantFrom(low - 1, high + 1, low + 0.5, node.exclusiveMinimum ?? low - 1);
  return fc.oneof({ weight: 12, arbitrary: inside }, { weight: 1, arbitrary: outside });
}

/** Mostly strings the node accepts (samples for patterns and refinements), sometimes any short string. */
function stringsFor(node: SchemaNode, key: string): fc.Arbitrary<string> {
  const samples = SAMPLE_STRINGS[key] ?? (node.format === 'uri' ? ['https://ok.example/feed', 'http://127.0.0.1:8080/', 'https://planet.example/'] : ['x', 'Loom News', 'en']);
  return fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...samples) }, { weight: 1, arbitrary: anyString });
}

/**
 * A value for every key the JSON Schema describes (often valid, sometimes junk, sometimes absent),
 * so a bound, default or enum changed in schema.ts is exercised without editing this test.
 */
function arbitraryFor(node: SchemaNode, key: string, depth = 0): fc.Arbitrary<unknown> {
  if (node.anyOf) return fc.oneof(...node.anyOf.map((branch: SchemaNode) => arbitraryFor(branch, key, depth)));
  if (node.const !== undefined) return fc.constant(node.const);
  if (node.enum) return fc.constantFrom(...node.enum, 'bogus');
  switch (node.type) {
    case 'object': {
      if (!node.properties) {
        const keys = key === 'headers' ? ['Authorization', 'X-Api-Key', 'Bad Header'] : ['SPAM_A', 'SPAM_B', 'SPAM_ALL_CAPS'];
        return fc.dictionary(fc.constantFrom(...keys), arbitraryFor(node.additionalProperties, key, depth + 1), { maxKeys: 2 });
      }
      const fields: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [name, child] of Object.entries(node.properties as Record<string, SchemaNode>)) {
        const valid = arbitraryFor(child, name, depth + 1);
        fields[name] = maybe(fc.oneof({ weight: 30, arbitrary: valid }, { weight: 1, arbitrary: junk }));
      }
      fields.unknownKey = fc.oneof({ weight: 40, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constant(true) });
      const required = (node.required as string[] | undefined) ?? [];
      return fc.record(fields, { requiredKeys: [] }).map((record) => {
        // Required keys are usually there, so the deeper keys get exercised too.
        for (const name of required) if (record[name] === undefined && Math.random() < 0.9) record[name] = 'a';
        return record;
      });
    }
    case 'array':
      return fc.array(arbitraryFor(node.items, key, depth + 1), { maxLength: depth === 0 ? 3 : 2 });
    case 'string':
      return stringsFor(node, key);
    case 'integer':
    case 'number':
      return numbersFor(node);
    case 'boolean':
      return fc.boolean();
    default:
      return junk;
  }
}

const config = arbitraryFor(schema, '');

/** Every leaf key path of the JSON Schema, `[]` for array elements. */
function leafPaths(node: SchemaNode, path: string, out: string[]): string[] {
  if (node.type === 'object' && node.properties) {
    for (const [name, child] of Object.entries(node.properties as Record<string, SchemaNode>)) leafPaths(child, path ? `${path}.${name}` : name, out);
  } else if (node.type === 'array' && node.items?.type === 'object') {
    leafPaths(node.items, `${path}[]`, out);
  } else out.push(path);
  return out;
}

const LEAVES = new Set(leafPaths(schema, '', []));

/** The schema's leaf key paths that a generated value gives (not undefined). */
function presentPaths(value: unknown, path: string, out: Set<string>): Set<string> {
  if (value === undefined) return out;
  if (LEAVES.has(path)) out.add(path);
  else if (Array.isArray(value)) for (const item of value) presentPaths(item, `${path}[]`, out);
  else if (value && typeof value === 'object') for (const [name, child] of Object.entries(value)) presentPaths(child, path ? `${path}.${name}` : name, out);
  return out;
}

/** JSON round trip drops undefined-valued keys, as a config file cannot hold them. */
const asJson = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;

describe('parseConfigFast', () => {
  it('accepts only what the zod schema accepts, and returns what zod returns, key order included', () => {
    let fastTaken = 0;
    const seen = new Set<string>();
    const acceptedSeen = new Set<string>();
    fc.assert(
      fc.property(config, (generated) => {
        const data = asJson(generated);
        presentPaths(data, '', seen);
        const fast = parseConfigFast(data);
        const reference = configSchema.safeParse(data);
        if (fast === null) return;
        fastTaken += 1;
        presentPaths(data, '', acceptedSeen);
        expect(reference.success).toBe(true);
        expect(fast).toStrictEqual(reference.data);
        expect(JSON.stringify(fast)).toBe(JSON.stringify(reference.data));
      }),
      { numRuns: 3_000 },
    );
    // The property would hold trivially if the fast path never answered.
    expect(fastTaken).toBeGreaterThan(30);
    // Every key of the schema was generated, and every key that the fast path may decide alone was
    // also seen in a config it accepted (the e-mail and a custom cron are left to zod on purpose).
    const leaves = [...LEAVES];
    expect(leaves.filter((leaf) => !seen.has(leaf))).toEqual([]);
    expect(leaves.filter((leaf) => !acceptedSeen.has(leaf) && leaf !== 'site.author.email')).toEqual([]);
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

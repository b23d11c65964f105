/**
 * The zod-free fast path (issue 7) must never accept what the zod schema refuses, and must return
 * exactly what zod returns (values and key order, which emit-key.ts hashes). Generated configs mix
 * valid and invalid values in every field; the shipped example config must take the fast path.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseConfigFast } from '../../src/config/parse-config-fast.js';
import { configJsonSchema } from '../../src/config/json-schema.js';
import { configSchema } from '../../src/config/schema.js';

type SchemaNode = Record<string, any>;
const schema = JSON.parse(readFileSync(new URL('../../feeds.schema.json', import.meta.url), 'utf8')) as SchemaNode;

/** Absent one time in `freq`. */
const maybe = <T>(arb: fc.Arbitrary<T>, freq = 2) => fc.option(arb, { nil: undefined, freq });
const anyString = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('', ' x', 'x\n', 'http://a.example/', ' http://a.example/', 'not a url', 'https://ok.example/feed'));
const junk = fc.oneof(fc.integer({ min: -5, max: 300 }), fc.double({ min: -2, max: 2, noNaN: true }), anyString, fc.boolean(), fc.constant(null), fc.constant([]), fc.constant({}));

/** Strings that a pattern or refinement of the schema accepts, and some it refuses (or leaves to zod). */
const SAMPLE_STRINGS: Record<string, { valid: string[]; invalid: string[] }> = {
  id: { valid: ['a', 'b.c', 'f00001', 'f00002', 'x-1', 'UPPER'], invalid: ['-bad', 'x'.repeat(65), 'has space'] },
  url: { valid: ['https://a.example/feed', 'http://b.example/rss', 'feeds/local.xml', 'https://c.example/atom'], invalid: ['ftp://x.example/f', 'file://feeds/a.xml', ''] },
  interval: { valid: ['auto', '15m', '2h', '1.5d', '30m'], invalid: ['often', '10 m'] },
  regex: { valid: ['a+', 'b|c', 'casino'], invalid: ['(', ''] },
  flags: { valid: ['i', '', 'ms'], invalid: ['x'] },
  // A custom expression is valid but node-cron's to judge, so the fast path leaves it to zod.
  cron: { valid: ['*/30 * * * *'], invalid: ['0 * * * *', 'never'] },
};
const URI_SAMPLES = ['https://ok.example/feed', 'http://127.0.0.1:8080/', 'https://planet.example/'];
const RECORD_KEYS: Record<string, { valid: string[]; invalid: string[] }> = {
  headers: { valid: ['Authorization', 'X-Api-Key'], invalid: ['Bad Header'] },
  weights: { valid: ['SPAM_A', 'SPAM_B', 'SPAM_ALL_CAPS'], invalid: [] },
};

/**
 * How a generated config is made: `mixed` puts junk, out-of-range numbers and refused strings in
 * every field now and then (the fast path must refuse them as zod does); `clean` gives only values
 * the schema accepts, bar the refinements (a rule with both keyword and regex), so that whole
 * configs, deep keys and all, are often accepted and their output compared.
 */
type Mode = 'mixed' | 'clean';

/** Mostly numbers within the node's bounds, sometimes just beside one (or a fraction for an integer). */
function numbersFor(node: SchemaNode, mode: Mode): fc.Arbitrary<number> {
  // zod's int() states ±MAX_SAFE_INTEGER as bounds; numbers near them say nothing more.
  const stated = node.minimum ?? (node.exclusiveMinimum !== undefined ? node.exclusiveMinimum + 1 : 0);
  const low = stated < -(2 ** 40) ? -100 : stated;
  const high = node.maximum !== undefined && node.maximum < 2 ** 40 ? node.maximum : low + 100_000;
  const inside = fc.oneof(fc.constantFrom(low, high, Math.min(high, low + 1)), fc.integer({ min: low, max: high }));
  if (mode === 'clean') return inside;
  const outside = fc.constantFrom(low - 1, high + 1, low + 0.5, node.exclusiveMinimum ?? low - 1);
  return fc.oneof({ weight: 12, arbitrary: inside }, { weight: 1, arbitrary: outside });
}

/** Mostly strings the node accepts (samples for patterns and refinements), sometimes others. */
function stringsFor(node: SchemaNode, key: string, mode: Mode): fc.Arbitrary<string> {
  const samples = SAMPLE_STRINGS[key] ?? { valid: node.format === 'uri' ? URI_SAMPLES : ['x', 'Loom News', 'en'], invalid: [] };
  if (mode === 'clean') return fc.constantFrom(...samples.valid);
  return fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...samples.valid, ...samples.invalid) }, { weight: 1, arbitrary: anyString });
}

/**
 * A value for every key the JSON Schema describes (often valid, sometimes junk, sometimes absent),
 * so a bound, default or enum changed in schema.ts is exercised without editing this test.
 */
function arbitraryFor(node: SchemaNode, key: string, mode: Mode, depth = 0): fc.Arbitrary<unknown> {
  const clean = mode === 'clean';
  if (node.anyOf) return fc.oneof(...node.anyOf.map((branch: SchemaNode) => arbitraryFor(branch, key, mode, depth)));
  if (node.const !== undefined) return fc.constant(node.const);
  if (node.enum) return clean ? fc.constantFrom(...node.enum) : fc.constantFrom(...node.enum, 'bogus');
  switch (node.type) {
    case 'object': {
      if (!node.properties) {
        const keys = RECORD_KEYS[key] ?? { valid: ['a', 'b'], invalid: [] };
        return fc.dictionary(fc.constantFrom(...keys.valid, ...(clean ? [] : keys.invalid)), arbitraryFor(node.additionalProperties, key, mode, depth + 1), { maxKeys: 2 });
      }
      const fields: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [name, child] of Object.entries(node.properties as Record<string, SchemaNode>)) {
        // An e-mail address is zod's to judge (the fast path leaves every `format` but uri to it).
        if (clean && child.format === 'email') continue;
        const valid = arbitraryFor(child, name, mode, depth + 1);
        // A clean config gives most keys, so the deep ones (a source's rules' keys) are often accepted.
        fields[name] = clean ? maybe(valid, 5) : maybe(fc.oneof({ weight: 30, arbitrary: valid }, { weight: 1, arbitrary: junk }));
      }
      if (!clean) fields.unknownKey = fc.oneof({ weight: 40, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constant(true) });
      const required = (node.required as string[] | undefined) ?? [];
      return fc.record(fields, { requiredKeys: clean ? required : [] }).map((record) => {
        // Required keys are usually there, so the deeper keys get exercised too.
        for (const name of required) if (record[name] === undefined && Math.random() < 0.9) record[name] = 'a';
        return record;
      });
    }
    case 'array': {
      const items = arbitraryFor(node.items, key, mode, depth + 1);
      return fc.array(items, { minLength: clean ? (node.minItems ?? 0) : 0, maxLength: depth === 0 ? 3 : 2 });
    }
    case 'string':
      return stringsFor(node, key, mode);
    case 'integer':
    case 'number':
      return numbersFor(node, mode);
    case 'boolean':
      return fc.boolean();
    default:
      return junk;
  }
}

const config = fc.oneof(arbitraryFor(schema, '', 'mixed'), arbitraryFor(schema, '', 'clean'));

/**
 * Every key path of the JSON Schema, `[]` for array elements: every named property, also inside
 * array items and union branches (a rule object's `keyword`, `regex`, `flags`, `fields`).
 */
function keyPaths(node: SchemaNode, path: string, out: Set<string>): Set<string> {
  for (const branch of (node.anyOf as SchemaNode[] | undefined) ?? []) keyPaths(branch, path, out);
  if (node.type === 'array' && node.items) keyPaths(node.items, `${path}[]`, out);
  for (const [name, child] of Object.entries((node.properties as Record<string, SchemaNode> | undefined) ?? {})) {
    const at = path ? `${path}.${name}` : name;
    out.add(at);
    keyPaths(child, at, out);
  }
  return out;
}

const KEYS = keyPaths(schema, '', new Set());

/** The schema's key paths that a generated value gives (not undefined). */
function presentPaths(value: unknown, path: string, out: Set<string>): Set<string> {
  if (Array.isArray(value)) for (const item of value) presentPaths(item, `${path}[]`, out);
  else if (value && typeof value === 'object') {
    for (const [name, child] of Object.entries(value)) {
      const at = path ? `${path}.${name}` : name;
      if (child === undefined || !KEYS.has(at)) continue;
      out.add(at);
      presentPaths(child, at, out);
    }
  }
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
    // also given in a config it accepted (an author e-mail is left to zod on purpose), so a key added
    // to schema.ts fails here until the generator gives values the fast path takes for it.
    const keys = [...KEYS];
    expect(keys.filter((key) => !seen.has(key))).toEqual([]);
    expect(keys.filter((key) => !acceptedSeen.has(key) && key !== 'site.author.email')).toEqual([]);
  });

  it('walks every key of the zod schema', () => {
    // feeds.schema.json is generated from schema.ts (load-config.test.ts keeps it in step); these are
    // the keys of schema.ts itself, so a key the walk misses (a new kind of node) fails here.
    const zodKeys = keyPaths(configJsonSchema() as SchemaNode, '', new Set());
    expect([...KEYS].sort()).toEqual([...zodKeys].sort());
    for (const key of ['fetch.concurrency', 'store.retention.maxItemsPerSource', 'sources[].headers', 'filters.include[].regex', 'sources[].exclude[].fields']) {
      expect(KEYS).toContain(key);
    }
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

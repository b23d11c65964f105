import { describe, expect, it } from 'vitest';
import { addSourcesToConfigText, deriveSourceId, removeSourceFromConfigText } from '../../src/config/edit-config.js';

const ONE_LINE = `{
  "$schema": "./feeds.schema.json",
  "site": { "title": "Mine", "url": "http://localhost:8080/" },
  "output": { "formats": ["rss", "atom"] },
  "sources": [
    { "id": "a", "url": "https://a.example/feed.xml", "category": "World" },
    { "id": "b", "url": "https://b.example/feed.xml" }
  ],
  "schedule": { "cron": "*/15 * * * *" }
}
`;

const TWO_SPACE = `${JSON.stringify(
  { $schema: './feeds.schema.json', site: { title: 'Mine' }, sources: [{ id: 'a', url: 'https://a.example/feed.xml' }], spam: { enabled: false } },
  null,
  2,
)}\n`;

describe('editing the config file keeps everything else as it was', () => {
  it('adds a source in the style of the existing one-line entries, nothing else touched', () => {
    const edited = addSourcesToConfigText(ONE_LINE, [{ id: 'c', url: 'https://c.example/rss', category: ['Science', 'World'] }]);
    expect(edited).toBe(
      ONE_LINE.replace(
        '{ "id": "b", "url": "https://b.example/feed.xml" }\n',
        '{ "id": "b", "url": "https://b.example/feed.xml" },\n    { "id": "c", "url": "https://c.example/rss", "category": ["Science", "World"] }\n',
      ),
    );
  });

  it('adds a source to a 2-space formatted file exactly as JSON.stringify(…, null, 2) would, key order and $schema kept', () => {
    const entry = { id: 'c', url: 'https://c.example/rss', title: 'C' };
    const edited = addSourcesToConfigText(TWO_SPACE, [entry]);
    const expected = JSON.parse(TWO_SPACE);
    expected.sources.push(entry);
    expect(edited).toBe(`${JSON.stringify(expected, null, 2)}\n`);
    expect(Object.keys(JSON.parse(edited))).toEqual(['$schema', 'site', 'sources', 'spam']);
  });

  it('fills an empty sources array and adds a missing one at the end', () => {
    const empty = '{\n  "site": { "title": "x" },\n  "sources": []\n}\n';
    expect(addSourcesToConfigText(empty, [{ id: 'a', url: 'https://a.example/' }])).toBe(
      '{\n  "site": { "title": "x" },\n  "sources": [\n    {\n      "id": "a",\n      "url": "https://a.example/"\n    }\n  ]\n}\n',
    );
    const missing = '{\n  "site": { "title": "x" }\n}\n';
    expect(JSON.parse(addSourcesToConfigText(missing, [{ id: 'a', url: 'https://a.example/' }]))).toEqual({ site: { title: 'x' }, sources: [{ id: 'a', url: 'https://a.example/' }] });
  });

  it('removes the first, a middle, the last and the only source, leaving the rest byte for byte', () => {
    const three = ONE_LINE.replace('{ "id": "b", "url": "https://b.example/feed.xml" }', '{ "id": "b", "url": "https://b.example/feed.xml" },\n    { "id": "c", "url": "https://c.example/feed.xml" }');
    expect(removeSourceFromConfigText(three, 'a')).toBe(three.replace('    { "id": "a", "url": "https://a.example/feed.xml", "category": "World" },\n', ''));
    expect(removeSourceFromConfigText(three, 'b')).toBe(three.replace('    { "id": "b", "url": "https://b.example/feed.xml" },\n', ''));
    expect(removeSourceFromConfigText(three, 'c')).toBe(three.replace(',\n    { "id": "c", "url": "https://c.example/feed.xml" }', ''));
    expect(removeSourceFromConfigText(TWO_SPACE, 'a')).toContain('"sources": []');
    expect(() => removeSourceFromConfigText(TWO_SPACE, 'zzz')).toThrow(/no source with id "zzz"/);
  });

  it('add then remove gives back the original file', () => {
    const added = addSourcesToConfigText(ONE_LINE, [{ id: 'c', url: 'https://c.example/rss' }]);
    expect(removeSourceFromConfigText(added, 'c')).toBe(ONE_LINE);
  });

  it('derives readable, unique ids from titles, else from the URL', () => {
    const taken = new Set(['orbit-weekly']);
    expect(deriveSourceId('Orbit Weekly', 'https://x.example/', taken)).toBe('orbit-weekly-2');
    expect(deriveSourceId(null, 'https://www.blog.example.org/feed.xml', taken)).toBe('blog-example-org-feed');
    expect(deriveSourceId('Новости науки', 'https://x.example/', taken)).toBe('novosti-nauki');
  });
});

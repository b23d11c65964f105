/** Issue 15: no output carries a tracking parameter, whichever field of a stored item it came from. */
import { describe, expect, it } from 'vitest';
import { renderOutputs } from '../../src/emit/render-outputs.js';
import { makeConfig, makeSources, NOW, shownStory } from './fixtures.js';
import { storedItem } from '../helpers/stored-item.js';

const TRACKING = /utm_|fbclid|gclid|mc_eid/i;

describe('published URLs', () => {
  it('strips tracking parameters from credit links, body links and images, enclosures and source links in every output', () => {
    const sources = makeSources({ id: 'wire', link: 'http://wire.example/?utm_source=rss', categories: ['World'] }, { id: 'blog', link: 'http://blog.example/' });
    // As an older store holds it: the body and the carrier's link were stored with their tracking parameters.
    const item = storedItem({
      ...shownStory,
      sourceId: 'wire',
      slug: 'storm',
      link: 'http://wire.example/storm?utm_source=rss&id=4',
      canonicalLink: 'http://wire.example/storm?id=4',
      content: '<p>See <a href="http://other.example/report?fbclid=IwAR&amp;page=2#table" rel="noopener noreferrer">the report</a>.</p><img src="http://cdn.example/storm.jpg?w=800&amp;mc_eid=77" alt="" />',
      summary: null,
      enclosures: [{ url: 'http://cdn.example/storm.mp3?gclid=1', type: 'audio/mpeg', length: 10 }],
      alsoCarriedBy: [{ sourceId: 'blog', itemKey: 'b', link: 'http://blog.example/storm?utm_medium=social&utm_campaign=x', title: 'Storm' }],
    });
    const files = renderOutputs({ items: [item], sources, config: makeConfig({ output: { pages: true } }), now: NOW });
    for (const file of files) expect(file.content, file.path).not.toMatch(TRACKING);
    const page = files.find((file) => file.path === 'posts/storm.html')!.content;
    expect(page).toContain('Also published by <a href="http://blog.example/storm">Blog Daily</a>');
    expect(page).toContain('<a href="http://other.example/report?page=2#table" rel="noopener noreferrer">the report</a>');
    expect(page).toContain('<img src="http://cdn.example/storm.jpg?w=800" alt="" />');
    expect(page).toContain('Published by <a href="http://wire.example/">Wire Daily</a>');
    const json = JSON.parse(files.find((file) => file.path === 'feed.json')!.content);
    expect(json.items[0].attachments[0].url).toBe('http://cdn.example/storm.mp3');
    expect(json.items[0]._feedloom.also_published_by[0].url).toBe('http://blog.example/storm');
  });

  it('passes an item with nothing to strip through unchanged', () => {
    const item = storedItem({ ...shownStory, slug: 'plain', content: '<p><a href="http://example.org/?a=1&amp;b=2" rel="noopener noreferrer">x</a></p>' });
    const files = renderOutputs({ items: [item], sources: makeSources({ id: 'alpha' }), config: makeConfig({ output: { pages: true } }), now: NOW });
    expect(files.find((file) => file.path === 'posts/plain.html')!.content).toContain('<a href="http://example.org/?a=1&amp;b=2" rel="noopener noreferrer">x</a>');
  });
});

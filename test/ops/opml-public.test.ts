/** The published sources.opml is an output like any other: no tracking parameters (issue 15). */
import { describe, expect, it } from 'vitest';
import type { StoreState } from '../../src/core/types.js';
import { exportSourcesOpml } from '../../src/opml/config-opml.js';
import { readOpml } from '../../src/opml/read-opml.js';
import { makeConfig } from '../emit/fixtures.js';

describe('sources.opml', () => {
  const config = makeConfig({ sources: [{ id: 'wire', url: 'https://wire.example/feed?format=rss&utm_source=planet' }] });
  const state = { sources: { wire: { siteLink: 'https://wire.example/?fbclid=abc' } } } as unknown as StoreState;

  it('publishes feed and site links without tracking parameters; the operator export keeps them as configured', () => {
    const published = readOpml(exportSourcesOpml(config, state, { publicOnly: true }));
    expect(published.feeds.map((feed) => [feed.url, feed.htmlUrl])).toEqual([['https://wire.example/feed?format=rss', 'https://wire.example/']]);
    const operator = readOpml(exportSourcesOpml(config, state, { publicOnly: false }));
    expect(operator.feeds[0].url).toBe('https://wire.example/feed?format=rss&utm_source=planet');
  });
});

// Fills a store with the farm's articles straight through the store API (one commit), so the emit
// scenario can start from 100,000 items without a cold run of 2,000 feeds first. The items are
// stored as the pipeline would store them, sanitised bodies aside: the farm's HTML is already
// allowlist-shaped enough for rendering, and emit never re-sanitises.
//   node bench/fill-store.mjs <dist> <driver> <storeDir> <feeds> <itemsPerFeed> <t0>
import { createHash } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { makeItem } from './farm.mjs';

const [dist, driver, dir, feeds, perFeed, t0] = process.argv.slice(2);
const { openStore, itemUid } = await import(pathToFileURL(path.join(dist, 'store', 'store.js')).href);
const farm = { seed: 1, items: Number(perFeed), t0: Number(t0) };
const store = await openStore({ driver, dir });
const items = await store.openItems();
const at = new Date(farm.t0).toISOString();
for (let feed = 0; feed < Number(feeds); feed++) {
  const sourceId = `f${String(feed).padStart(5, '0')}`;
  for (let seq = 0; seq < farm.items; seq++) {
    const article = makeItem(farm, feed, seq);
    const date = article.date.toISOString();
    items.put({
      id: article.id,
      title: article.title,
      link: article.link,
      published: date,
      updated: null,
      author: article.author,
      categories: article.categories,
      summary: article.summary,
      content: article.html,
      enclosures: [],
      key: article.id,
      sourceId,
      canonicalLink: article.link.replace(/\?.*$/, ''),
      excerpt: article.summary.slice(0, 200),
      contentHash: createHash('sha256').update(article.html).digest('hex'),
      fetchedAt: at,
      date,
      language: 'en',
      uid: itemUid(sourceId, article.id),
      firstSeenAt: at,
      lastSeenAt: at,
      quarantine: null,
      approved: false,
      duplicateOf: null,
      alsoCarriedBy: [],
      slug: `${article.title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}-${feed}-${seq}`,
    });
  }
}
await items.commit();
const count = items.count();
await store.close();
process.stdout.write(`${JSON.stringify({ items: count })}\n`);

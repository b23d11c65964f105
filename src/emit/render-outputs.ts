/**
 * Everything feedloom writes to out/ (issue 2 "Output", "Digest"; issue 6 "Pages"): rendering is a
 * pure function of the items, sources, config and `now`; writing is the only I/O.
 */
import type { OutputFile, SourceInfo, StoredItem } from '../core/types.js';
import type { ResolvedConfig } from '../config/resolve-config.js';
import { buildDigest } from '../digest/digest.js';
import { renderDigest } from './render-digest.js';
import { buildFeedDocument, FEED_FILES, type FeedScope } from './feed-model.js';
import { renderAtom } from './render-atom.js';
import { renderJsonFeed } from './render-json-feed.js';
import { renderPages, type CategoryRef } from './render-pages.js';
import { renderRss } from './render-rss.js';
import { withoutTrackingParams } from './published-urls.js';
import { assignOutputSlugs, makeSlug } from './slug.js';
import { loadTemplates } from './templates.js';

export { writeOutputs } from './write-outputs.js';

export interface PublishInput {
  /** Combined output items, newest first, without held spam, folded duplicates or blocked items. */
  items: StoredItem[];
  sources: Map<string, SourceInfo>;
  config: ResolvedConfig;
  now: Date;
}

const RENDERERS = { rss: renderRss, atom: renderAtom, json: renderJsonFeed } as const;

export function renderOutputs(published: PublishInput): OutputFile[] {
  const input = { ...published, ...withoutTrackingParams(published.items, published.sources) };
  const { items, sources, config, now } = input;
  const categories = categoriesOf(sources);
  const { categoryItems, itemCategories } = groupByCategory(items, sources, categories);
  const files: OutputFile[] = [...renderFeeds(items, { dir: '', label: null }, input)];
  for (const category of categories) {
    files.push(...renderFeeds(categoryItems.get(category.slug) ?? [], { dir: `category/${category.slug}/`, label: category.name }, input));
  }
  const templates = loadTemplates(config.templatesDir);
  const digestOptions = { ...config.output.digest, now };
  if (!config.output.pages) {
    // Without pages there is nowhere local to link to: the digest points at the originals.
    const unslugged = items.map((item) => (item.slug === null ? item : { ...item, slug: null }));
    files.push(...renderDigest(buildDigest(unslugged, sources, digestOptions), config, templates, { html: true }));
    return files;
  }
  const slugs = assignOutputSlugs(items);
  const slugged = items.map((item) => (item.slug === slugs.get(item.uid) ? item : { ...item, slug: slugs.get(item.uid) ?? null }));
  // One more than shown: an article's sidebar leaves the article out (see PagesInput.digest).
  const digest = buildDigest(slugged, sources, { ...digestOptions, size: digestOptions.size + 1 });
  files.push(...renderDigest(digest.slice(0, digestOptions.size), config, templates, { html: false }));
  files.push(...renderPages({ items, slugs, sources, categories, categoryItems, itemCategories, digest, config, now, templates }));
  return files;
}

function renderFeeds(items: StoredItem[], scope: FeedScope, input: PublishInput): OutputFile[] {
  const doc = buildFeedDocument(items.slice(0, input.config.output.items), input.sources, input.config, scope);
  return input.config.output.formats.map((format) => ({ path: scope.dir + FEED_FILES[format], content: RENDERERS[format](doc) }));
}

/** Every category named by an enabled source, sorted so slugs are assigned the same way each run. */
function categoriesOf(sources: Map<string, SourceInfo>): CategoryRef[] {
  const names = [...new Set([...sources.values()].flatMap((source) => source.categories))].sort();
  const taken = new Set<string>();
  return names.map((name) => ({ name, slug: makeSlug(name, 'category', taken) }));
}

/** A folded story belongs to the categories of every source that carried it. */
function groupByCategory(items: StoredItem[], sources: Map<string, SourceInfo>, categories: CategoryRef[]) {
  const bySlugName = new Map(categories.map((category) => [category.name, category]));
  const categoryItems = new Map<string, StoredItem[]>(categories.map((category) => [category.slug, []]));
  const itemCategories = new Map<string, CategoryRef[]>();
  for (const item of items) {
    const names = new Set([item.sourceId, ...item.alsoCarriedBy.map((carrier) => carrier.sourceId)].flatMap((id) => sources.get(id)?.categories ?? []));
    const refs = [...names].sort().map((name) => bySlugName.get(name) as CategoryRef);
    itemCategories.set(item.uid, refs);
    for (const ref of refs) categoryItems.get(ref.slug)?.push(item);
  }
  return { categoryItems, itemCategories };
}

/**
 * Republished pages (issue 6 "Pages"): one page per output item, a paginated index, and the same
 * index per category. Templates only print; every decision (links, credits, ages) is made here.
 * Links between pages are relative, so out/ works under any base path and straight from disk.
 */
import type { OutputFile, SourceInfo, StoredItem } from '../core/types.js';
import type { ResolvedConfig } from '../config/resolve-config.js';
import type { DigestEntry } from '../digest/digest.js';
import { formatExactDate, relativeAge } from '../digest/relative-age.js';
import { FEED_FILES } from './feed-model.js';
import type { TemplateSet } from './templates.js';
import { THUMBNAIL_SIZE, thumbnailOf } from './thumbnail.js';

import { safeHttpUrl } from '../normalise/url.js';

export interface CategoryRef {
  name: string;
  slug: string;
}

export interface PagesInput {
  items: StoredItem[];
  /** Slug of every item, by uid. */
  slugs: Map<string, string>;
  sources: Map<string, SourceInfo>;
  categories: CategoryRef[];
  /** Items of each category, by category slug. */
  categoryItems: Map<string, StoredItem[]>;
  /** Categories of each item, by uid. */
  itemCategories: Map<string, CategoryRef[]>;
  /**
   * The Recent Posts with one entry more than `output.digest.size`: an article's sidebar leaves the
   * article itself out and still lists that many.
   */
  digest: DigestEntry[];
  config: ResolvedConfig;
  now: Date;
  templates: TemplateSet;
}

interface Link {
  title: string;
  href: string | null;
}

const FEED_TYPES = { rss: 'application/rss+xml', atom: 'application/atom+xml', json: 'application/feed+json' } as const;
const FEED_LABELS = { rss: 'RSS', atom: 'Atom', json: 'JSON Feed' } as const;

export function renderPages(input: PagesInput): OutputFile[] {
  const files: OutputFile[] = [
    { path: 'style.css', content: input.templates.asset('style.css') },
    { path: 'age.js', content: input.templates.asset('age.js') },
    { path: 'images.js', content: input.templates.asset('images.js') },
    renderRecent(input),
  ];
  for (const item of input.items) files.push(renderPost(item, input));
  files.push(...renderIndex(input.items, '', null, input));
  for (const category of input.categories) {
    files.push(...renderIndex(input.categoryItems.get(category.slug) ?? [], `category/${category.slug}/`, category, input));
  }
  return files;
}

function renderPost(item: StoredItem, input: PagesInput): OutputFile {
  const slug = input.slugs.get(item.uid) as string;
  const root = '../';
  const source = input.sources.get(item.sourceId);
  const original = safeHttpUrl(item.canonicalLink) ?? safeHttpUrl(item.link);
  const body = item.content ?? item.summary;
  const post = {
    title: item.title || item.excerpt.slice(0, 80) || '(untitled)',
    originalLink: original,
    bodyHtml: body,
    // With only a summary (or nothing) the article itself lives elsewhere (issue 6 "Pages").
    summaryOnly: item.content === null,
    excerpt: item.excerpt,
    author: item.author,
    time: timeView(item.date, input.now),
    source: { title: source?.title ?? item.sourceId, href: safeHttpUrl(source?.link) },
    // The publisher's notice as the feed wrote it: "© 2026 …", "CC BY 4.0" and "All rights reserved" all occur.
    rights: item.rights ?? null,
    alsoPublishedBy: item.alsoCarriedBy
      .filter((carrier) => carrier.sourceId !== item.sourceId)
      .map((carrier): Link => {
        const info = input.sources.get(carrier.sourceId);
        return { title: info?.title ?? carrier.sourceId, href: safeHttpUrl(carrier.link) ?? safeHttpUrl(info?.link) };
      }),
    categories: categoriesOf(item, input).map((category) => ({ title: category.name, href: `${root}category/${category.slug}/index.html` })),
  };
  const content = input.templates.render('post', {
    ...pageFrame(input, root, '', post.title, original),
    post,
    sidebar: recentView(input, root, slug),
  });
  return { path: `posts/${slug}.html`, content };
}

/** recent.html as a page of the site: its header, navigation and footer, entries linking to the local copies. */
function renderRecent(input: PagesInput): OutputFile {
  const title = 'Recent Posts';
  return { path: 'recent.html', content: input.templates.render('recent-page', { ...pageFrame(input, '', '', title, null), heading: title, entries: recentView(input, '', null) }) };
}

function renderIndex(items: StoredItem[], dir: string, category: CategoryRef | null, input: PagesInput): OutputFile[] {
  const pageSize = input.config.output.pageSize;
  const pageCount = Math.max(1, Math.ceil(items.length / pageSize));
  const files: OutputFile[] = [];
  for (let page = 1; page <= pageCount; page += 1) {
    const file = page === 1 ? 'index.html' : `page/${page}.html`;
    const depth = (dir + file).split('/').length - 1;
    const root = '../'.repeat(depth);
    const here = page === 1 ? '' : '../';
    const hrefOf = (n: number) => (n === 1 ? `${here}index.html` : `${here}page/${n}.html`);
    const posts = items.slice((page - 1) * pageSize, page * pageSize).map((item) => ({
      title: item.title || item.excerpt.slice(0, 80) || '(untitled)',
      href: `${root}posts/${input.slugs.get(item.uid)}.html`,
      excerpt: item.excerpt,
      sourceTitle: input.sources.get(item.sourceId)?.title ?? item.sourceId,
      time: timeView(item.date, input.now),
      // On a category's own page its name on every card would say nothing.
      categories: categoriesOf(item, input)
        .filter((ref) => ref.slug !== category?.slug)
        .map((ref) => ({ title: ref.name, href: `${root}category/${ref.slug}/index.html` })),
      thumbnail: thumbnailView(item),
    }));
    const heading = category ? category.name : input.config.site.title;
    const title = page === 1 ? heading : `${heading}, page ${page}`;
    files.push({
      path: dir + file,
      content: input.templates.render('index', {
        ...pageFrame(input, root, category ? `category/${category.slug}/` : '', title, null),
        heading,
        description: category ? null : input.config.site.description,
        posts,
        pagination: {
          page,
          pageCount,
          previous: page > 1 ? hrefOf(page - 1) : null,
          next: page < pageCount ? hrefOf(page + 1) : null,
          pages: Array.from({ length: pageCount }, (_, index) => ({ number: index + 1, href: hrefOf(index + 1), current: index + 1 === page })),
        },
      }),
    });
  }
  return files;
}

/** What every page's layout needs: head links, site navigation, footer. */
function pageFrame(input: PagesInput, root: string, feedDir: string, title: string, canonical: string | null) {
  const { site, output } = input.config;
  const feedSets = feedDir ? [{ dir: feedDir, label: title }, { dir: '', label: site.title }] : [{ dir: '', label: site.title }];
  const feeds = feedSets.flatMap((set) =>
    output.formats.map((format) => ({ type: FEED_TYPES[format], title: `${set.label} (${FEED_LABELS[format]})`, href: `${root}${set.dir}${FEED_FILES[format]}` })),
  );
  return {
    lang: site.language,
    root,
    siteTitle: site.title,
    pageTitle: title === site.title ? title : `${title} · ${site.title}`,
    canonical,
    feeds,
    navigation: input.categories.map((category) => ({ title: category.name, href: `${root}category/${category.slug}/index.html` })),
    copyright: site.copyright ?? null,
    recentHref: `${root}recent.html`,
  };
}

/** The Recent Posts, `output.digest.size` of them, without the page's own article (`slug`) when it is one. */
function recentView(input: PagesInput, root: string, slug: string | null) {
  return input.digest
    .filter((entry) => slug === null || entry.slug !== slug)
    .slice(0, input.config.output.digest.size)
    .map((entry) => ({
      title: entry.title,
      href: entry.slug ? `${root}posts/${entry.slug}.html` : entry.link,
      excerpt: entry.excerpt,
      sourceTitle: entry.sourceTitle,
      sourceHref: entry.sourceLink,
      time: { iso: entry.date, age: entry.age, exact: formatExactDate(new Date(entry.date)) },
    }));
}

function thumbnailView(item: StoredItem) {
  const src = thumbnailOf(item);
  return src ? { src, ...THUMBNAIL_SIZE } : null;
}

function categoriesOf(item: StoredItem, input: PagesInput): CategoryRef[] {
  return input.itemCategories.get(item.uid) ?? [];
}

function timeView(iso: string, now: Date): { iso: string; age: string; exact: string } {
  const date = new Date(Number.isNaN(Date.parse(iso)) ? 0 : Date.parse(iso));
  return { iso: date.toISOString(), age: relativeAge(date, now), exact: formatExactDate(date) };
}

/**
 * Between the config's sources and OPML: which sources an export lists and how, and which outlines
 * an import adds (duplicates of a configured feed, or of an earlier outline, are skipped and
 * counted). Pure: config, state and the parsed OPML in, data out.
 */
import { deriveSourceId, type SourceEntry } from '../config/edit-config.js';
import { normaliseSourceUrl, type ResolvedConfig, type ResolvedSource } from '../config/resolve-config.js';
import { isHttpUrl } from '../config/defaults.js';
import { redactUrl } from '../core/redact-url.js';
import type { StoreState } from '../core/types.js';
import { publicSourceUrl } from './public-sources.js';
import { stripTrackingParams } from '../normalise/url.js';
import type { OpmlDocument } from './read-opml.js';
import { writeOpml, type OpmlSource } from './write-opml.js';

export interface ExportOptions {
  /**
   * The published out/sources.opml: only live feeds on public hosts, by the URL they answer at now
   * (public-sources.ts). Otherwise (`export-opml`, the operator's own list) every source by its
   * config URL, so that importing the export into the same config changes nothing.
   */
  publicOnly: boolean;
}

export function exportSourcesOpml(config: ResolvedConfig, state: StoreState, options: ExportOptions): string {
  const sources: OpmlSource[] = config.sources
    .map((source) => ({ source, url: options.publicOnly ? publicSourceUrl(source, state.sources[source.id], config.fetch.allow) : source.url }))
    .filter((listed): listed is { source: ResolvedSource; url: string } => listed.url !== null)
    .map(({ source, url }) => {
      const sourceState = state.sources[source.id];
      // The public list is published like any output: no tracking parameters (issue 15).
      const publish = (value: string) => (options.publicOnly ? stripTrackingParams(redactUrl(value)) : redactUrl(value));
      return {
        id: source.id,
        url: publish(url),
        displayTitle: source.title ?? sourceState?.title ?? source.id,
        titleOverride: source.title ?? null,
        // The site link comes from the feed: only an http(s) one is published (issue 14).
        htmlUrl: sourceState?.siteLink && isHttpUrl(sourceState.siteLink) ? publish(sourceState.siteLink) : null,
        categories: source.categories,
      };
    });
  return writeOpml(sources, { title: `${config.site.title}: sources` });
}

export interface ImportPlan {
  entries: SourceEntry[];
  /** Outlines skipped because their feed is already configured or listed earlier in the file. */
  duplicates: Array<{ url: string; existingId: string }>;
  /** Outlines whose xmlUrl is neither an http(s) URL nor usable as a path. */
  invalid: Array<{ url: string; reason: string }>;
}

export interface ImportOptions {
  /** `import-opml --allow-local-paths`: the operator vouches for the file, so its local paths are kept. */
  allowLocalPaths: boolean;
}

export function planImport(doc: OpmlDocument, config: ResolvedConfig, options: ImportOptions): ImportPlan {
  const known = new Map(config.sources.map((source) => [normaliseSourceUrl(source.url), source.id]));
  const taken = new Set(config.sources.map((source) => source.id));
  const plan: ImportPlan = { entries: [], duplicates: [], invalid: [] };
  for (const feed of doc.feeds) {
    const key = normaliseSourceUrl(feed.url);
    const existingId = known.get(key);
    if (existingId !== undefined) {
      plan.duplicates.push({ url: feed.url, existingId });
      continue;
    }
    // Local paths only when the operator says so: a `feedloom:id` attribute proves nothing (anyone
    // can write one), and a forged list must not make feedloom read and publish this machine's files
    // (issue 14).
    const isPath = !/^[a-z][a-z0-9+.-]*:/i.test(feed.url);
    if (!isHttpUrl(feed.url) && !(isPath && options.allowLocalPaths)) {
      plan.invalid.push({ url: feed.url, reason: isPath ? 'a local path, added only with --allow-local-paths' : 'not an http(s) URL' });
      continue;
    }
    const wanted = feed.id !== null && /^[a-z0-9][a-z0-9._-]*$/i.test(feed.id) && feed.id.length <= 64 && !taken.has(feed.id) ? feed.id : null;
    if (wanted !== null) taken.add(wanted);
    const id = wanted ?? deriveSourceId(feed.text, feed.url, taken);
    known.set(key, id);
    const entry: SourceEntry = { id, url: feed.url };
    // A feedloom export writes `title` only for an operator's override; other readers' names are kept.
    const title = feed.id !== null ? feed.title : feed.text;
    if (title !== null) entry.title = title;
    if (feed.categories.length > 0) entry.category = feed.categories.length === 1 ? feed.categories[0] : feed.categories;
    plan.entries.push(entry);
  }
  return plan;
}

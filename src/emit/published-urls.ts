/**
 * Every URL an output carries, without tracking parameters (issue 15): applied once to the items and
 * sources before any renderer sees them, so the feeds, the pages and the digest agree, and items
 * stored before the rule covered body links and credits are published clean too. An item with
 * nothing to strip is passed on as the same object.
 */
import type { Carrier, Enclosure, SourceInfo, StoredItem } from '../core/types.js';
import { stripTrackingParamsInHtml } from '../normalise/html-urls.js';
import { stripTrackingParams } from '../normalise/url.js';

export function withoutTrackingParams(items: StoredItem[], sources: Map<string, SourceInfo>): { items: StoredItem[]; sources: Map<string, SourceInfo> } {
  return {
    items: items.map(cleanItem),
    sources: new Map([...sources].map(([id, info]) => [id, cleanSource(info)])),
  };
}

function cleanItem(item: StoredItem): StoredItem {
  const clean = {
    link: strip(item.link),
    canonicalLink: strip(item.canonicalLink),
    summary: item.summary === null ? null : stripTrackingParamsInHtml(item.summary),
    content: item.content === null ? null : stripTrackingParamsInHtml(item.content),
    enclosures: item.enclosures.some((enclosure) => strip(enclosure.url) !== enclosure.url)
      ? item.enclosures.map((enclosure): Enclosure => ({ ...enclosure, url: stripTrackingParams(enclosure.url) }))
      : item.enclosures,
    alsoCarriedBy: item.alsoCarriedBy.some((carrier) => strip(carrier.link) !== carrier.link)
      ? item.alsoCarriedBy.map((carrier): Carrier => ({ ...carrier, link: strip(carrier.link) }))
      : item.alsoCarriedBy,
    thumbnail: item.thumbnail ? stripTrackingParams(item.thumbnail) : item.thumbnail,
  };
  const changed = (Object.keys(clean) as (keyof typeof clean)[]).some((key) => clean[key] !== item[key]);
  return changed ? { ...item, ...clean } : item;
}

function cleanSource(info: SourceInfo): SourceInfo {
  const link = strip(info.link);
  const feedUrl = strip(info.feedUrl);
  return link === info.link && feedUrl === info.feedUrl ? info : { ...info, link, feedUrl };
}

function strip(url: string | null): string | null {
  return url === null ? null : stripTrackingParams(url);
}

/**
 * OPML (1.0 and 2.0) subscription lists → feeds. Every outline with an `xmlUrl` is a feed, at any
 * depth; the outlines around it without one are folders, and the innermost folder becomes its
 * category, as feed readers export them. A `category` attribute (OPML 2.0, comma-separated, slash
 * paths) adds more. Attribute names are matched case-insensitively: `xmlurl` and `xmlURL` occur.
 */
import { Parser } from 'htmlparser2';
import { FeedloomError } from '../core/errors.js';

export interface OpmlFeed {
  url: string;
  /** `text`, else `title`: what readers show. */
  text: string | null;
  /** The `title` attribute alone. */
  title: string | null;
  htmlUrl: string | null;
  categories: string[];
  /** `feedloom:id` from a feedloom export, else null. */
  id: string | null;
}

export interface OpmlDocument {
  title: string | null;
  feeds: OpmlFeed[];
}

export function readOpml(text: string): OpmlDocument {
  const folders: Array<string | null> = [];
  const feeds: OpmlFeed[] = [];
  let sawOpml = false;
  let inHeadTitle = false;
  let title = '';
  const parser = new Parser(
    {
      onopentag(name, raw) {
        const tag = name.toLowerCase();
        const attributes = lowerKeys(raw);
        if (tag === 'opml') sawOpml = true;
        if (tag === 'title' && folders.length === 0) inHeadTitle = true;
        if (tag !== 'outline') return;
        const url = clean(attributes.xmlurl);
        const label = clean(attributes.text) ?? clean(attributes.title);
        if (url === null) {
          folders.push(label);
          return;
        }
        folders.push(null);
        const folder = [...folders].reverse().find((entry, index) => index > 0 && entry !== null) ?? null;
        const categories = unique([...(folder ? [folder] : []), ...splitCategories(attributes.category)]);
        feeds.push({ url, text: label, title: clean(attributes.title), htmlUrl: clean(attributes.htmlurl), categories, id: clean(attributes['feedloom:id']) });
      },
      ontext(data) {
        if (inHeadTitle) title += data;
      },
      onclosetag(name) {
        const tag = name.toLowerCase();
        if (tag === 'title') inHeadTitle = false;
        if (tag === 'outline') folders.pop();
      },
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.write(text);
  parser.end();
  if (!sawOpml) throw new FeedloomError('E_PARSE', 'not an OPML document (no <opml> root)');
  return { title: clean(title), feeds };
}

function lowerKeys(attributes: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(attributes).map(([key, value]) => [key.toLowerCase(), value]));
}

function clean(value: string | undefined): string | null {
  const trimmed = value?.replace(/\s+/g, ' ').trim() ?? '';
  return trimmed === '' ? null : trimmed;
}

function splitCategories(value: string | undefined): string[] {
  if (!value) return [];
  return value
    .split(',')
    .map((entry) => entry.trim().replace(/^\/+/, ''))
    .filter((entry) => entry !== '');
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

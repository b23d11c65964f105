/**
 * OPML (1.0 and 2.0) subscription lists → feeds. Every outline with an `xmlUrl` is a feed, at any
 * depth; the outlines around it without one are folders, and the innermost folder becomes its
 * category, as feed readers export them. A `category` attribute (OPML 2.0, comma-separated, slash
 * paths) adds more. Attribute names are matched case-insensitively: `xmlurl` and `xmlURL` occur.
 */
import { FeedloomError } from '../core/errors.js';
import { scanTags, type WorkMeter } from '../parse/scan-tags.js';

/**
 * Elements nested deeper than this make the document unreadable: reader exports nest folders two
 * or three deep, and an unbounded stack is how 200,000 nested outlines took 39 s to import.
 */
export const MAX_OPML_DEPTH = 256;

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

interface OpenElement {
  name: string;
  /** The innermost labelled folder outline around and including this element, or null. */
  folder: string | null;
  /** Whether this element is or sits inside an outline (the head's title does not). */
  inOutline: boolean;
}

/**
 * Read with our own element stack (push/pop, never unshift), so the cost is linear in the input.
 * A close tag closes up to its nearest open match, within MAX_OPML_DEPTH; a stray one is ignored,
 * as XML-mode htmlparser2 did.
 */
export interface ReadOpmlOptions {
  /** The file read, named in errors. */
  where?: string;
  meter?: WorkMeter;
}

export function readOpml(text: string, { where, meter = { steps: 0 } }: ReadOpmlOptions = {}): OpmlDocument {
  const open: OpenElement[] = [];
  const feeds: OpmlFeed[] = [];
  let sawOpml = false;
  let headTitleAt = -1;
  let title = '';
  const folderAround = () => (open.length === 0 ? null : open[open.length - 1].folder);
  scanTags(text, { xml: true, meter }, {
    onopentag(name, raw, selfClosing) {
      const tag = name.toLowerCase();
      if (open.length >= MAX_OPML_DEPTH) {
        throw new FeedloomError('E_PARSE', `OPML elements nested deeper than ${MAX_OPML_DEPTH} levels (at <${name}>): not a subscription list`, { where });
      }
      const attributes = lowerKeys(raw);
      if (tag === 'opml') sawOpml = true;
      let folder = folderAround();
      if (tag === 'outline') {
        const url = clean(attributes.xmlurl);
        const label = clean(attributes.text) ?? clean(attributes.title);
        if (url === null) folder = label ?? folder;
        else {
          const categories = unique([...(folder ? [folder] : []), ...splitCategories(attributes.category)]);
          feeds.push({ url, text: label, title: clean(attributes.title), htmlUrl: clean(attributes.htmlurl), categories, id: clean(attributes['feedloom:id']) });
        }
      }
      if (selfClosing) return;
      meter.steps++;
      const inOutline = tag === 'outline' || (open.length > 0 && open[open.length - 1].inOutline);
      open.push({ name, folder, inOutline });
      if (tag === 'title' && headTitleAt === -1 && !inOutline) headTitleAt = open.length;
    },
    ontext(data) {
      if (headTitleAt !== -1 && open.length >= headTitleAt) title += data;
    },
    onclosetag(name) {
      for (let i = open.length - 1; i >= 0; i--) {
        meter.steps++;
        if (open[i].name !== name) continue;
        meter.steps += open.length - i;
        open.length = i;
        if (headTitleAt !== -1 && open.length < headTitleAt) headTitleAt = -2;
        return;
      }
    },
  });
  if (!sawOpml) throw new FeedloomError('E_PARSE', 'not an OPML document (no <opml> root)', { where });
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

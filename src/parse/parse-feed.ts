/**
 * bytes → ParsedFeed. The one entry point of the parse stage:
 *   decode (charset) → sniff JSON or XML by content → lenient XML tree → format → walk → finish.
 * Problems that still let the feed be read become `warnings` (feedparser's "bozo"); a document
 * that is no feed at all (an HTML page, random bytes, JSON that is not JSON Feed) throws
 * E_NOT_A_FEED.
 */
import { FeedloomError } from '../core/errors.js';
import type { ParsedFeed } from '../core/types.js';
import { collapseText, stripXmlIllegal } from '../normalise/text.js';
import { decodeFeedBytes } from './decode.js';
import { detectFormat } from './detect-format.js';
import { absoluteUrl, finishItem, finishText } from './finish-item.js';
import { readHints } from './hints.js';
import { parseJsonFeed } from './json-feed.js';
import { attr, buildXmlTree } from './xml-tree.js';
import { walkFeed } from './walk-feed.js';

export interface ParseOptions {
  /** Where the bytes came from: the last base for relative URLs. */
  url?: string | null;
  /** The HTTP Content-Type, for its charset only: the format is sniffed from the body (R23). */
  contentType?: string | null;
}

export function parseFeed(bytes: Uint8Array, options: ParseOptions = {}): ParsedFeed {
  const fetchUrl = options.url ?? null;
  const decoded = decodeFeedBytes(bytes, options.contentType ?? null);
  const cleaned = stripXmlIllegal(decoded.text);
  const warnings = [...decoded.warnings];
  if (cleaned.length !== decoded.text.length) warnings.push('characters not allowed in XML were removed');
  const head = cleaned.replace(/^[\uFEFF\s]+/, '');
  if (head.startsWith('{') || head.startsWith('[')) {
    const feed = parseJsonFeed(head, fetchUrl);
    return { ...feed, warnings: [...warnings, ...feed.warnings] };
  }
  if (!head.startsWith('<')) warnings.push('text before the first tag was skipped');
  const tree = buildXmlTree(cleaned);
  warnings.push(...tree.warnings);
  const detected = detectFormat(tree.roots, tree.doctype);
  if (!detected) {
    throw new FeedloomError('E_NOT_A_FEED', describeNonFeed(head), { where: fetchUrl ?? undefined });
  }
  const { format, root } = detected;
  if (root.local === 'rss' && attr(root, 'version') === null) warnings.push('<rss> has no version attribute; read as RSS 2.0');
  const atom = format.startsWith('atom');
  const raw = walkFeed(root, atom, null);
  const feedLink = raw.link === null || raw.link.trim() === '' ? null : absoluteUrl(raw.link, fetchUrl);
  const feedRights = finishText(raw.rights);
  return {
    format,
    title: finishText(raw.title),
    link: feedLink,
    items: raw.entries.map((entry) => finishItem(entry, { atom, feedLink, fetchUrl, feedRights })),
    description: collapseText(raw.description),
    language: collapseText(raw.language),
    hints: readHints(raw),
    warnings,
  };
}

function describeNonFeed(head: string): string {
  if (/^<(!doctype\s+html|html)[\s>]/i.test(head)) return 'an HTML page, not a feed (no <rss>, <feed> or <rdf:RDF> root)';
  if (head === '') return 'an empty document, not a feed';
  return 'not a feed (no <rss>, <feed> or <rdf:RDF> root, and not JSON Feed)';
}

/**
 * Which feed format a document is, from its root element and namespaces — never from the
 * Content-Type, which servers get wrong (RELIABILITY.md R23). The version rules are feedparser's:
 * the first namespace declaration that names RSS 0.90, RSS 1.0 or Atom 1.0 decides, except that
 * an `<rss>` root always means RSS (its version attribute picks which; none or an unknown one is
 * read as 2.0), and an Atom `<feed>` without the 1.0 namespace is 0.3 when it says so.
 */
import type { FeedFormat } from '../core/types.js';
import { NS } from './namespaces.js';
import { childElements, attr, type XmlElement } from './xml-tree.js';

export interface DetectedFormat {
  format: FeedFormat;
  root: XmlElement;
}

const RSS_09X = new Set(['0.90', '0.91', '0.92', '0.93', '0.94']);

const FEED_ROOTS = new Set(['rss', 'feed', 'rdf']);

export function detectFormat(roots: XmlElement[], doctype: string | null): DetectedFormat | null {
  const root = roots.find((element) => element.local === 'channel') ?? findFeedRoot(roots);
  if (!root) return null;
  // Netscape's RSS 0.91 DTD names the format whatever the version attribute says.
  if (doctype !== null && /netscape/i.test(doctype) && root.local === 'rss') return { format: 'rss0.9x', root };
  if (root.local === 'rss') {
    const version = (attr(root, 'version') ?? '').trim();
    return { format: RSS_09X.has(version) || version === '0.9' ? 'rss0.9x' : 'rss2.0', root };
  }
  const byNamespace = formatFromNamespaces(root);
  if (byNamespace) return { format: byNamespace, root };
  if (root.local === 'feed') {
    const version = (attr(root, 'version') ?? '').trim();
    return { format: ['0.1', '0.2', '0.3'].includes(version) ? 'atom0.3' : 'atom1.0', root };
  }
  if (root.local === 'rdf') return { format: 'rss1.0', root };
  return { format: 'rss2.0', root };
}

/** The first rss/feed/RDF element in document order: some feeds arrive wrapped in an XHTML page. */
function findFeedRoot(roots: XmlElement[]): XmlElement | null {
  const pending = [...roots].reverse();
  while (pending.length > 0) {
    const element = pending.pop() as XmlElement;
    if (FEED_ROOTS.has(element.local)) return element;
    pending.push(...childElements(element).reverse());
  }
  return null;
}

function formatFromNamespaces(root: XmlElement): FeedFormat | null {
  const pending: XmlElement[] = [root];
  let visited = 0;
  while (pending.length > 0 && visited < 10_000) {
    const element = pending.pop() as XmlElement;
    visited++;
    for (const [prefix, uri] of element.declared) {
      const lower = uri.toLowerCase();
      if (prefix === '' && lower === NS.rss090) return 'rss0.9x';
      if (lower === NS.rss10) return 'rss1.0';
      if (lower === NS.atom10) return 'atom1.0';
    }
    pending.push(...childElements(element).reverse());
  }
  return null;
}

/**
 * Content types of the files in out/. Feed files are named by what they hold (emit/feed-model.ts
 * FEED_FILES, operator-files.ts), so the name decides before the extension: a feed reader that
 * sniffs by type must see application/rss+xml for feed.xml, not a generic XML type.
 */
const BY_NAME: Record<string, string> = {
  'feed.xml': 'application/rss+xml; charset=utf-8',
  'atom.xml': 'application/atom+xml; charset=utf-8',
  'health.xml': 'application/atom+xml; charset=utf-8',
  'feed.json': 'application/feed+json; charset=utf-8',
  // Prometheus text exposition format 0.0.4.
  'metrics.prom': 'text/plain; version=0.0.4; charset=utf-8',
};

const BY_EXTENSION: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.opml': 'text/x-opml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

export function contentTypeFor(fileName: string): string {
  const base = fileName.slice(fileName.lastIndexOf('/') + 1).toLowerCase();
  const byName = BY_NAME[base];
  if (byName) return byName;
  const dot = base.lastIndexOf('.');
  return (dot === -1 ? undefined : BY_EXTENSION[base.slice(dot)]) ?? 'application/octet-stream';
}

/** Worth compressing: text formats. Images and fonts are compressed already. */
export function isCompressible(contentType: string): boolean {
  return /^(text\/|application\/(?:[a-z.+-]*\+)?(?:xml|json)|image\/svg\+xml)/.test(contentType);
}

/**
 * Sources → OPML 2.0 (opml.org/spec2.opml, "subscription lists"): one `<outline type="rss">` per
 * feed with `text`, `xmlUrl`, `htmlUrl` and `category`, grouped in a folder outline named for the
 * source's first category, which is how feed readers lay out folders. A `feedloom:id` attribute
 * keeps the source id, so an export imported again gives the same sources (round trip).
 */
import { escapeXml } from '../emit/xml.js';

const FEEDLOOM_OPML_NS = 'https://github.com/feedloom/feedloom/opml';

export interface OpmlSource {
  id: string;
  url: string;
  /** Shown as `text` (required by the spec). */
  displayTitle: string;
  /** The config's own title, written as `title` only when the operator set one. */
  titleOverride: string | null;
  htmlUrl: string | null;
  categories: string[];
}

export function writeOpml(sources: OpmlSource[], options: { title: string }): string {
  const folders = new Map<string, OpmlSource[]>();
  const loose: OpmlSource[] = [];
  for (const source of sources) {
    const folder = source.categories[0];
    if (folder === undefined) loose.push(source);
    else folders.set(folder, [...(folders.get(folder) ?? []), source]);
  }
  const body: string[] = [];
  for (const [folder, members] of folders) {
    body.push(`    <outline text="${escapeXml(folder)}" title="${escapeXml(folder)}">`);
    for (const source of members) body.push(`      ${outline(source)}`);
    body.push('    </outline>');
  }
  for (const source of loose) body.push(`    ${outline(source)}`);
  return `<?xml version="1.0" encoding="utf-8"?>
<opml version="2.0" xmlns:feedloom="${FEEDLOOM_OPML_NS}">
  <head>
    <title>${escapeXml(options.title)}</title>
    <docs>http://opml.org/spec2.opml</docs>
  </head>
  <body>
${body.join('\n')}${body.length > 0 ? '\n' : ''}  </body>
</opml>
`;
}

function outline(source: OpmlSource): string {
  const attributes: Array<[string, string | null]> = [
    ['type', 'rss'],
    ['text', source.displayTitle],
    ['title', source.titleOverride],
    ['xmlUrl', source.url],
    ['htmlUrl', source.htmlUrl],
    // OPML 2.0: comma-separated category strings; a leading slash marks a category, not a tag.
    ['category', source.categories.length > 0 ? source.categories.map((name) => `/${name.replace(/,/g, ' ')}`).join(',') : null],
    ['feedloom:id', source.id],
  ];
  const text = attributes
    .filter((entry): entry is [string, string] => entry[1] !== null && entry[1] !== '')
    .map(([name, value]) => `${name}="${escapeXml(value)}"`)
    .join(' ');
  return `<outline ${text}/>`;
}

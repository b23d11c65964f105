/**
 * The digest's three files: recent.html, recent.md and recent.json. All feed text is escaped. With
 * pages, recent.html is one of them (render-pages.ts); without, it is written here self-contained:
 * its stylesheet inline, allowed by hash in its Content-Security-Policy, no script, since there is
 * no site around it whose style.css, header and navigation it could share.
 */
import { createHash } from 'node:crypto';
import type { ResolvedConfig } from '../config/resolve-config.js';
import type { OutputFile } from '../core/types.js';
import type { DigestEntry } from '../digest/digest.js';
import { formatExactDate } from '../digest/relative-age.js';
import type { TemplateSet } from './templates.js';

export function renderDigest(entries: DigestEntry[], config: ResolvedConfig, templates: TemplateSet, options: { html: boolean }): OutputFile[] {
  return [
    ...(options.html ? [{ path: 'recent.html', content: renderDigestHtml(entries, config, templates) }] : []),
    { path: 'recent.md', content: renderDigestMarkdown(entries, config) },
    { path: 'recent.json', content: `${JSON.stringify({ title: `Recent Posts · ${config.site.title}`, items: entries }, null, 2)}\n` },
  ];
}

function renderDigestHtml(entries: DigestEntry[], config: ResolvedConfig, templates: TemplateSet): string {
  const style = templates.asset('recent.css');
  return templates.render('recent', {
    lang: config.site.language,
    siteTitle: config.site.title,
    style,
    styleHash: `sha256-${createHash('sha256').update(style).digest('base64')}`,
    entries: entries.map((entry) => ({
      ...entry,
      time: { iso: entry.date, age: entry.age, exact: formatExactDate(new Date(entry.date)) },
    })),
  });
}

function renderDigestMarkdown(entries: DigestEntry[], config: ResolvedConfig): string {
  const lines = [`# Recent Posts · ${escapeMarkdown(config.site.title)}`, ''];
  for (const entry of entries) {
    const title = escapeMarkdown(entry.title);
    const source = entry.sourceLink ? `[${escapeMarkdown(entry.sourceTitle)}](<${entry.sourceLink}>)` : escapeMarkdown(entry.sourceTitle);
    lines.push(`- ${entry.link ? `[${title}](<${entry.link}>)` : `**${title}**`}  `);
    lines.push(`  ${source} · ${entry.age} (${formatExactDate(new Date(entry.date))})  `);
    if (entry.excerpt) lines.push(`  ${escapeMarkdown(entry.excerpt)}`);
    lines.push('');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

/**
 * Feed text must stay text in Markdown too: backslash-escape the inline punctuation of CommonMark
 * (spec §2.4), entity-escape `<`/`&` so raw HTML and entity references cannot form, and escape a
 * leading block marker (heading, list, quote) so an excerpt cannot start a new block.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/[\\`*_{}[\]()!|~]/g, '\\$&')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/^(\s*)([#>+=-])/, '$1\\$2')
    .replace(/^(\s*)(\d+)([.)])/, '$1$2\\$3');
}

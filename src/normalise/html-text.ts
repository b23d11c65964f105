/**
 * Plain text of an HTML fragment, for excerpts, spam scoring and duplicate detection. Raw or
 * sanitised HTML alike: whatever the sanitiser would drop with its content (script, style, svg…) is
 * dropped here too, so an excerpt never shows a script's source.
 */
import { WORD_BREAKING_TAGS, DROPPED_WITH_CONTENT, PARAGRAPH_TAGS, TEXT_ONLY_SUBTREES } from './html-allowlist.js';
import { collapseParagraphs, collapseWhiteSpace } from './text.js';
import { CappedParser, MAX_INPUT_DEPTH } from './html-parser.js';
import { PARAGRAPH_BREAK, textOfSanitisedHtml } from './sanitised-text.js';

/**
 * Text with entities decoded and white space collapsed. Block elements and `<br>` separate words;
 * inline elements do not (`Hel<b>lo</b>` is "Hello", `<p>a</p><p>b</p>` is "a b").
 */
export function htmlToText(html: string): string {
  if (!html.includes('<') && !html.includes('&')) return collapse(html);
  // Normalising, spam scoring and dedupe each want the text of the same body, one after the other:
  // a few recent answers save re-parsing it (issue 7: htmlToText was an eighth of a cold run's CPU).
  const cached = recent.get(html);
  if (cached !== undefined) return cached;
  // Parsed bodies are sanitised already, and their shape reads without a tokenizer (issue 11).
  // Not with the paragraph breaks that htmlToParagraphs reads: U+2029 would make the text, and
  // every string cut from it, two bytes a character, and tokenising it a seventh slower.
  const sanitised = textOfSanitisedHtml(html);
  const text = sanitised === null ? parseText(html) : collapse(sanitised);
  if (recent.size >= RECENT_TEXTS) recent.clear();
  recent.set(html, text);
  return text;
}

/**
 * The text of each paragraph (PARAGRAPH_TAGS end one), white space collapsed within it, one per
 * line: the spam classifier scores paragraphs as well as the whole (issue 13). Joined with spaces
 * the lines are htmlToText's text, less the white space at the joins.
 */
export function htmlToParagraphs(html: string): string {
  // Plain text (a summary without markup) has its paragraphs as blank lines.
  if (!html.includes('<') && !html.includes('&')) {
    let out = '';
    for (const line of html.split(BLANK_LINE)) {
      const text = collapse(line);
      if (text !== '') out = out === '' ? text : `${out}\n${text}`;
    }
    return out;
  }
  return collapseParagraphs(textOfSanitisedHtml(html, PARAGRAPH_TAGS) ?? parseText(html, PARAGRAPH_TAGS, false));
}

const BLANK_LINE = /\n[ \t\r]*\n/;
const RECENT_TEXTS = 64;
const recent = new Map<string, string>();

function parseText(html: string, breaks?: ReadonlySet<string>, collapsed = true): string {
  const parts: string[] = [];
  let depth = 0;
  let droppedAt = -1;
  let textOnlyAt = -1;
  const parser = new CappedParser(
    {
      onopentag(name) {
        depth++;
        if (droppedAt !== -1) return;
        if (DROPPED_WITH_CONTENT.has(name) && (textOnlyAt === -1 || name !== 'title')) droppedAt = depth;
        else if (textOnlyAt === -1 && TEXT_ONLY_SUBTREES.has(name)) textOnlyAt = depth;
        // As in the sanitiser, every element boundary inside svg/math separates words.
        if (textOnlyAt !== -1 || WORD_BREAKING_TAGS.has(name)) parts.push(breaks?.has(name) ? PARAGRAPH_BREAK : ' ');
      },
      onclosetag(name) {
        if (droppedAt !== -1 && depth <= droppedAt) {
          droppedAt = -1;
          parts.push(' ');
        } else if (droppedAt === -1 && (textOnlyAt !== -1 || WORD_BREAKING_TAGS.has(name))) parts.push(breaks?.has(name) ? PARAGRAPH_BREAK : ' ');
        if (depth <= textOnlyAt) textOnlyAt = -1;
        depth--;
      },
      ontext(text) {
        if (droppedAt === -1) parts.push(text);
      },
    },
    MAX_INPUT_DEPTH,
  );
  parser.end(html);
  return collapsed ? collapse(parts.join('')) : parts.join('');
}

function collapse(text: string): string {
  return collapseWhiteSpace(text);
}

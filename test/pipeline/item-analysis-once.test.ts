/**
 * Issue 11: each text of an item is tokenised once, and everything (spam facts, vocabulary, word
 * counts, duplicate features, fingerprint, classifier features) is read from that one pass.
 * Counted through tokeniserStats(), not timed.
 */
import { describe, expect, it } from 'vitest';
import { buildSourceProfile, profileFactsOf, scoreSpam } from '../../src/filter/spam.js';
import { linksIn } from '../../src/filter/spam-signals.js';
import { htmlToText, sanitiseHtml } from '../../src/normalise/html.js';
import { tokeniserStats } from '../../src/normalise/text-tokens.js';
import { analyseItem } from '../../src/dedupe/item-analysis.js';
import { spamModelFor } from '../../src/pipeline/spam-model-load.js';
import { storedItem } from '../helpers/stored-item.js';

/** The item every case analyses; each case gives it a body. */
const matchReport = {
  sourceId: 's',
  key: 'a',
  date: '2026-01-01T00:00:00.000Z',
  title: 'Port Vale Wanderers beat Rovers 3-2 in Amman',
  link: 'https://news.example/2026/01/01/story?utm_source=rss',
  canonicalLink: 'https://news.example/2026/01/01/story',
  language: null,
};

const body = sanitiseHtml(
  '<p>Amman (NewsAgency) — Port Vale Wanderers beat Rovers 3-2 on Monday, said Tomás Ruiz. Free spins and a <a href="https://casino.example/?ref=me">bonus</a>.</p>' +
    '<p>本日は晴天です。 Zürich, İstanbul, ΟΔΟΣ, https://example.org/x and more &amp; more.</p>',
  null,
);

function tokenised<T>(work: () => T): { calls: number; chars: number } {
  const before = tokeniserStats();
  work();
  const after = tokeniserStats();
  return { calls: after.calls - before.calls, chars: after.chars - before.chars };
}

describe('one tokenising pass per item text', () => {
  it('tokenises the title, the body and the link words once each for an item with only a content', () => {
    const subject = storedItem({ ...matchReport, content: body });
    const text = htmlToText(body);
    const counted = tokenised(() => analyseItem(subject));
    // Title, content text, the (empty) summary and the link words: four texts, each once.
    expect(counted.calls).toBe(4);
    const links = [subject.link!, ...linksIn(`${body} `)];
    // spam.ts reads the host and path words of every link as one more text.
    const linkWords = links.map((link) => `${new URL(link).hostname} ${decodeURIComponent(new URL(link).pathname)}`.replace(/[./_-]+/g, ' ')).join(' ');
    expect(counted.chars).toBe(subject.title!.length + text.length + linkWords.length);
  });

  it('reads the summary beside a content once more, for the subjects only', () => {
    const withSummary = storedItem({ ...matchReport, content: body, summary: sanitiseHtml('<p>Payday loans, no credit check.</p>', null) });
    const contentOnly = storedItem({ ...matchReport, content: body });
    const extra = tokenised(() => analyseItem(withSummary)).chars - tokenised(() => analyseItem(contentOnly)).chars;
    expect(extra).toBe(htmlToText(withSummary.summary!).length);
  });

  it('costs no tokenising to profile and score an analysed item on the main thread', () => {
    const items = Array.from({ length: 20 }, (_, index) => storedItem({ ...matchReport, id: `i${index}`, key: `i${index}`, content: index % 2 ? body : null, summary: index % 3 ? body : null }));
    const analyses = structuredClone(items.map((entry) => analyseItem({ ...entry })));
    const model = spamModelFor();
    const counted = tokenised(() => {
      const profile = buildSourceProfile(
        items.map((entry, index) => ({ ...entry, profileFacts: profileFactsOf(entry, analyses[index].spam) })),
        'https://news.example/',
      );
      items.forEach((entry, index) => scoreSpam(entry, profile, { threshold: 1, weights: {} }, model, analyses[index]));
    });
    expect(counted).toEqual({ calls: 0, chars: 0 });
  });

  it('tokenises the same number of texts for every item, however long its body', () => {
    const short = tokenised(() => analyseItem(storedItem({ ...matchReport, content: sanitiseHtml('<p>One line.</p>', null) }))).calls;
    const long = tokenised(() => analyseItem(storedItem({ ...matchReport, content: sanitiseHtml(`<p>${'A long body of words. '.repeat(2000)}</p>`, null) }))).calls;
    expect(long).toBe(short);
  });
});


import { describe, expect, it } from 'vitest';
import type { StoredItem } from '../../src/core/types.js';
import { buildSourceProfile, profileFactsOf, scoreSpam, SPAM_WEIGHTS } from '../../src/filter/spam.js';
import { storedItem } from '../helpers/stored-item.js';

/** A plain local-news item, as a source's profile sees most of its items; each case changes a field or two. */
const budgetStory: Partial<StoredItem> = {
  id: null,
  title: 'A normal headline about the council budget',
  link: 'https://www.localnews.example/2026/11/budget',
  summary: '<p>The council approved its budget for next year after a long debate about bus routes and libraries.</p>',
  key: 'k',
  sourceId: 'local',
  canonicalLink: null,
  contentHash: 'h',
  date: '2026-11-10T08:00:00.000Z',
};

const englishProfile = buildSourceProfile(
  Array.from({ length: 30 }, (_, n) => storedItem({ ...budgetStory, link: `https://www.localnews.example/2026/11/story-${n}` })),
  'https://www.localnews.example/',
);
const russianProfile = buildSourceProfile(
  Array.from({ length: 30 }, (_, n) => storedItem({ ...budgetStory, link: `https://vestnik.example.ru/news/${n}`, language: 'ru' })),
  'https://vestnik.example.ru/',
);
const options = { threshold: 1, weights: {} };

describe('buildSourceProfile', () => {
  it('counts registrable domains once per item and languages per item', () => {
    const profile = buildSourceProfile(
      [
        storedItem({ ...budgetStory, link: 'https://www.localnews.example/a', summary: '<p>See <a href="https://cdn.localnews.example/x.pdf">the plan</a> and <a href="https://gov.example.org/">the ministry</a>.</p>' }),
        storedItem({ ...budgetStory, link: 'https://localnews.example/b', language: 'de' }),
      ],
      'https://www.localnews.example/',
    );
    expect(profile.items).toBe(2);
    expect(profile.domains).toEqual({ 'localnews.example': 2, 'example.org': 1 });
    expect(profile.languages).toEqual({ en: 1, de: 1 });
  });

  it('gives the same profile from the facts kept with stored items as from their bodies (issue 7)', () => {
    const items = [
      storedItem({ ...budgetStory, link: 'https://www.localnews.example/a', summary: '<p>See <a href="https://cdn.localnews.example/x.pdf">the plan</a> and <a href="https://gov.example.org/">the ministry</a>.</p>' }),
      storedItem({ ...budgetStory, link: 'https://localnews.example/b', language: null, summary: '<p>Der Stadtrat hat den Haushalt für das nächste Jahr nach einer langen Debatte über Buslinien beschlossen und die Bibliothek bleibt.</p>' }),
      storedItem({ ...budgetStory, link: 'https://spam.example/c', summary: '<p>Free spins and a no deposit bonus at the best online casino: <a href="https://casino.example/?ref=9">claim your bonus</a></p>' }),
    ];
    // A later run reads plain JSON: only the kept facts, no body re-read (the summaries are gone).
    const reloaded = items.map((one) => ({ ...JSON.parse(JSON.stringify({ ...one, profileFacts: profileFactsOf(one) })), summary: null }));
    const fromBodies = buildSourceProfile(items, 'https://www.localnews.example/');
    expect(fromBodies.languages).toEqual({ en: 2, de: 1 });
    expect(fromBodies.topics).toEqual({ SPAM_GAMBLING: 1 });
    expect(buildSourceProfile(reloaded, 'https://www.localnews.example/')).toEqual(fromBodies);
  });
});

describe('scoreSpam: single signals never hold a legitimate item', () => {
  it('a Russian-language source posting in Russian is clean', () => {
    const verdict = scoreSpam(storedItem({ ...budgetStory, link: 'https://vestnik.example.ru/news/99', language: 'ru', title: 'В Казани открыли новую станцию метро' }), russianProfile, options);
    expect(verdict).toEqual({ score: 0, reasons: [], held: false });
  });

  it('a news item linking to another domain is noted but not held', () => {
    const verdict = scoreSpam(storedItem({ ...budgetStory, link: 'https://reports.agency.example/2026/report.pdf' }), englishProfile, options);
    expect(verdict.reasons).toEqual(['SPAM_FOREIGN_DOMAIN']);
    expect(verdict.held).toBe(false);
  });

  it('an article about gambling regulation is not held for its subject', () => {
    const verdict = scoreSpam(
      storedItem({ ...budgetStory, title: 'Regulator fines online casino operator', summary: '<p>The gambling regulator fined a casino company over betting adverts aimed at teenagers.</p>' }),
      englishProfile,
      options,
    );
    expect(verdict.held).toBe(false);
    expect(verdict.score).toBeLessThan(0.5);
  });

  it('a shouting title alone, or an Amazon affiliate tag alone, is not held', () => {
    expect(scoreSpam(storedItem({ ...budgetStory, title: 'FLOOD WARNING FOR RIVER VALLEY COUNTIES' }), englishProfile, options)).toMatchObject({ reasons: ['SPAM_ALL_CAPS'], held: false });
    const affiliate = scoreSpam(storedItem({ ...budgetStory, summary: '<p>Our pick for the office, after a month of testing: <a href="https://www.amazon.example/dp/B01?tag=site-20">on Amazon</a>.</p>' }), englishProfile, options);
    expect(affiliate.reasons).toContain('SPAM_AFFILIATE');
    expect(affiliate.held).toBe(false);
  });
});

describe('scoreSpam: spam holds', () => {
  it('holds the seed: a Russian casino-mirror promotion in an English news feed', () => {
    const verdict = scoreSpam(
      storedItem({
        ...budgetStory,
        title: 'Казино Вулкан — рабочее зеркало на сегодня',
        link: 'https://vulkan-zerkalo.example/',
        summary: '<p>Актуальное зеркало казино, бонус за регистрацию и фриспины без отыгрыша.</p>',
        language: null,
      }),
      englishProfile,
      options,
    );
    expect(verdict.held).toBe(true);
    expect(verdict.reasons.slice(0, 3).sort()).toEqual(['SPAM_FOREIGN_DOMAIN', 'SPAM_GAMBLING', 'SPAM_LANGUAGE_MISMATCH']);
    expect(verdict.score).toBeGreaterThanOrEqual(SPAM_WEIGHTS.SPAM_LANGUAGE_MISMATCH + SPAM_WEIGHTS.SPAM_FOREIGN_DOMAIN);
  });

  it('holds promotional loan and crypto vocabulary in several languages', () => {
    const cases = [
      ['SPAM_LOAN', 'Kredit ohne Schufa mit Sofortzusage', 'Sofortkredit ohne Schufa, Geld heute auf dem Konto.'],
      ['SPAM_LOAN', 'Pinjaman online langsung cair', 'Pinjol dana cepat cair, pinjaman tanpa jaminan.'],
      ['SPAM_CRYPTO', 'Next 100x gem: token presale live', 'Guaranteed returns for early buyers of the token presale.'],
      ['SPAM_GAMBLING', 'Deneme bonusu veren siteler', 'Yatırımsız deneme bonusu ve bedava spin, güncel giriş adresi.'],
    ] as const;
    for (const [code, title, text] of cases) {
      const verdict = scoreSpam(storedItem({ ...budgetStory, title, summary: `<p>${text}</p>`, link: 'https://spam-site.example/x', language: null }), englishProfile, options);
      expect(verdict.reasons, title).toContain(code);
      expect(verdict.held, title).toBe(true);
    }
  });

  it('holds a link-only, all-caps post to a strange domain with affiliate parameters', () => {
    const verdict = scoreSpam(
      storedItem({ ...budgetStory, title: 'WIN BIG TODAY CLICK HERE', link: 'https://deals.example/?clickid=1', summary: '<a href="https://deals.example/?clickid=1">https://deals.example/?clickid=1</a>' }),
      englishProfile,
      options,
    );
    expect(verdict.reasons).toEqual(expect.arrayContaining(['SPAM_LINK_ONLY', 'SPAM_AFFILIATE', 'SPAM_ALL_CAPS', 'SPAM_FOREIGN_DOMAIN']));
    expect(verdict.held).toBe(true);
  });

  it('weighs subject words more when the item leaves a source that always links to itself', () => {
    const text = { title: 'Play roulette live with real dealers', summary: '<p>New customers get a welcome on their first evening at the tables.</p>' };
    const offsite = scoreSpam(storedItem({ ...budgetStory, ...text, link: 'https://live-tables.example/' }), englishProfile, options);
    const onsite = scoreSpam(storedItem({ ...budgetStory, ...text, link: 'https://www.localnews.example/2026/11/roulette' }), englishProfile, options);
    expect(offsite.held).toBe(true);
    expect(offsite.reasons).toEqual(expect.arrayContaining(['SPAM_FOREIGN_DOMAIN', 'SPAM_GAMBLING']));
    expect(onsite.held).toBe(false);
  });

  it('uses the configured threshold and weights', () => {
    const foreign = storedItem({ ...budgetStory, link: 'https://elsewhere.example/story' });
    expect(scoreSpam(foreign, englishProfile, { threshold: 0.5, weights: {} }).held).toBe(true);
    expect(scoreSpam(foreign, englishProfile, { threshold: 1, weights: { SPAM_FOREIGN_DOMAIN: 2 } })).toMatchObject({ score: 2, held: true });
  });

  it('flags an empty post but does not hold it for that alone', () => {
    const verdict = scoreSpam(storedItem({ ...budgetStory, title: 'casino', summary: null }), englishProfile, options);
    expect(verdict.reasons).toContain('SPAM_EMPTY');
    expect(verdict.held).toBe(false);
  });
});

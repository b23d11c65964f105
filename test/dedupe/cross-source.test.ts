import { describe, expect, it } from 'vitest';
import { findCrossSourceDuplicate, foldDuplicate, packTextFeatures, textFeaturesOf, unpackTextFeatures } from '../../src/dedupe/cross-source.js';
import { storedItem } from '../helpers/stored-item.js';

/** The story every source carries in these cases unless a case says otherwise. */
const ferry = { date: '2026-11-10T08:00:00.000Z', title: 'Ferry capsizes off the coast; 12 missing' };

const options = { windowHours: 48, titleSimilarity: 0.8 };

describe('findCrossSourceDuplicate', () => {
  it('matches the same canonical link from another source', () => {
    const a = storedItem({ ...ferry, sourceId: 'alpha', key: '1', canonicalLink: 'https://news.example.org/story', title: 'One' });
    const b = storedItem({ ...ferry, sourceId: 'beta', key: '2', canonicalLink: 'https://news.example.org/story', title: 'Two' });
    expect(findCrossSourceDuplicate(a, [b], options)).toEqual({ match: b, reason: 'link' });
  });

  it('never matches a home-page link, which every item of a site shares', () => {
    const a = storedItem({ ...ferry, sourceId: 'alpha', key: '1', canonicalLink: 'https://news.example.org/', title: 'Budget approved' });
    const b = storedItem({ ...ferry, sourceId: 'beta', key: '2', canonicalLink: 'https://news.example.org/', title: 'Storm warning' });
    expect(findCrossSourceDuplicate(a, [b], options)).toBeNull();
  });

  it('matches an equal headline with no body to contradict it', () => {
    const a = storedItem({ ...ferry, sourceId: 'alpha', key: '1' });
    const b = storedItem({ ...ferry, sourceId: 'beta', key: '2' });
    expect(findCrossSourceDuplicate(a, [b], options)?.reason).toBe('title');
  });

  it('ignores candidates of the same source, itself, outside the window, or already folded', () => {
    const a = storedItem({ ...ferry, sourceId: 'alpha', key: '1' });
    const sameSource = storedItem({ ...ferry, sourceId: 'alpha', key: '2' });
    const late = storedItem({ ...ferry, sourceId: 'beta', key: '3', date: '2026-11-13T08:00:01.000Z' });
    const secondary = storedItem({ ...ferry, sourceId: 'gamma', key: '4', duplicateOf: 'x' });
    expect(findCrossSourceDuplicate(a, [a, sameSource, late, secondary], options)).toBeNull();
    const inside = storedItem({ ...ferry, sourceId: 'beta', key: '5', date: '2026-11-12T08:00:00.000Z' });
    expect(findCrossSourceDuplicate(a, [late, inside], options)?.match).toBe(inside);
  });

  it('prefers a link match over a title match among several candidates', () => {
    const a = storedItem({ ...ferry, sourceId: 'alpha', key: '1', canonicalLink: 'https://wire.example/ferry' });
    const byTitle = storedItem({ ...ferry, sourceId: 'beta', key: '2' });
    const byLink = storedItem({ ...ferry, sourceId: 'gamma', key: '3', canonicalLink: 'https://wire.example/ferry', title: 'Something else entirely' });
    expect(findCrossSourceDuplicate(a, [byTitle, byLink], options)).toEqual({ match: byLink, reason: 'link' });
  });
});

describe('foldDuplicate', () => {
  const priorities: Record<string, number> = { alpha: 0, beta: 5, gamma: 0 };
  const priorityOf = (id: string) => priorities[id] ?? 0;

  it('keeps the higher-priority source as primary even when it published later', () => {
    const early = storedItem({ ...ferry, sourceId: 'alpha', key: '1', date: '2026-11-10T08:00:00.000Z' });
    const late = storedItem({ ...ferry, sourceId: 'beta', key: '2', date: '2026-11-10T12:00:00.000Z' });
    const { primary, secondary } = foldDuplicate(early, late, priorityOf);
    expect(primary.uid).toBe(late.uid);
    expect(secondary.uid).toBe(early.uid);
    expect(secondary.duplicateOf).toBe(late.uid);
    expect(primary.alsoCarriedBy).toEqual([{ sourceId: 'alpha', itemKey: '1', link: early.link, title: early.title }]);
  });

  it('keeps the earliest copy at equal priority, whichever argument it is', () => {
    const early = storedItem({ ...ferry, sourceId: 'alpha', key: '1', date: '2026-11-10T08:00:00.000Z' });
    const late = storedItem({ ...ferry, sourceId: 'gamma', key: '2', date: '2026-11-10T09:00:00.000Z' });
    expect(foldDuplicate(late, early, priorityOf).primary.uid).toBe(early.uid);
    expect(foldDuplicate(early, late, priorityOf).primary.uid).toBe(early.uid);
  });

  it('carries over the secondary’s own carriers without repeating any, and is pure', () => {
    const carrier = { sourceId: 'delta', itemKey: '9', link: null, title: null };
    const primaryIn = storedItem({ ...ferry, sourceId: 'beta', key: '2', alsoCarriedBy: [carrier] });
    const secondaryIn = storedItem({ ...ferry, sourceId: 'alpha', key: '1', alsoCarriedBy: [carrier, { sourceId: 'beta', itemKey: '2', link: null, title: null }] });
    const before = JSON.stringify([primaryIn, secondaryIn]);
    const { primary, secondary } = foldDuplicate(primaryIn, secondaryIn, priorityOf);
    expect(primary.alsoCarriedBy.map((entry) => entry.sourceId)).toEqual(['delta', 'alpha']);
    expect(secondary.alsoCarriedBy).toEqual([]);
    expect(JSON.stringify([primaryIn, secondaryIn])).toBe(before);
    expect(primary).not.toBe(primaryIn);
  });
});

describe('packed text features (as a parse worker sends them)', () => {
  it('give back every feature after a structured clone, empty sets and members holding U+0000 included', () => {
    const item = storedItem({ ...ferry, content: '<p>Rescuers from Port Vale and the Coastguard searched 40 km of coast on Monday; 12 remain missing, said Anna Ruiz.</p>' });
    const features = textFeaturesOf(item);
    const received = unpackTextFeatures(structuredClone(packTextFeatures(features)));
    expect({ ...received, details: [...received.details], leadDetails: [...received.leadDetails], mentions: [...received.mentions] }).toEqual({
      ...features,
      details: [...features.details],
      leadDetails: [...features.leadDetails],
      mentions: [...features.mentions],
    });
    expect(features.details.size).toBeGreaterThan(2);
    const odd = { ...features, details: new Set(['a\u0000b', 'c']), leadDetails: new Set<string>(), mentions: new Set(['']) };
    const back = unpackTextFeatures(structuredClone(packTextFeatures(odd)));
    expect([[...back.details], [...back.leadDetails], [...back.mentions]]).toEqual([['a\u0000b', 'c'], [], ['']]);
  });
});

/** Issue 15, defect 2: which sources forget their validators when their items are gone, and when they are next due. */
import { describe, expect, it } from 'vitest';
import type { SourceState } from '../../src/core/types.js';
import { forgetLostItems } from '../../src/schedule/forget-validators.js';
import { newSourceState } from '../../src/schedule/source-lifecycle.js';

const now = new Date('2026-11-28T12:00:00Z');
const later = '2026-11-28T18:00:00.000Z';
const remembered = (id: string, overrides: Partial<SourceState> = {}): SourceState => ({
  ...newSourceState(id, `https://${id}.example/feed`),
  status: 'not-modified',
  etag: '"v1"',
  lastModified: 'Fri, 27 Nov 2026 09:00:00 GMT',
  bodyHash: 'h1',
  nextDueAt: later,
  items: { stored: 3, perWeek: 0.8 },
  ...overrides,
});
const none = () => false;

describe('forgetLostItems', () => {
  it('a source that had items and has none forgets its validators and body hash and is due now', () => {
    const [forgotten] = forgetLostItems([remembered('a')], { hasItems: none, now });
    expect(forgotten).toMatchObject({ id: 'a', etag: null, lastModified: null, bodyHash: null, nextDueAt: now.toISOString(), items: { stored: 0, perWeek: 0 } });
  });

  it('leaves alone a source that still has items, never had any, or was emptied by retention', () => {
    const states = [remembered('kept'), remembered('empty-feed', { items: { stored: 0, perWeek: 0 } }), remembered('pruned')];
    expect(forgetLostItems(states, { hasItems: (id) => id === 'kept', pruned: new Set(['pruned']), now })).toEqual([]);
  });

  it('after a repair, a source without a recorded count forgets too', () => {
    expect(forgetLostItems([remembered('a', { items: undefined })], { hasItems: none, afterRepair: true, now })).toHaveLength(1);
  });

  it('a source without validators has nothing to forget', () => {
    expect(forgetLostItems([remembered('a', { etag: null, lastModified: null, bodyHash: null })], { hasItems: none, now })).toEqual([]);
  });

  it.each(['rate-limited', 'failing', 'needs-operator', 'dead', 'gone'] as const)('a %s source keeps the schedule its host or its failures set', (status) => {
    const [forgotten] = forgetLostItems([remembered('a', { status })], { hasItems: none, now });
    expect(forgotten).toMatchObject({ etag: null, bodyHash: null, nextDueAt: later });
  });
});

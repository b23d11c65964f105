import { describe, expect, it } from 'vitest';
import { createInOrderHandoff } from '../../src/pipeline/in-order.js';

describe('createInOrderHandoff (ingest in priority order while fetches finish in any order)', () => {
  it('consumes each value as soon as every value before it has arrived, never out of order', async () => {
    const seen: string[] = [];
    const handoff = createInOrderHandoff(['a', 'b', 'c', 'd'], (value: string) => value, (value) => {
      seen.push(value);
    });
    handoff.push('c');
    handoff.push('a');
    await Promise.resolve();
    await Promise.resolve();
    expect(seen).toEqual(['a']);
    handoff.push('b');
    await handoff.finish();
    expect(seen).toEqual(['a', 'b', 'c']);
  });

  it('hands over values stuck behind a key that never arrived when finishing, still in order', async () => {
    const seen: string[] = [];
    const handoff = createInOrderHandoff(['a', 'b', 'c', 'd'], (value: string) => value, (value) => {
      seen.push(value);
    });
    handoff.push('d');
    handoff.push('b');
    handoff.push('x');
    await handoff.finish();
    expect(seen).toEqual(['b', 'd']);
  });

  it('runs an async consumer one value at a time', async () => {
    const events: string[] = [];
    const handoff = createInOrderHandoff(['a', 'b'], (value: string) => value, async (value) => {
      events.push(`start ${value}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
      events.push(`end ${value}`);
    });
    handoff.push('a');
    handoff.push('b');
    await handoff.finish();
    expect(events).toEqual(['start a', 'end a', 'start b', 'end b']);
  });

  it('stops consuming after the consumer fails and rethrows that failure from finish()', async () => {
    const seen: string[] = [];
    const handoff = createInOrderHandoff(['a', 'b', 'c'], (value: string) => value, (value) => {
      seen.push(value);
      if (value === 'a') throw new Error('store is full');
    });
    handoff.push('a');
    handoff.push('b');
    handoff.push('c');
    await expect(handoff.finish()).rejects.toThrow('store is full');
    expect(seen).toEqual(['a']);
  });

  it('admits the producer at most `window` positions ahead of the consumer, counting skipped positions as settled', async () => {
    const release: Array<() => void> = [];
    const handoff = createInOrderHandoff(['a', 'b', 'c', 'd'], (value: string) => value, () => new Promise<void>((resolve) => release.push(resolve)), 2);
    const admitted: number[] = [];
    for (const index of [0, 1, 2, 3]) void handoff.admit(index).then(() => admitted.push(index));
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(admitted).toEqual([0, 1]);
    handoff.skip('a');
    handoff.push('b');
    await new Promise((resolve) => setTimeout(resolve, 5));
    // 'a' needed no consumer: position 2 may start; 'b' is being consumed, so 3 waits for it.
    expect(admitted).toEqual([0, 1, 2]);
    release.shift()!();
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(admitted).toEqual([0, 1, 2, 3]);
    handoff.push('c');
    handoff.push('d');
    const finished = handoff.finish();
    await new Promise((resolve) => setTimeout(resolve, 5));
    release.shift()!();
    await new Promise((resolve) => setTimeout(resolve, 5));
    release.shift()!();
    await finished;
  });

  it('opens the window for every waiting producer once the consumer has failed', async () => {
    const handoff = createInOrderHandoff(['a', 'b', 'c'], (value: string) => value, () => {
      throw new Error('disk full');
    }, 1);
    const later = handoff.admit(2);
    handoff.push('a');
    await expect(later).resolves.toBeUndefined();
    await expect(handoff.finish()).rejects.toThrow('disk full');
  });
});

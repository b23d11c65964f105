/**
 * A source's ETag, Last-Modified and body hash stand for "the items of this body are stored". When
 * the items are gone (`run --repair` moved a corrupt items file aside, or the file was deleted by
 * hand), keeping them turns the loss permanent: the host answers 304, or the same body is skipped
 * as unchanged, and nothing is ever stored again (issue 15, defect 2). Such a source forgets them
 * and, unless its host asked to be left alone, is due at once, so the run rebuilds what was lost.
 * Pure.
 */
import type { SourceState, SourceStatus } from '../core/types.js';

/** A schedule that protects a host (backoff, Retry-After, retirement) outlives the lost items. */
const KEEPS_ITS_SCHEDULE: ReadonlySet<SourceStatus> = new Set(['failing', 'rate-limited', 'needs-operator', 'dead', 'gone']);

export interface LostItemsContext {
  /** Whether the store holds any item of this source now. */
  hasItems: (sourceId: string) => boolean;
  /** Sources whose items retention removed in this run: emptied on purpose, not lost. */
  pruned?: ReadonlySet<string>;
  /** After a repair every source may have lost items, whether or not a count was recorded. */
  afterRepair?: boolean;
  now: Date;
}

/**
 * The states to replace: sources that had items as of the last count (`items.stored`, or any
 * source after a repair), have none now, and still hold validators or a body hash.
 */
export function forgetLostItems(states: Iterable<SourceState>, context: LostItemsContext): SourceState[] {
  const forgotten: SourceState[] = [];
  for (const state of states) {
    const hadItems = context.afterRepair === true || (state.items?.stored ?? 0) > 0;
    const remembers = state.etag !== null || state.lastModified !== null || state.bodyHash !== null;
    if (!hadItems || !remembers || context.hasItems(state.id) || context.pruned?.has(state.id)) continue;
    forgotten.push({
      ...state,
      etag: null,
      lastModified: null,
      bodyHash: null,
      nextDueAt: KEEPS_ITS_SCHEDULE.has(state.status) ? state.nextDueAt : context.now.toISOString(),
      items: { stored: 0, perWeek: 0 },
    });
  }
  return forgotten;
}

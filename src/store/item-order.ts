/**
 * The orderings and visibility rules both drivers must agree on (the contract suite checks they do).
 * Dates are ISO-8601 UTC with milliseconds (core/types.ts), so string order is time order.
 */
import type { StoredItem } from '../core/types.js';

/** Newest first; ties broken by uid so both drivers return the same order. */
export function compareNewest(a: StoredItem, b: StoredItem): number {
  if (a.date !== b.date) return a.date < b.date ? 1 : -1;
  return a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0;
}

/** Held by the spam filter and not yet approved by the operator. */
export function isHeld(item: StoredItem): boolean {
  return item.quarantine !== null && !item.approved;
}

export function isFoldedDuplicate(item: StoredItem): boolean {
  return item.duplicateOf !== null;
}

/** Cut-off date for retention: items dated before it are pruned. */
export function retentionCutoff(now: Date, maxAgeDays: number): string {
  return new Date(now.getTime() - maxAgeDays * 86_400_000).toISOString();
}

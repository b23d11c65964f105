/**
 * Hands values to a consumer in a fixed order as they arrive out of order, one at a time. The
 * fetch phase finishes sources in whatever order the network allows; ingest must take them in
 * priority order (which copy of a story is kept, which item gets a slug first, must not depend on
 * timing), but need not wait for the last fetch to start: each feed is ingested, and its parsed
 * items freed, as soon as every source before it is done (issue 7: peak memory, and the main thread
 * ingesting while workers still parse).
 *
 * `admit` keeps the producer at most `window` positions ahead of the consumer, so parsed feeds
 * cannot pile up when ingest is the slower side. The producer must ask before it starts position
 * i and must then settle it (push a value or skip it); a position ahead of the window is never
 * started, so nothing that holds a fetch slot ever waits for the consumer.
 */
export interface InOrderHandoff<T> {
  /** A value for one of the keys given at creation; values for other keys are ignored. */
  push(value: T): void;
  /** The position of `key` is settled without a value (a source that was never fetched). */
  skip(key: string): void;
  /** Resolves once position `index` may start: within `window` of the consumer, or the consumer is done or failed. */
  admit(index: number): Promise<void>;
  /** Hand over what still waits behind keys that never arrived, in order, and wait for the consumer. */
  finish(): Promise<void>;
}

const SKIPPED = Symbol('skipped');

export function createInOrderHandoff<T>(
  order: readonly string[],
  keyOf: (value: T) => string,
  consume: (value: T) => Promise<void> | void,
  window = Number.POSITIVE_INFINITY,
): InOrderHandoff<T> {
  const position = new Map(order.map((key, index) => [key, index]));
  const waiting = new Map<number, T | typeof SKIPPED>();
  let next = 0;
  let consumed = 0;
  let open = false;
  let chain: Promise<void> = Promise.resolve();
  let failure: { error: unknown } | null = null;
  const admissions: Array<{ index: number; resolve: () => void }> = [];
  const release = () => {
    for (let i = admissions.length - 1; i >= 0; i--) {
      if (open || admissions[i].index < consumed + window) {
        admissions[i].resolve();
        admissions.splice(i, 1);
      }
    }
  };
  const enqueue = (value: T | typeof SKIPPED) => {
    // After a failure nothing more is consumed: the run is failing and its staged items are dropped.
    chain = chain
      .then(() => (failure || value === SKIPPED ? undefined : consume(value)))
      .catch((error: unknown) => {
        failure ??= { error };
        open = true;
      })
      .then(() => {
        consumed++;
        release();
      });
  };
  const settle = (key: string, value: T | typeof SKIPPED) => {
    const index = position.get(key);
    if (index === undefined || index < next) return;
    waiting.set(index, value);
    while (waiting.has(next)) {
      enqueue(waiting.get(next)!);
      waiting.delete(next);
      next++;
    }
  };
  return {
    push: (value) => settle(keyOf(value), value),
    skip: (key) => settle(key, SKIPPED),
    admit(index) {
      if (open || index < consumed + window) return Promise.resolve();
      return new Promise((resolve) => admissions.push({ index, resolve }));
    },
    async finish() {
      for (const index of [...waiting.keys()].sort((a, b) => a - b)) enqueue(waiting.get(index)!);
      waiting.clear();
      next = order.length;
      open = true;
      release();
      await chain;
      if (failure) throw failure.error;
    },
  };
}

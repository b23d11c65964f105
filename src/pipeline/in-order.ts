/**
 * Hands values to a consumer in a fixed order as they arrive out of order, one at a time. The
 * fetch phase finishes sources in whatever order the network allows; ingest must take them in
 * priority order (which copy of a story is kept, which item gets a slug first, must not depend on
 * timing), but need not wait for the last fetch to start: each feed is ingested, and its parsed
 * items freed, as soon as every source before it is done (issue 7: peak memory, and the main thread
 * ingesting while workers still parse).
 */
export interface InOrderHandoff<T> {
  /** A value for one of the keys given at creation; values for other keys are ignored. */
  push(value: T): void;
  /** Hand over what still waits behind keys that never arrived, in order, and wait for the consumer. */
  finish(): Promise<void>;
}

export function createInOrderHandoff<T>(order: readonly string[], keyOf: (value: T) => string, consume: (value: T) => Promise<void> | void): InOrderHandoff<T> {
  const position = new Map(order.map((key, index) => [key, index]));
  const waiting = new Map<number, T>();
  let next = 0;
  let chain: Promise<void> = Promise.resolve();
  let failure: { error: unknown } | null = null;
  const enqueue = (value: T) => {
    // After a failure nothing more is consumed: the run is failing and its staged items are dropped.
    chain = chain.then(() => (failure ? undefined : consume(value))).catch((error: unknown) => {
      failure ??= { error };
    });
  };
  return {
    push(value) {
      const index = position.get(keyOf(value));
      if (index === undefined || index < next) return;
      waiting.set(index, value);
      while (waiting.has(next)) {
        enqueue(waiting.get(next)!);
        waiting.delete(next);
        next++;
      }
    },
    async finish() {
      for (const index of [...waiting.keys()].sort((a, b) => a - b)) enqueue(waiting.get(index)!);
      waiting.clear();
      next = order.length;
      await chain;
      if (failure) throw failure.error;
    },
  };
}

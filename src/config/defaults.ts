/**
 * The named limits and their defaults (STYLE.md rule 3), apart from the zod schema that validates
 * them: the fetch, schedule and status code needs these numbers on every run, and a warm run must
 * not pay for loading zod to read them (issue 7).
 */

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** Named limits (STYLE.md rule 3); each is also a config key in schema.ts. Numbers from RELIABILITY.md §2. */
export const DEFAULTS = {
  concurrency: 6,
  perHostConcurrency: 1,
  hostGapMs: 1_000,
  connectTimeoutMs: 10_000,
  timeoutMs: 30_000,
  maxBodyBytes: 15 * 1024 * 1024,
  maxRedirects: 5,
  retries: 2,
  retryBaseMs: 500,
  maxItemsPerFetch: 500,
  runBudgetMs: 10 * MINUTE_MS,
  retryAfterMaxMs: DAY_MS,
  minIntervalMs: 5 * MINUTE_MS,
  maxIntervalMs: DAY_MS,
  interval: '30m',
  deadAfterFailures: 10,
  deadAfterDays: 3,
  titleLength: 1_000,
  authorLength: 200,
  categoryLength: 100,
  maxCategories: 50,
  urlLength: 2_048,
  sanitiserDepth: 512,
  retentionDays: 90,
  maxItemsPerSource: 500,
  /**
   * postgres: advisory locks one source's ingest may take on its new items' duplicate keys before
   * it locks the whole store instead. Each is an entry in the server's shared lock table, which
   * holds max_locks_per_transaction (64) × (max_connections + background processes) ≈ 7,800 entries
   * on a default server; a process ingests one source at a time, so N processes hold at most N ×
   * this at once (docs/performance.md, "The ingest locks").
   */
  ingestKeyLocks: 1_024,
  feedItems: 50,
  digestSize: 10,
  excerptLength: 200,
  digestPerSourceCap: 3,
  pageSize: 20,
  dedupeWindowHours: 48,
  cron: '*/30 * * * *',
} as const;

export function isHttpUrl(value: string): boolean {
  // The common spelling is settled without building a URL object (1,000 sources are checked per run);
  // anything else is judged by the URL parser itself, which also strips spaces and tabs first.
  if (/^https?:\/\//i.test(value)) return URL.canParse(value);
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * The configuration schema: one declarative source of truth for validation, defaults, the shipped
 * JSON Schema (feeds.schema.json) and the README's config reference. Unknown keys are errors
 * (STYLE.md rule 5): a typo must never silently do nothing.
 */
import cron from 'node-cron';
import { z } from 'zod';
import { hasOneMatcher, isSourceLocation, isValidRegex } from './config-checks.js';
import { DEFAULTS } from './defaults.js';

export { DAY_MS, DEFAULTS, isHttpUrl } from './defaults.js';

const text = (description: string) => z.string().min(1).describe(description);

const intervalPattern = /^(\d+(?:\.\d+)?)\s*(s|m|h|d)$/;
const intervalSchema = z
  .union([
    z.literal('auto'),
    z.string().regex(intervalPattern, 'must be a duration like "15m", "2h", "1d", or "auto"'),
    z.number().int().positive().describe('minutes'),
  ])
  .describe('How often to poll: a duration ("15m", "2h", "1d"), minutes as a number, or "auto" (from posting frequency). Bounded to [5 min, 24 h].');

/** A keyword (case-insensitive, matched as a whole word or phrase) or a regular expression. */
export const ruleSchema = z.union([
  z.string().min(1).describe('A keyword or phrase, matched case-insensitively as whole words.'),
  z.strictObject({
    keyword: z.string().min(1).optional().describe('A keyword or phrase, matched case-insensitively as whole words.'),
    regex: z
      .string()
      .min(1)
      .refine(isValidRegex, 'must be a valid regular expression')
      .optional()
      .describe('A JavaScript regular expression (case-insensitive unless `flags` says otherwise).'),
    flags: z.string().regex(/^[imsu]*$/, 'may only contain the flags i, m, s, u').optional(),
    fields: z
      .array(z.enum(['title', 'summary', 'content', 'categories', 'link', 'author']))
      .min(1)
      .optional()
      .describe('Which fields the rule looks at (default: all of title, summary, content, categories, link).'),
  }).refine(hasOneMatcher, 'give exactly one of `keyword` or `regex`'),
]);

const rulesSchema = z
  .strictObject({
    include: z.array(ruleSchema).default([]).describe('When non-empty, an item must match at least one of these to be kept.'),
    exclude: z.array(ruleSchema).default([]).describe('An item matching any of these is dropped (and counted in the run summary).'),
  })
  .prefault({});

const sourceUrl = z
  .string()
  .min(1)
  .refine(isSourceLocation, 'must be an http(s) URL or a file path')
  .describe('An http(s) URL, or a path to a local feed file (relative to this config file).');

/** RFC 9110 §5.1 token; a value of visible characters, spaces and tabs (no CR/LF: no header injection). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

const sourceSchema = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]*$/i, 'must be letters, digits, ".", "_" or "-", starting with a letter or digit')
    .max(64)
    .describe('Stable identifier; items and state are kept under it. Never reuse one for another feed.'),
  url: sourceUrl,
  title: z.string().min(1).optional().describe("Overrides the feed's own title in credits and outputs."),
  category: z
    .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
    .optional()
    .describe('One category or several; each gets its own feeds and pages.'),
  interval: intervalSchema.optional(),
  maxItems: z.number().int().positive().optional().describe('Keep at most this many items of this source (default: store.retention.maxItemsPerSource).'),
  include: z.array(ruleSchema).optional().describe("This source's own include rules, on top of the global ones."),
  exclude: z.array(ruleSchema).optional().describe("This source's own exclude rules, on top of the global ones."),
  priority: z.number().int().default(0).describe('When several sources carry the same story, the highest priority is kept as the primary.'),
  allowInsecureTLS: z.boolean().default(false).describe('Accept an invalid TLS certificate for this source only (logged at every use).'),
  enabled: z.boolean().default(true).describe('A disabled source is neither fetched nor published.'),
  spam: z.boolean().default(true).describe('Score this source\'s new items for spam (false: trust it).'),
  public: z.boolean().optional().describe('List this source in the public out/sources.opml although its host is private or admitted only by fetch.allow.'),
  headers: z
    .record(z.string().regex(HEADER_NAME, 'must be an HTTP header name'), z.string().regex(HEADER_VALUE, 'must be one line of printable text'))
    .optional()
    .describe('Extra request headers for this source, sent only to its own origin; a value "env:NAME" is read from the environment variable NAME.'),
});

export const configSchema = z.strictObject({
  $schema: z.string().optional(),
  site: z
    .strictObject({
      title: text('Title of the combined feeds and pages.').default('feedloom'),
      description: z.string().default('Articles gathered by feedloom.').describe('Description of the combined feeds and pages.'),
      url: z.string().url().default('http://localhost:8080/').describe('Public URL of the published out/ directory (pages and feeds link to it).'),
      feedUrlBase: z.string().url().optional().describe('Base URL of the feed files, if they are served elsewhere than site.url.'),
      language: z.string().default('en').describe('Language of the outputs (BCP 47).'),
      author: z
        .strictObject({
          name: z.string().min(1).describe('Author of the combined feeds.'),
          email: z.string().email().optional(),
          url: z.string().url().optional(),
        })
        .optional(),
      copyright: z.string().optional().describe("The aggregator's own notice, shown in the pages' footer only; each item carries its publisher's notice."),
    })
    .prefault({}),
  fetch: z
    .strictObject({
      concurrency: z.number().int().min(1).max(256).default(DEFAULTS.concurrency).describe('Requests in flight at once, over all hosts.'),
      perHostConcurrency: z.number().int().min(1).max(32).default(DEFAULTS.perHostConcurrency).describe('Requests in flight at once to one host.'),
      hostGapMs: z.number().int().min(0).default(DEFAULTS.hostGapMs).describe('Minimum gap between two requests to the same host.'),
      connectTimeoutMs: z.number().int().min(100).default(DEFAULTS.connectTimeoutMs).describe('Deadline for the TCP/TLS connection of each hop.'),
      timeoutMs: z.number().int().min(100).default(DEFAULTS.timeoutMs).describe('Total deadline for one fetch, all redirects and the whole body included.'),
      maxBodyBytes: z.number().int().min(1024).default(DEFAULTS.maxBodyBytes).describe('Cap on the decoded body.'),
      maxRedirects: z.number().int().min(0).max(20).default(DEFAULTS.maxRedirects).describe('Redirect hops followed before E_REDIRECT.'),
      retries: z.number().int().min(0).max(10).default(DEFAULTS.retries).describe('Retries within one run on network errors and 5xx.'),
      retryBaseMs: z.number().int().min(0).default(DEFAULTS.retryBaseMs).describe('First retry delay; doubles per retry, with jitter.'),
      maxItemsPerFetch: z.number().int().min(1).default(DEFAULTS.maxItemsPerFetch).describe('Newest items kept from one fetch.'),
      runBudgetMs: z.number().int().min(1000).default(DEFAULTS.runBudgetMs).describe('Whole-run fetch budget; when spent, remaining fetches are skipped and outputs still publish.'),
      userAgent: z.string().min(1).default('feedloom/0.1 (+https://github.com/feedloom/feedloom)').describe('User-Agent header; name feedloom and a contact URL so publishers can reach you.'),
      allow: z
        .array(z.string().min(1))
        .default([])
        .describe('Hosts, host:port pairs or CIDR ranges that may be fetched although private or loopback.'),
      deadAfterFailures: z.number().int().min(1).default(DEFAULTS.deadAfterFailures).describe('Consecutive failures (spanning deadAfterDays) before a source is marked dead.'),
      deadAfterDays: z.number().min(0).default(DEFAULTS.deadAfterDays).describe('Days the failures must span before a source is marked dead.'),
    })
    .prefault({}),
  limits: z
    .strictObject({
      titleLength: z.number().int().min(10).default(DEFAULTS.titleLength).describe('Longer titles are cut (with "…").'),
      authorLength: z.number().int().min(10).default(DEFAULTS.authorLength).describe('Longer author names are cut.'),
      categoryLength: z.number().int().min(5).default(DEFAULTS.categoryLength).describe('Longer category names are cut.'),
      maxCategories: z.number().int().min(1).default(DEFAULTS.maxCategories).describe('Categories kept per item.'),
      urlLength: z.number().int().min(64).default(DEFAULTS.urlLength).describe('Longer item links and enclosure URLs are dropped.'),
    })
    .prefault({}),
  store: z
    .strictObject({
      driver: z
        .enum(['json', 'sqlite', 'postgres'])
        .default('json')
        .describe('"json" (lowdb files; small installations), "sqlite" (better-sqlite3; large ones) or "postgres" (one database that several feedloom processes, on one machine or many, share).'),
      path: z.string().min(1).default('data').describe('Directory of the store, relative to this config file (json and sqlite; with postgres, the lock-free local files such as operator files still go here).'),
      url: z
        .string()
        .min(1)
        .optional()
        .describe('postgres only: a libpq connection string, e.g. postgres://feedloom@db.internal/feedloom. $FEEDLOOM_DATABASE_URL overrides it, so the password need not sit in this file; it is never printed.'),
      leaseSeconds: z
        .number()
        .int()
        .min(5)
        .max(86_400)
        .default(300)
        .describe('postgres only: how long a process may hold the sources it claimed; a process that dies loses them to another after this long.'),
      ingestKeyLocks: z
        .number()
        .int()
        .min(0)
        .max(1_000_000)
        .default(DEFAULTS.ingestKeyLocks)
        .describe("postgres only: most advisory locks one source's ingest takes on its new items' duplicate keys, so that ingests of unrelated stories run side by side; past this (or at 0) it locks the whole store instead. Each lock is an entry of the server's shared lock table (max_locks_per_transaction × connections, about 7,800 on a default server): raise that setting before raising this."),
      retention: z
        .strictObject({
          maxAgeDays: z.number().positive().default(DEFAULTS.retentionDays).describe('Items older than this are pruned at the end of a run.'),
          maxItemsPerSource: z.number().int().positive().default(DEFAULTS.maxItemsPerSource).describe('Newest items kept per source.'),
        })
        .prefault({}),
    })
    .prefault({}),
  output: z
    .strictObject({
      dir: z.string().min(1).default('out').describe('Directory of the outputs, relative to this config file.'),
      operatorDir: z
        .string()
        .min(1)
        .optional()
        .describe('Directory of the operator files (status.json, health.xml, metrics.prom), relative to this config file; outside output.dir, so they are never published. Default: status/ in store.path.'),
      items: z.number().int().min(1).max(10_000).default(DEFAULTS.feedItems).describe('Items per combined and per-category feed.'),
      formats: z.array(z.enum(['rss', 'atom', 'json'])).min(1).default(['rss', 'atom', 'json']).describe('Feed formats written: feed.xml (RSS 2.0), atom.xml, feed.json (JSON Feed 1.1).'),
      pages: z.boolean().default(true).describe('Write article pages, the front page (index.html) and category pages; false for feeds and the digest only.'),
      pageSize: z.number().int().min(1).default(DEFAULTS.pageSize).describe('Items per index page (index.html, page/2.html, …).'),
      templatesDir: z.string().optional().describe('Directory of templates overriding the shipped ones.'),
      digest: z
        .strictObject({
          size: z.number().int().min(1).max(500).default(DEFAULTS.digestSize).describe('Posts in the Recent Posts digest.'),
          excerptLength: z.number().int().min(20).max(5_000).default(DEFAULTS.excerptLength).describe('Maximum excerpt length in characters (cut at a word boundary, ending in "…").'),
          perSourceCap: z.number().int().min(1).default(DEFAULTS.digestPerSourceCap).describe('Most posts one source may have in the digest (sources are interleaved).'),
        })
        .prefault({}),
      secretParams: z
        .array(z.string().min(1))
        .default([])
        .describe('Query parameters, besides key, token, api_key, apikey, access_token, secret, password, sig, signature and auth, whose values are shown as *** wherever a URL is printed, logged or published.'),
    })
    .prefault({}),
  filters: rulesSchema,
  spam: z
    .strictObject({
      enabled: z.boolean().default(true).describe('Score new items for spam and hold suspicious ones in quarantine.'),
      threshold: z.number().positive().default(1).describe('Score at or above which an item is quarantined.'),
      weights: z.record(z.string(), z.number()).default({}).describe('Override the weight of a reason code, e.g. {"SPAM_ALL_CAPS": 0.2}.'),
    })
    .prefault({}),
  dedupe: z
    .strictObject({
      windowHours: z.number().positive().default(DEFAULTS.dedupeWindowHours).describe('Items this close in time may be folded as the same story.'),
      titleSimilarity: z.number().min(0).max(1).default(0.8).describe('Title similarity (0–1) that, with similar text, marks the same story.'),
    })
    .prefault({}),
  schedule: z
    .strictObject({
      cron: z
        .string()
        .min(1)
        .refine((value) => cron.validate(value), 'must be a valid cron expression ("minute hour day month weekday", optionally seconds first)')
        .default(DEFAULTS.cron)
        .describe('When `feedloom watch` runs a cycle (node-cron syntax).'),
    })
    .prefault({}),
  sources: z.array(sourceSchema).default([]),
});

export type Config = z.output<typeof configSchema>;
export type SourceConfig = z.output<typeof sourceSchema>;
export type Rule = z.output<typeof ruleSchema>;

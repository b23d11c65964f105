/**
 * A zod-free validator for the common shape of feeds.config.json. It accepts only what the zod
 * schema in schema.ts accepts and returns exactly what zod would return (same values, same key
 * order, so emit-key.ts hashes the same); on anything it is not sure of — any problem, any rarely
 * used form (an author e-mail, a custom cron) — it returns null and the caller runs the zod schema,
 * which stays the one source of truth and of error messages. test/config/parse-config-fast.test.ts
 * checks the two agree on generated configs.
 *
 * Why (issue 7): loading zod and node-cron and checking 1,000 sources through zod cost more CPU than
 * everything else a run does when all 1,000 feeds answer 304.
 */
import { DEFAULTS, isHttpUrl } from './defaults.js';
import { HEADER_NAME, HEADER_VALUE, type Config, type Rule, type SourceConfig } from './schema.js';

/** Thrown inside the validator when the input needs the zod schema's judgement. */
class NeedsZod extends Error {}

type Plain = Record<string, unknown>;

const INTERVAL_PATTERN = /^(\d+(?:\.\d+)?)\s*(s|m|h|d)$/;
const ID_PATTERN = /^[a-z0-9][a-z0-9._-]*$/i;
const FLAGS_PATTERN = /^[imsu]*$/;
const SCHEME_PATTERN = /^[a-z][a-z0-9+.-]*:\/\//i;
const RULE_FIELDS = new Set(['title', 'summary', 'content', 'categories', 'link', 'author']);
const FORMATS = new Set(['rss', 'atom', 'json']);
const SOURCE_KEYS = new Set(['id', 'url', 'title', 'category', 'interval', 'maxItems', 'include', 'exclude', 'priority', 'allowInsecureTLS', 'enabled', 'spam', 'headers']);

/** The validated config, or null when only the zod schema may decide. */
export function parseConfigFast(data: unknown): Config | null {
  try {
    return parseConfig(data);
  } catch (error) {
    if (error instanceof NeedsZod) return null;
    throw error;
  }
}

function bail(): never {
  throw new NeedsZod();
}

function object(value: unknown, keys: readonly string[]): Plain {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) bail();
  for (const key in value) if (!keys.includes(key)) bail();
  return value as Plain;
}

/** `.prefault({})`: a missing section is parsed as an empty one. */
function section(value: unknown, keys: readonly string[]): Plain {
  return value === undefined ? {} : object(value, keys);
}

interface NumberRule {
  int?: boolean;
  min?: number;
  max?: number;
  positive?: boolean;
}

function number(value: unknown, rule: NumberRule): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) bail();
  if (rule.int && !Number.isSafeInteger(value)) bail();
  if (rule.min !== undefined && value < rule.min) bail();
  if (rule.max !== undefined && value > rule.max) bail();
  if (rule.positive && !(value > 0)) bail();
  return value;
}

function numberOr(value: unknown, fallback: number, rule: NumberRule): number {
  return value === undefined ? fallback : number(value, rule);
}

function string(value: unknown, minLength = 0): string {
  if (typeof value !== 'string' || value.length < minLength) bail();
  return value;
}

function stringOr(value: unknown, fallback: string, minLength = 0): string {
  return value === undefined ? fallback : string(value, minLength);
}

function booleanOr(value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') bail();
  return value;
}

/** `z.string().url()` keeps a value unchanged only when it has no surrounding space, tab or newline. */
function url(value: unknown): string {
  const text = string(value);
  if (text.trim() !== text || /[\t\n\r]/.test(text) || !URL.canParse(text)) bail();
  return text;
}

/** Assign in schema order, leaving out optional keys that are absent (as zod does). */
function withOptional<T extends Plain>(target: T, key: string, value: unknown): T {
  if (value !== undefined) (target as Plain)[key] = value;
  return target;
}

function parseConfig(data: unknown): Config {
  const root = object(data, ['$schema', 'site', 'fetch', 'limits', 'store', 'output', 'filters', 'spam', 'dedupe', 'schedule', 'sources']);
  const config: Plain = {};
  if (root.$schema !== undefined) config.$schema = string(root.$schema);
  config.site = parseSite(root.site);
  config.fetch = parseFetch(root.fetch);
  const limits = section(root.limits, ['titleLength', 'authorLength', 'categoryLength', 'maxCategories', 'urlLength']);
  config.limits = {
    titleLength: numberOr(limits.titleLength, DEFAULTS.titleLength, { int: true, min: 10 }),
    authorLength: numberOr(limits.authorLength, DEFAULTS.authorLength, { int: true, min: 10 }),
    categoryLength: numberOr(limits.categoryLength, DEFAULTS.categoryLength, { int: true, min: 5 }),
    maxCategories: numberOr(limits.maxCategories, DEFAULTS.maxCategories, { int: true, min: 1 }),
    urlLength: numberOr(limits.urlLength, DEFAULTS.urlLength, { int: true, min: 64 }),
  };
  config.store = parseStore(root.store);
  config.output = parseOutput(root.output);
  config.filters = parseRules(root.filters);
  const spam = section(root.spam, ['enabled', 'threshold', 'weights']);
  config.spam = {
    enabled: booleanOr(spam.enabled, true),
    threshold: numberOr(spam.threshold, 1, { positive: true }),
    weights: parseWeights(spam.weights),
  };
  const dedupe = section(root.dedupe, ['windowHours', 'titleSimilarity']);
  config.dedupe = {
    windowHours: numberOr(dedupe.windowHours, DEFAULTS.dedupeWindowHours, { positive: true }),
    titleSimilarity: numberOr(dedupe.titleSimilarity, 0.8, { min: 0, max: 1 }),
  };
  const schedule = section(root.schedule, ['cron']);
  // Only the default is known valid here; any other expression is node-cron's (and zod's) to judge.
  if (schedule.cron !== undefined && schedule.cron !== DEFAULTS.cron) bail();
  config.schedule = { cron: DEFAULTS.cron };
  if (root.sources !== undefined && !Array.isArray(root.sources)) bail();
  config.sources = ((root.sources as unknown[] | undefined) ?? []).map(parseSource);
  return config as unknown as Config;
}

function parseSite(value: unknown): Plain {
  const site = section(value, ['title', 'description', 'url', 'feedUrlBase', 'language', 'author', 'copyright']);
  const out: Plain = {
    title: stringOr(site.title, 'feedloom', 1),
    description: stringOr(site.description, 'Articles gathered by feedloom.'),
    url: site.url === undefined ? 'http://localhost:8080/' : url(site.url),
  };
  withOptional(out, 'feedUrlBase', site.feedUrlBase === undefined ? undefined : url(site.feedUrlBase));
  out.language = stringOr(site.language, 'en');
  if (site.author !== undefined) {
    const author = object(site.author, ['name', 'email', 'url']);
    // E-mail syntax is zod's to judge.
    if (author.email !== undefined) bail();
    out.author = withOptional({ name: string(author.name, 1) }, 'url', author.url === undefined ? undefined : url(author.url));
  }
  withOptional(out, 'copyright', site.copyright === undefined ? undefined : string(site.copyright));
  return out;
}

function parseFetch(value: unknown): Plain {
  const keys = ['concurrency', 'perHostConcurrency', 'hostGapMs', 'connectTimeoutMs', 'timeoutMs', 'maxBodyBytes', 'maxRedirects', 'retries', 'retryBaseMs', 'maxItemsPerFetch', 'runBudgetMs', 'userAgent', 'allow', 'deadAfterFailures', 'deadAfterDays'];
  const fetch = section(value, keys);
  let allow: string[] = [];
  if (fetch.allow !== undefined) {
    if (!Array.isArray(fetch.allow)) bail();
    allow = fetch.allow.map((entry) => string(entry, 1));
  }
  return {
    concurrency: numberOr(fetch.concurrency, DEFAULTS.concurrency, { int: true, min: 1, max: 256 }),
    perHostConcurrency: numberOr(fetch.perHostConcurrency, DEFAULTS.perHostConcurrency, { int: true, min: 1, max: 32 }),
    hostGapMs: numberOr(fetch.hostGapMs, DEFAULTS.hostGapMs, { int: true, min: 0 }),
    connectTimeoutMs: numberOr(fetch.connectTimeoutMs, DEFAULTS.connectTimeoutMs, { int: true, min: 100 }),
    timeoutMs: numberOr(fetch.timeoutMs, DEFAULTS.timeoutMs, { int: true, min: 100 }),
    maxBodyBytes: numberOr(fetch.maxBodyBytes, DEFAULTS.maxBodyBytes, { int: true, min: 1024 }),
    maxRedirects: numberOr(fetch.maxRedirects, DEFAULTS.maxRedirects, { int: true, min: 0, max: 20 }),
    retries: numberOr(fetch.retries, DEFAULTS.retries, { int: true, min: 0, max: 10 }),
    retryBaseMs: numberOr(fetch.retryBaseMs, DEFAULTS.retryBaseMs, { int: true, min: 0 }),
    maxItemsPerFetch: numberOr(fetch.maxItemsPerFetch, DEFAULTS.maxItemsPerFetch, { int: true, min: 1 }),
    runBudgetMs: numberOr(fetch.runBudgetMs, DEFAULTS.runBudgetMs, { int: true, min: 1000 }),
    userAgent: stringOr(fetch.userAgent, 'feedloom/0.1 (+https://github.com/feedloom/feedloom)', 1),
    allow,
    deadAfterFailures: numberOr(fetch.deadAfterFailures, DEFAULTS.deadAfterFailures, { int: true, min: 1 }),
    deadAfterDays: numberOr(fetch.deadAfterDays, DEFAULTS.deadAfterDays, { min: 0 }),
  };
}

function parseStore(value: unknown): Plain {
  const store = section(value, ['driver', 'path', 'retention']);
  if (store.driver !== undefined && store.driver !== 'json' && store.driver !== 'sqlite') bail();
  const retention = section(store.retention, ['maxAgeDays', 'maxItemsPerSource']);
  return {
    driver: store.driver ?? 'json',
    path: stringOr(store.path, 'data', 1),
    retention: {
      maxAgeDays: numberOr(retention.maxAgeDays, DEFAULTS.retentionDays, { positive: true }),
      maxItemsPerSource: numberOr(retention.maxItemsPerSource, DEFAULTS.maxItemsPerSource, { int: true, positive: true }),
    },
  };
}

function parseOutput(value: unknown): Plain {
  const output = section(value, ['dir', 'items', 'formats', 'pages', 'pageSize', 'templatesDir', 'digest', 'secretParams']);
  let formats: string[] = ['rss', 'atom', 'json'];
  if (output.formats !== undefined) {
    if (!Array.isArray(output.formats) || output.formats.length < 1) bail();
    formats = output.formats.map((format) => (FORMATS.has(format as string) ? (format as string) : bail()));
  }
  const out: Plain = {
    dir: stringOr(output.dir, 'out', 1),
    items: numberOr(output.items, DEFAULTS.feedItems, { int: true, min: 1, max: 10_000 }),
    formats,
    pages: booleanOr(output.pages, false),
    pageSize: numberOr(output.pageSize, DEFAULTS.pageSize, { int: true, min: 1 }),
  };
  withOptional(out, 'templatesDir', output.templatesDir === undefined ? undefined : string(output.templatesDir));
  const digest = section(output.digest, ['size', 'excerptLength', 'perSourceCap']);
  out.digest = {
    size: numberOr(digest.size, DEFAULTS.digestSize, { int: true, min: 1, max: 500 }),
    excerptLength: numberOr(digest.excerptLength, DEFAULTS.excerptLength, { int: true, min: 20, max: 5_000 }),
    perSourceCap: numberOr(digest.perSourceCap, DEFAULTS.digestPerSourceCap, { int: true, min: 1 }),
  };
  if (output.secretParams !== undefined && !Array.isArray(output.secretParams)) bail();
  out.secretParams = ((output.secretParams as unknown[] | undefined) ?? []).map((name) => string(name, 1));
  return out;
}

function parseWeights(value: unknown): Record<string, number> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null) bail();
  const weights = object(value, Object.keys(value).filter((key) => key !== '__proto__'));
  const out: Record<string, number> = {};
  for (const [key, weight] of Object.entries(weights)) out[key] = number(weight, {});
  return out;
}

function parseRules(value: unknown): { include: Rule[]; exclude: Rule[] } {
  const rules = section(value, ['include', 'exclude']);
  return { include: rules.include === undefined ? [] : parseRuleList(rules.include), exclude: rules.exclude === undefined ? [] : parseRuleList(rules.exclude) };
}

function parseRuleList(value: unknown): Rule[] {
  if (!Array.isArray(value)) bail();
  return value.map(parseRule);
}

function parseRule(value: unknown): Rule {
  if (typeof value === 'string') return string(value, 1);
  const rule = object(value, ['keyword', 'regex', 'flags', 'fields']);
  if ((rule.keyword === undefined) === (rule.regex === undefined)) bail();
  const out: Plain = {};
  withOptional(out, 'keyword', rule.keyword === undefined ? undefined : string(rule.keyword, 1));
  if (rule.regex !== undefined) {
    const pattern = string(rule.regex, 1);
    try {
      new RegExp(pattern);
    } catch {
      bail();
    }
    out.regex = pattern;
  }
  if (rule.flags !== undefined) {
    const flags = string(rule.flags);
    if (!FLAGS_PATTERN.test(flags)) bail();
    out.flags = flags;
  }
  if (rule.fields !== undefined) {
    if (!Array.isArray(rule.fields) || rule.fields.length < 1) bail();
    out.fields = rule.fields.map((field) => (RULE_FIELDS.has(field as string) ? (field as string) : bail()));
  }
  return out as Rule;
}

function parseSource(value: unknown): SourceConfig {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) bail();
  for (const key in value) if (!SOURCE_KEYS.has(key)) bail();
  const source = value as Plain;
  const id = string(source.id);
  if (!ID_PATTERN.test(id) || id.length > 64) bail();
  const location = string(source.url, 1);
  if (!(isHttpUrl(location) || !SCHEME_PATTERN.test(location))) bail();
  const out: Plain = { id, url: location };
  withOptional(out, 'title', source.title === undefined ? undefined : string(source.title, 1));
  withOptional(out, 'category', source.category === undefined ? undefined : parseCategory(source.category));
  withOptional(out, 'interval', source.interval === undefined ? undefined : parseIntervalValue(source.interval));
  withOptional(out, 'maxItems', source.maxItems === undefined ? undefined : number(source.maxItems, { int: true, positive: true }));
  withOptional(out, 'include', source.include === undefined ? undefined : parseRuleList(source.include));
  withOptional(out, 'exclude', source.exclude === undefined ? undefined : parseRuleList(source.exclude));
  out.priority = numberOr(source.priority, 0, { int: true });
  out.allowInsecureTLS = booleanOr(source.allowInsecureTLS, false);
  out.enabled = booleanOr(source.enabled, true);
  out.spam = booleanOr(source.spam, true);
  withOptional(out, 'headers', source.headers === undefined ? undefined : parseHeaders(source.headers));
  return out as unknown as SourceConfig;
}

function parseHeaders(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) bail();
  const out: Record<string, string> = {};
  for (const [name, header] of Object.entries(value)) {
    if (!HEADER_NAME.test(name) || typeof header !== 'string' || !HEADER_VALUE.test(header)) bail();
    out[name] = header;
  }
  return out;
}

function parseCategory(value: unknown): string | string[] {
  if (typeof value === 'string') return string(value, 1);
  if (!Array.isArray(value) || value.length < 1) bail();
  return value.map((entry) => string(entry, 1));
}

function parseIntervalValue(value: unknown): string | number {
  if (typeof value === 'number') return number(value, { int: true, positive: true });
  const text = string(value);
  if (text !== 'auto' && !INTERVAL_PATTERN.test(text)) bail();
  return text;
}

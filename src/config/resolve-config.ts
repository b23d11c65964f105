/**
 * A validated config made ready for the pipeline: paths resolved against the config file's
 * directory, each source's location, categories and interval worked out, and the cross-field checks
 * (unique ids and URLs) that no schema can express. Both validators (parse-config-fast.ts and the zod
 * schema in load-config.ts) end here.
 */
import path from 'node:path';
import { FeedloomError } from '../core/errors.js';
import { setExtraSecretParams } from '../core/redact-url.js';
import { isHttpUrl } from './defaults.js';
import { parseInterval } from './interval.js';
import type { Config, SourceConfig } from './schema.js';

export interface ResolvedSource extends SourceConfig {
  categories: string[];
  /** Absolute file path or http(s) URL. */
  location: string;
  isFile: boolean;
  /** Poll interval in ms, or 'auto'. */
  intervalMs: number | 'auto';
  /** The request headers with every `env:NAME` value read from the environment. */
  requestHeaders: Record<string, string>;
}

export interface ResolvedConfig extends Omit<Config, 'sources'> {
  configPath: string;
  baseDir: string;
  storeDir: string;
  outDir: string;
  /** status.json, health.xml and metrics.prom: never inside outDir (issue 14). */
  operatorDir: string;
  templatesDir: string | null;
  sources: ResolvedSource[];
}

/** Paths resolved against the config file's directory; sources with their location and interval. */
export function finishConfig(config: Config, configPath: string): ResolvedConfig {
  const baseDir = path.dirname(configPath);
  setExtraSecretParams(config.output.secretParams);
  const storeDir = path.resolve(baseDir, config.store.path);
  const outDir = path.resolve(baseDir, config.output.dir);
  return {
    ...config,
    configPath,
    baseDir,
    storeDir,
    outDir,
    operatorDir: resolveOperatorDir(config.output.operatorDir, baseDir, storeDir, outDir, configPath),
    templatesDir: config.output.templatesDir ? path.resolve(baseDir, config.output.templatesDir) : null,
    sources: config.sources.map((source, index) => resolveSource(source, baseDir, index, configPath)),
  };
}

/**
 * Beside the store by default: the operator's data, backed up with it. Never in out/, whose every
 * file is published (they name fetch URLs, local paths and error text).
 */
function resolveOperatorDir(configured: string | undefined, baseDir: string, storeDir: string, outDir: string, configPath: string): string {
  const dir = configured === undefined ? path.join(storeDir, 'status') : path.resolve(baseDir, configured);
  const inside = path.relative(outDir, dir);
  if (inside === '' || (inside !== '..' && !inside.startsWith(`..${path.sep}`) && !path.isAbsolute(inside))) {
    const key = configured === undefined ? 'store.path' : 'output.operatorDir';
    throw new FeedloomError('E_CONFIG', `invalid configuration:\n  - output.operatorDir: the operator files would be written to ${dir}, inside output.dir (${outDir}), which is published; set ${key} to a directory outside it`, { where: configPath });
  }
  return dir;
}

function resolveSource(source: SourceConfig, baseDir: string, index: number, configPath: string): ResolvedSource {
  const isFile = !isHttpUrl(source.url);
  const location = isFile ? path.resolve(baseDir, source.url.replace(/^file:\/\//, '')) : source.url;
  const categories = source.category === undefined ? [] : Array.isArray(source.category) ? source.category : [source.category];
  const requestHeaders = resolveHeaders(source.headers ?? {}, `sources[${index}].headers`, configPath);
  return { ...source, isFile, location, categories, intervalMs: parseInterval(source.interval), requestHeaders };
}

/** `env:NAME` values read now, before any I/O, so a missing secret is a config error, not a 401 later. */
function resolveHeaders(headers: Record<string, string>, at: string, configPath: string): Record<string, string> {
  const resolved: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const variable = /^env:(.+)$/.exec(value)?.[1];
    if (variable === undefined) {
      resolved[name] = value;
      continue;
    }
    const fromEnv = process.env[variable];
    if (fromEnv === undefined || fromEnv === '') {
      throw new FeedloomError('E_CONFIG', `invalid configuration:\n  - ${at}.${name}: the environment variable ${variable} is not set`, { where: configPath });
    }
    if (/[\r\n]/.test(fromEnv)) {
      throw new FeedloomError('E_CONFIG', `invalid configuration:\n  - ${at}.${name}: the environment variable ${variable} holds a line break`, { where: configPath });
    }
    resolved[name] = fromEnv;
  }
  return resolved;
}

export function isSourceLike(value: unknown): value is Pick<SourceConfig, 'id' | 'url'> {
  return typeof value === 'object' && value !== null && typeof (value as SourceConfig).id === 'string' && typeof (value as SourceConfig).url === 'string';
}

/** Cross-field checks the schema cannot express: unique ids and URLs. */
export function checkSources(sources: Array<Pick<SourceConfig, 'id' | 'url'> | null>): string[] {
  const problems: string[] = [];
  const ids = new Map<string, number>();
  const urls = new Map<string, number>();
  sources.forEach((source, index) => {
    if (source === null) return;
    const idSeen = ids.get(source.id);
    if (idSeen !== undefined) problems.push(`sources[${index}].id: "${source.id}" is already used by sources[${idSeen}]`);
    else ids.set(source.id, index);
    const key = normaliseSourceUrl(source.url);
    const urlSeen = urls.get(key);
    if (urlSeen !== undefined) problems.push(`sources[${index}].url: the same feed as sources[${urlSeen}] (${source.url})`);
    else urls.set(key, index);
  });
  return problems;
}

/** Compare feed URLs as the same feed: scheme/host case, default port, trailing slash. */
export function normaliseSourceUrl(value: string): string {
  if (!isHttpUrl(value)) return value.replace(/^\.\//, '');
  const url = new URL(value);
  url.hash = '';
  let href = url.href;
  if (href.endsWith('/') && url.pathname !== '/') href = href.slice(0, -1);
  return href.replace(/^https:/, 'http:');
}

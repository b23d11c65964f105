/**
 * The reference validation of feeds.config.json: the zod schema in full, every problem reported at
 * once with its path. The CLI reads configs through read-config.ts, which takes a zod-free fast
 * path for valid configs and comes here for everything else.
 */
import { FeedloomError } from '../core/errors.js';
import { configSchema } from './schema.js';
import { formatIssues } from './format-issues.js';
import { readConfigJson } from './config-file.js';
import { checkSources, finishConfig, isSourceLike, type ResolvedConfig } from './resolve-config.js';

export function loadConfig(configPath?: string): ResolvedConfig {
  const { data, absolute } = readConfigJson(configPath);
  return resolveConfig(data, absolute);
}

/** Validate parsed JSON; every problem is reported at once, each with its key path. */
export function resolveConfig(data: unknown, configPath: string): ResolvedConfig {
  const result = configSchema.safeParse(data);
  // Cross-field checks run on the raw sources too, so every problem is reported in one go.
  const rawSources = (data as { sources?: unknown } | null)?.sources;
  const problems = checkSources(Array.isArray(rawSources) ? rawSources.map((source) => (isSourceLike(source) ? source : null)) : []);
  if (!result.success || problems.length > 0) {
    const lines = [result.success ? '' : formatIssues(result.error.issues, data), ...problems.map((p) => `  - ${p}`)].filter(Boolean);
    throw new FeedloomError('E_CONFIG', `invalid configuration:\n${lines.join('\n')}`, { where: configPath });
  }
  return finishConfig(result.data, configPath);
}


/**
 * Reads feeds.config.json for the CLI and resolves paths and defaults into a ResolvedConfig the
 * pipeline can use without further checks. A valid config is checked by the zod-free fast path
 * (parse-config-fast.ts); anything else goes to the zod schema (load-config.ts), which reports
 * every problem at once. Either way the whole file is validated on every run, before any I/O.
 */
import { DEFAULT_CONFIG_FILE, readConfigJson } from './config-file.js';
import { parseConfigFast } from './parse-config-fast.js';
import { checkSources, finishConfig, type ResolvedConfig } from './resolve-config.js';

export async function readConfig(configPath: string = DEFAULT_CONFIG_FILE): Promise<ResolvedConfig> {
  const { data, absolute } = readConfigJson(configPath);
  const fast = parseConfigFast(data);
  if (fast !== null && checkSources(fast.sources).length === 0) return finishConfig(fast, absolute);
  const { resolveConfig } = await import('./load-config.js');
  return resolveConfig(data, absolute);
}

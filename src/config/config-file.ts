/** The config file on disk: where it is by default, and its JSON, with errors that name the file. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FeedloomError } from '../core/errors.js';

export const DEFAULT_CONFIG_FILE = 'feeds.config.json';

export function readConfigJson(configPath: string = DEFAULT_CONFIG_FILE): { data: unknown; absolute: string } {
  const absolute = path.resolve(configPath);
  let raw: string;
  try {
    raw = readFileSync(absolute, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // The first thing a new user meets: say how to get a config, not only that there is none.
    if (code === 'ENOENT') {
      throw new FeedloomError('E_CONFIG', 'no such config file; run `feedloom init` to write a starter one, or name yours with --config FILE', { where: absolute, cause: error });
    }
    throw new FeedloomError('E_CONFIG', `cannot read the config file (${code ?? String(error)})`, {
      where: absolute,
      cause: error,
    });
  }
  try {
    return { data: JSON.parse(raw), absolute };
  } catch (error) {
    throw new FeedloomError('E_CONFIG', `not valid JSON: ${(error as Error).message}`, { where: absolute, cause: error });
  }
}

/**
 * Everything besides items that the outputs depend on; when it changes, a run re-emits even if no
 * item changed. Kept apart from publish.ts so a run that emits nothing never loads the renderers.
 */
import { createHash } from 'node:crypto';
import type { ResolvedConfig } from '../config/resolve-config.js';

const FEEDLOOM_VERSION = '0.1.0';

export function emitKey(config: ResolvedConfig): string {
  const relevant = {
    version: FEEDLOOM_VERSION,
    site: config.site,
    output: config.output,
    sources: config.sources.map((source) => [source.id, source.title, source.categories, source.enabled]),
  };
  return createHash('sha256').update(JSON.stringify(relevant)).digest('hex').slice(0, 32);
}

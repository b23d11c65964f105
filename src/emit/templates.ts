/**
 * The page templates: eta (escapes `<%= %>` by default), loaded from the shipped `templates/`
 * directory with any file in `output.templatesDir` taking its place, so an operator overrides one
 * template without copying the rest (issue 6 "Pages").
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Eta } from 'eta';
import { FeedloomError } from '../core/errors.js';

// src/emit and dist/emit both sit two levels below the project root.
const SHIPPED_TEMPLATES_DIR = fileURLToPath(new URL('../../templates/', import.meta.url));

const TEMPLATE_NAMES = ['layout', 'post', 'index', 'sidebar', 'age', 'recent', 'recent-page'] as const;
const ASSET_NAMES = ['style.css', 'age.js', 'images.js', 'recent.css'] as const;

export type TemplateName = (typeof TEMPLATE_NAMES)[number];
export type AssetName = (typeof ASSET_NAMES)[number];

export interface TemplateSet {
  render(name: TemplateName, data: object): string;
  asset(name: AssetName): string;
}

const loaded = new Map<string, TemplateSet>();

export function loadTemplates(overrideDir: string | null): TemplateSet {
  const key = overrideDir ?? '';
  const cached = loaded.get(key);
  if (cached) return cached;
  const eta = new Eta({ autoEscape: true, autoTrim: false, useWith: false, cache: true });
  for (const name of TEMPLATE_NAMES) eta.loadTemplate(`@${name}`, readTemplate(`${name}.eta`, overrideDir));
  const assets = new Map<string, string>(ASSET_NAMES.map((name) => [name, readTemplate(name, overrideDir)]));
  const set: TemplateSet = {
    render: (name, data) => {
      try {
        return eta.render(`@${name}`, data);
      } catch (error) {
        throw new FeedloomError('E_FILE', `template "${name}" failed: ${(error as Error).message}`, { where: name, cause: error });
      }
    },
    asset: (name) => assets.get(name) ?? '',
  };
  loaded.set(key, set);
  return set;
}

function readTemplate(file: string, overrideDir: string | null): string {
  if (overrideDir) {
    try {
      return readFileSync(path.join(overrideDir, file), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw new FeedloomError('E_FILE', `cannot read the template override`, { where: path.join(overrideDir, file), cause: error });
      }
    }
  }
  try {
    return readFileSync(path.join(SHIPPED_TEMPLATES_DIR, file), 'utf8');
  } catch (error) {
    throw new FeedloomError('E_FILE', 'a shipped template is missing (reinstall feedloom)', { where: path.join(SHIPPED_TEMPLATES_DIR, file), cause: error });
  }
}

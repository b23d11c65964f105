/**
 * What an installed feedloom needs at run time, beside dist/: the files src/ reads relative to the
 * package (`new URL('../../…', import.meta.url)`) must be in package.json's `files` and copied by
 * the Dockerfile, and every package src/ imports must be a production dependency (the image and
 * `npm ci --omit=dev` install no others). The image once lacked models/, so a container's first run
 * with new items failed to load the spam model.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { files: string[]; dependencies: Record<string, string> };
const dockerfile = readFileSync(path.join(root, 'Dockerfile'), 'utf8');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** Package-relative paths src/ reads at run time, as top-level names (`models/spam-model.json` → `models`). */
function runtimeFiles(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of sources(path.join(root, 'src'))) {
    for (const match of readFileSync(file, 'utf8').matchAll(/new URL\('((?:\.\.\/)+)([^']+)', import\.meta\.url\)/g)) {
      const resolved = path.relative(root, path.resolve(path.dirname(file.replace(`${path.sep}src${path.sep}`, `${path.sep}dist${path.sep}`)), match[1], match[2]));
      found.set(resolved.replace(/\/$/, ''), path.relative(root, file));
    }
  }
  return found;
}

describe('what an installed feedloom needs', () => {
  it('ships every file src/ reads at run time, in the npm package and in the image', () => {
    const files = runtimeFiles();
    expect([...files.keys()].sort()).toEqual(expect.arrayContaining(['feeds.schema.json', 'models/spam-model.json', 'templates']));
    const copied = [...dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((line) => line[1].split(/\s+/));
    for (const [file, readBy] of files) {
      expect(pkg.files.some((entry) => file === entry || file.startsWith(`${entry}/`)), `${file} (read by ${readBy}) in package.json files`).toBe(true);
      expect(copied.some((entry) => file === entry || file.startsWith(`${entry}/`)), `${file} (read by ${readBy}) copied by the Dockerfile`).toBe(true);
    }
  });

  it('imports only node built-ins and production dependencies', () => {
    const builtins = new Set(builtinModules);
    const imported = new Map<string, string>();
    for (const file of sources(path.join(root, 'src'))) {
      for (const match of readFileSync(file, 'utf8').matchAll(/(?:^import(?!\s+type\b)[^'"]*?from\s+|\bimport\()\s*'([^'.][^']*)'/gm)) {
        const name = match[1].startsWith('@') ? match[1].split('/').slice(0, 2).join('/') : match[1].split('/')[0];
        if (!name.startsWith('node:') && !builtins.has(name)) imported.set(name, path.relative(root, file));
      }
    }
    expect(imported.size).toBeGreaterThan(5);
    for (const [name, file] of imported) expect(pkg.dependencies, `${name} (imported by ${file})`).toHaveProperty([name]);
  });
});

/**
 * No dead exports (issue 16): every function, constant and class that a module of src/ exports is
 * used by another file (src/, bin/, scripts/, bench/ or test/), so an export says "this is used
 * elsewhere" and the unused ones are found. A file uses an export when it refers to the module
 * (a relative import that resolves to it, or its path under src/ or dist/ in a string, as bench
 * and script files load dist/) and names the export. Types are left out: an exported function's
 * option and result types are exported with it whether or not a caller names them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SRC = path.join(ROOT, 'src');
const READERS = ['src', 'bin', 'scripts', 'bench', 'test'];
/** What main.ts reads from every command module it loads (src/cli/command-module.ts). */
const COMMAND_FIELDS = new Set(['summary', 'usage', 'run', 'words']);

const EXPORTED_VALUE = /^export\s+(?:async\s+)?(?:function\*?|const|let|var|class|abstract\s+class|enum)\s+([A-Za-z_$][\w$]*)/gm;
const EXPORT_LIST = /^export\s+(type\s+)?\{([^}]*)\}/gm;
const QUOTED_RELATIVE = /['"`](\.{1,2}\/[^'"`]+)['"`]/g;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return ['node_modules', 'artifacts'].includes(entry.name) ? [] : filesUnder(full);
    return /\.(ts|mts|js|mjs|cjs)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** The value names a module exports, its own declarations and its `export { … }` lists. */
function exportedValues(text: string): string[] {
  const names = [...text.matchAll(EXPORTED_VALUE)].map((match) => match[1]);
  for (const [, typeOnly, list] of text.matchAll(EXPORT_LIST)) {
    if (typeOnly) continue;
    for (const part of list.split(',')) {
      const spec = part.trim();
      if (spec && !spec.startsWith('type ')) names.push(spec.split(/\s+as\s+/).pop()!);
    }
  }
  return names;
}

interface Reader {
  file: string;
  text: string;
  words: Set<string>;
}

function refersTo(reader: Reader, module: string): boolean {
  const underSrc = path.relative(SRC, module).replace(/\.ts$/, '');
  if (reader.text.includes(`${underSrc}.js`) || reader.text.includes(`${underSrc}.ts`)) return true;
  for (const [, specifier] of reader.text.matchAll(QUOTED_RELATIVE)) {
    if (path.resolve(path.dirname(reader.file), specifier).replace(/\.(js|ts)$/, '') === module.replace(/\.ts$/, '')) return true;
  }
  return false;
}

function deadExports(): string[] {
  const readers: Reader[] = READERS.flatMap((dir) => filesUnder(path.join(ROOT, dir))).map((file) => {
    const text = readFileSync(file, 'utf8');
    return { file, text, words: new Set(text.match(/[A-Za-z_$][\w$]*/g) ?? []) };
  });
  const dead: string[] = [];
  for (const module of readers.filter((reader) => reader.file.startsWith(SRC + path.sep) && reader.file.endsWith('.ts'))) {
    const isCommand = path.dirname(module.file) === path.join(SRC, 'cli', 'commands');
    for (const name of exportedValues(module.text)) {
      if (isCommand && COMMAND_FIELDS.has(name)) continue;
      const used = readers.some((reader) => reader !== module && reader.words.has(name) && refersTo(reader, module.file));
      if (!used) dead.push(`${path.relative(SRC, module.file)}: ${name}`);
    }
  }
  return dead;
}

describe('exports of src/', () => {
  it('are each used by another file', () => {
    expect(deadExports()).toEqual([]);
  });

  it('finds the exports it checks (the walk is not empty)', () => {
    expect(exportedValues("export const A = 1;\nexport async function b() {}\nexport { c, d as e, type F } from './x.js';\nexport type { G } from './y.js';")).toEqual(['A', 'b', 'c', 'e']);
    expect(exportedValues(readFileSync(path.join(SRC, 'pipeline', 'run-cycle.ts'), 'utf8'))).toContain('runCycle');
  });
});

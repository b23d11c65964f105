/**
 * docs/architecture.md is the map a new maintainer reads first: every source file is named in its
 * tree, and every module its "one owner per decision" table names exists and exports the function
 * the table names, so a file moved or renamed without the map fails here.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
const doc = readFileSync(path.join(root, 'docs/architecture.md'), 'utf8');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path.relative(path.join(root, 'src'), full)] : [];
  });
}

describe('docs/architecture.md', () => {
  it('names every source file in the tree of its folder', () => {
    const tree = doc.slice(doc.indexOf('```\nsrc/'), doc.indexOf('## One owner per decision'));
    const sections = new Map<string, string>();
    for (const block of tree.split(/\n(?=  [a-z]+\/ )/)) {
      const folder = /^ {2}([a-z]+)\//.exec(block)?.[1];
      if (folder) sections.set(folder, block);
    }
    const missing = sourceFiles(path.join(root, 'src'))
      .filter((file) => !file.startsWith('cli/commands/'))
      .filter((file) => {
        const [folder] = file.split(path.sep);
        return !(sections.get(folder) ?? '').includes(path.basename(file));
      });
    expect(missing).toEqual([]);
  });

  it('names owners that exist and export what the table says', () => {
    const table = doc.slice(doc.indexOf('## One owner per decision'), doc.indexOf('## Data that flows'));
    const rows = table.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| decision'));
    expect(rows.length).toBeGreaterThan(10);
    for (const row of rows) {
      const owner = row.split('|')[2];
      for (const match of owner.matchAll(/`([a-z-]+\/[a-z-]+\.ts)`(?: `(\w+)`)?/g)) {
        const file = path.join(root, 'src', match[1]);
        expect(existsSync(file), `${match[1]} in the owner table`).toBe(true);
        if (match[2]) expect(readFileSync(file, 'utf8'), `${match[1]} exports ${match[2]}`).toMatch(new RegExp(`export (?:function|class|const) ${match[2]}\\b`));
      }
    }
  });
});

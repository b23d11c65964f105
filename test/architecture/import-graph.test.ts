/**
 * The module graph of src/ as a maintainer reads it: every import (static, dynamic and type-only)
 * between files. Stages depend one way, so no file reaches itself again through its imports;
 * normalise reaches no later stage; and the parse worker (which parses, normalises and analyses
 * items for filter and dedupe) loads no orchestration (pipeline/) and no store code.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src');
const IMPORT = /(?:import|export)\s[^'"`;]*?from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const targets: string[] = [];
    for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const specifier = match[1] ?? match[2];
      if (!specifier.startsWith('.')) continue;
      targets.push(path.relative(SRC, path.resolve(path.dirname(file), specifier.replace(/\.js$/, '.ts'))));
    }
    graph.set(path.relative(SRC, file), targets);
  }
  return graph;
}

/** Each cycle once, as the path of files that closes it. */
function cycles(graph: Map<string, string[]>): string[] {
  const found: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    stack.push(file);
    for (const target of graph.get(file) ?? []) {
      if (state.get(target) === 'open') found.push([...stack.slice(stack.indexOf(target)), target].join(' → '));
      else if (!state.has(target)) visit(target);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return found;
}

function reachable(graph: Map<string, string[]>, from: string): Set<string> {
  const seen = new Set<string>();
  const walk = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const target of graph.get(file) ?? []) walk(target);
  };
  walk(from);
  return seen;
}

describe('the import graph of src/', () => {
  const graph = importGraph();

  it('has no import cycle', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('reads every import it checks (the graph is not empty)', () => {
    expect(graph.size).toBeGreaterThan(100);
    expect(graph.get('pipeline/run-cycle.ts')?.length).toBeGreaterThan(5);
  });

  it('loads no pipeline/ and no store/ module on a parse worker', () => {
    const loaded = [...reachable(graph, 'parse/parse-worker.ts')];
    expect(loaded).toContain('dedupe/item-analysis.ts');
    expect(loaded.filter((file) => file.startsWith('pipeline/') || file.startsWith('store/'))).toEqual([]);
  });

  it('keeps normalise/ from reaching forward into a later stage (filter, dedupe, store, emit, …)', () => {
    const later = ['filter/', 'dedupe/', 'store/', 'emit/', 'digest/', 'schedule/', 'pipeline/', 'ops/', 'cli/', 'serve/', 'opml/'];
    const forward = [...graph].flatMap(([file, targets]) => (file.startsWith('normalise/') ? targets.filter((target) => later.some((stage) => target.startsWith(stage))).map((target) => `${file} → ${target}`) : []));
    expect(graph.get('normalise/normalise-item.ts')?.length).toBeGreaterThan(3);
    expect(forward).toEqual([]);
  });

  it('opens the configured store in one place (pipeline/open-configured-store.ts), so every command gets the postgres URL', () => {
    const callers = [...graph.keys()].filter((file) => !file.startsWith('store/') && file !== 'pipeline/open-configured-store.ts' && /\bopenStore\(/.test(readFileSync(path.join(SRC, file), 'utf8')));
    expect(callers).toEqual([]);
  });
});

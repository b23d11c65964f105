import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FeedloomError } from '../../src/core/errors.js';
import { renderOutputs, writeOutputs } from '../../src/emit/render-outputs.js';
import { MANIFEST_FILE } from '../../src/emit/write-outputs.js';
import { makeConfig, makeItem, makeSources, NOW } from './fixtures.js';

let outDir: string;
beforeEach(async () => {
  outDir = await fs.mkdtemp(path.join(os.tmpdir(), 'feedloom-out-'));
});
afterEach(async () => {
  await fs.rm(outDir, { recursive: true, force: true });
});

async function mtimes(dir: string): Promise<Map<string, number>> {
  const result = new Map<string, number>();
  for (const entry of await fs.readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath ?? (entry as unknown as { path: string }).path, entry.name);
    result.set(path.relative(dir, full), (await fs.stat(full)).mtimeMs);
  }
  return result;
}

describe('writeOutputs', () => {
  const sources = makeSources({ id: 'alpha', categories: ['World'] });
  const config = makeConfig({ output: { pages: true } });
  const items = [makeItem({ title: 'Kept story' }), makeItem({ title: 'Pruned story' })];

  it('writes every file, then a second identical write changes nothing and keeps every mtime', async () => {
    const files = renderOutputs({ items, sources, config, now: NOW });
    const first = await writeOutputs(outDir, files);
    expect(first.written).toEqual(files.map((file) => file.path).sort());
    expect(first.unchanged).toBe(0);
    expect(await fs.readFile(path.join(outDir, 'posts', 'kept-story.html'), 'utf8')).toContain('Kept story');
    const before = await mtimes(outDir);
    await new Promise((resolve) => setTimeout(resolve, 30));
    const second = await writeOutputs(outDir, renderOutputs({ items, sources, config, now: NOW }));
    expect(second).toEqual({ written: [], unchanged: files.length, removed: [] });
    expect(await mtimes(outDir)).toEqual(before);
  });

  it('rewrites only the file whose content changed', async () => {
    await writeOutputs(outDir, [{ path: 'a.txt', content: 'one' }, { path: 'b.txt', content: 'two' }]);
    const result = await writeOutputs(outDir, [{ path: 'a.txt', content: 'one' }, { path: 'b.txt', content: 'three' }]);
    expect(result).toEqual({ written: ['b.txt'], unchanged: 1, removed: [] });
    expect(await fs.readFile(path.join(outDir, 'b.txt'), 'utf8')).toBe('three');
  });

  it('deletes the page of an item no longer in the outputs, and its emptied directory', async () => {
    await writeOutputs(outDir, renderOutputs({ items, sources, config, now: NOW }));
    await writeOutputs(outDir, [{ path: 'gone/deep/page.html', content: 'x' }, { path: 'index.html', content: 'i' }]);
    const result = await writeOutputs(outDir, renderOutputs({ items: [items[0]], sources, config, now: NOW }));
    expect(result.removed).toEqual(['gone/deep/page.html']);
    await expect(fs.stat(path.join(outDir, 'gone'))).rejects.toMatchObject({ code: 'ENOENT' });
    const again = await writeOutputs(outDir, renderOutputs({ items: [items[0]], sources, config, now: NOW }));
    expect(again.removed).toEqual([]);
  });

  it('removes a pruned item page (issue 6 "Pages")', async () => {
    await writeOutputs(outDir, renderOutputs({ items, sources, config, now: NOW }));
    const result = await writeOutputs(outDir, renderOutputs({ items: [items[0]], sources, config, now: NOW }));
    expect(result.removed).toEqual(['posts/pruned-story.html']);
    await expect(fs.stat(path.join(outDir, 'posts', 'pruned-story.html'))).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await fs.readFile(path.join(outDir, 'posts', 'kept-story.html'), 'utf8')).toContain('Kept story');
  });

  it('never deletes a file it did not write, even one named in a tampered manifest outside out/', async () => {
    const outside = path.join(path.dirname(outDir), `${path.basename(outDir)}-victim.txt`);
    await fs.writeFile(outside, 'precious');
    await fs.mkdir(path.join(outDir, 'posts'), { recursive: true });
    await fs.writeFile(path.join(outDir, 'posts', 'hand-written.html'), 'mine');
    await fs.writeFile(path.join(outDir, 'CNAME'), 'example.org');
    await writeOutputs(outDir, [{ path: 'feed.xml', content: '<rss/>' }]);
    await fs.writeFile(path.join(outDir, MANIFEST_FILE), JSON.stringify({ version: 1, files: ['feed.xml', `../${path.basename(outside)}`, '/etc/hostname'] }));
    const result = await writeOutputs(outDir, [{ path: 'atom.xml', content: '<feed/>' }]);
    expect(result.removed).toEqual(['feed.xml']);
    expect(await fs.readFile(outside, 'utf8')).toBe('precious');
    expect(await fs.readFile(path.join(outDir, 'posts', 'hand-written.html'), 'utf8')).toBe('mine');
    expect(await fs.readFile(path.join(outDir, 'CNAME'), 'utf8')).toBe('example.org');
    await fs.rm(outside);
  });

  it('refuses an output path that would leave out/', async () => {
    await expect(writeOutputs(outDir, [{ path: '../escape.txt', content: 'x' }])).rejects.toBeInstanceOf(FeedloomError);
    await expect(writeOutputs(outDir, [{ path: '/abs.txt', content: 'x' }])).rejects.toMatchObject({ code: 'E_INTERNAL' });
  });

  it('leaves no temp file behind and records what it wrote in the manifest', async () => {
    await writeOutputs(outDir, [{ path: 'x/y.txt', content: 'y' }]);
    const names = [...(await mtimes(outDir)).keys()].sort();
    expect(names).toEqual([MANIFEST_FILE, path.join('x', 'y.txt')]);
    const stat = await fs.stat(path.join(outDir, 'x', 'y.txt'), { bigint: true });
    const hash = createHash('sha256').update('y').digest('base64url');
    expect(JSON.parse(await fs.readFile(path.join(outDir, MANIFEST_FILE), 'utf8'))).toEqual({ version: 1, files: ['x/y.txt'], checks: { 'x/y.txt': `1:${stat.mtimeNs}:${hash}` } });
  });

  it('puts right a file edited by hand since it was written, though its size and the manifest are as they were', async () => {
    await writeOutputs(outDir, [{ path: 'feed.xml', content: '<rss/>' }]);
    const manifest = await fs.readFile(path.join(outDir, MANIFEST_FILE), 'utf8');
    await new Promise((resolve) => setTimeout(resolve, 5));
    await fs.writeFile(path.join(outDir, 'feed.xml'), '<xss/>');
    const result = await writeOutputs(outDir, [{ path: 'feed.xml', content: '<rss/>' }]);
    expect(result.written).toEqual(['feed.xml']);
    expect(await fs.readFile(path.join(outDir, 'feed.xml'), 'utf8')).toBe('<rss/>');
    expect(await fs.readFile(path.join(outDir, MANIFEST_FILE), 'utf8')).not.toBe(manifest);
  });

  it('reads an older manifest without checks, and adds them', async () => {
    await writeOutputs(outDir, [{ path: 'feed.xml', content: '<rss/>' }]);
    await fs.writeFile(path.join(outDir, MANIFEST_FILE), JSON.stringify({ version: 1, files: ['feed.xml'] }));
    const before = (await fs.stat(path.join(outDir, 'feed.xml'))).mtimeMs;
    const result = await writeOutputs(outDir, [{ path: 'feed.xml', content: '<rss/>' }]);
    expect(result).toMatchObject({ written: [], unchanged: 1 });
    expect((await fs.stat(path.join(outDir, 'feed.xml'))).mtimeMs).toBe(before);
    expect(Object.keys(JSON.parse(await fs.readFile(path.join(outDir, MANIFEST_FILE), 'utf8')).checks)).toEqual(['feed.xml']);
  });
});

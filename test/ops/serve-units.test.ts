import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentTypeFor } from '../../src/serve/content-types.js';
import { resolveRequestPath } from '../../src/serve/resolve-path.js';
import { negotiateCoding } from '../../src/serve/serve-out.js';

describe('resolveRequestPath keeps every request inside out/', () => {
  const base = mkdtempSync(path.join(tmpdir(), 'feedloom-serve-'));
  const out = path.join(base, 'out');
  mkdirSync(path.join(out, 'category', 'world'), { recursive: true });
  writeFileSync(path.join(out, 'feed.xml'), '<rss/>');
  writeFileSync(path.join(out, 'category', 'world', 'index.html'), '<p>world</p>');
  writeFileSync(path.join(base, 'secret.txt'), 'secret');
  symlinkSync(path.join(base, 'secret.txt'), path.join(out, 'link.txt'));
  symlinkSync(path.join(out, 'feed.xml'), path.join(out, 'inside-link.xml'));

  it('finds files and directory indexes, and redirects a directory to its slash with a clean Location', async () => {
    expect(await resolveRequestPath(out, '/feed.xml?x=1')).toMatchObject({ kind: 'file', file: path.join(out, 'feed.xml') });
    expect(await resolveRequestPath(out, '/category/world/')).toMatchObject({ kind: 'file', file: path.join(out, 'category', 'world', 'index.html') });
    expect(await resolveRequestPath(out, '//category//world')).toEqual({ kind: 'redirect', location: '/category/world/' });
    expect(await resolveRequestPath(out, '/category/')).toEqual({ kind: 'not-found' });
  });

  it('follows a symlink that stays inside, refuses one that leads out', async () => {
    expect(await resolveRequestPath(out, '/inside-link.xml')).toMatchObject({ kind: 'file' });
    expect(await resolveRequestPath(out, '/link.txt')).toEqual({ kind: 'not-found' });
  });

  it('refuses .., encoded or not, encoded separators, dotfiles and NUL; a broken escape is a bad request', async () => {
    for (const attempt of ['/../secret.txt', '/%2e%2e/secret.txt', '/category/..%2f..%2fsecret.txt', '/..%5csecret.txt', '/.hidden', '/feed.xml%00', `/${encodeURIComponent(path.join(base, 'secret.txt'))}`]) {
      expect(await resolveRequestPath(out, attempt), attempt).toEqual({ kind: 'not-found' });
    }
    expect(await resolveRequestPath(out, '/%E0%A4%A')).toEqual({ kind: 'bad-request' });
    expect(await resolveRequestPath(out, 'feed.xml')).toEqual({ kind: 'bad-request' });
  });
});

describe('content negotiation and types', () => {
  it('prefers the coding with the higher q, br on a tie, and honours q=0 and *', () => {
    expect(negotiateCoding(undefined)).toBe('identity');
    expect(negotiateCoding('gzip, deflate, br')).toBe('br');
    expect(negotiateCoding('br;q=0.4, gzip;q=0.9')).toBe('gzip');
    expect(negotiateCoding('br;q=0, gzip;q=0')).toBe('identity');
    expect(negotiateCoding('*')).toBe('br');
    expect(negotiateCoding('*;q=0.5, br;q=0')).toBe('gzip');
    expect(negotiateCoding('identity')).toBe('identity');
  });

  it('names feed files by what they hold', () => {
    expect(contentTypeFor('category/x/feed.xml')).toMatch(/^application\/rss\+xml/);
    expect(contentTypeFor('health.xml')).toMatch(/^application\/atom\+xml/);
    expect(contentTypeFor('feed.json')).toMatch(/^application\/feed\+json/);
    expect(contentTypeFor('recent.json')).toMatch(/^application\/json/);
    expect(contentTypeFor('other.xml')).toMatch(/^application\/xml/);
    expect(contentTypeFor('sources.opml')).toMatch(/^text\/x-opml/);
    expect(contentTypeFor('blob.bin')).toBe('application/octet-stream');
  });
});

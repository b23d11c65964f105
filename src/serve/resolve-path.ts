/**
 * URL path → file inside out/, or a refusal. The path is decoded once, segment by segment, and any
 * `..`, `.`-prefixed segment (dotfiles: the output manifest, temp files), NUL, backslash or
 * encoded slash is refused before the file system is touched; the real path of the result (all
 * symlinks followed) must still lie inside the real path of out/, so a symlink cannot lead out.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';

export type Resolved =
  | { kind: 'file'; file: string; size: number; mtime: Date }
  | { kind: 'redirect'; location: string }
  | { kind: 'not-found' }
  | { kind: 'bad-request' };

export async function resolveRequestPath(root: string, urlPath: string): Promise<Resolved> {
  const pathname = urlPath.split('?')[0].split('#')[0];
  if (!pathname.startsWith('/')) return { kind: 'bad-request' };
  const segments: string[] = [];
  for (const raw of pathname.split('/').slice(1)) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return { kind: 'bad-request' };
    }
    if (segment === '') continue;
    if (segment.startsWith('.') || /[\\/\0]/.test(segment) || path.isAbsolute(segment)) return { kind: 'not-found' };
    segments.push(segment);
  }
  const realRoot = await fs.realpath(root).catch(() => null);
  if (realRoot === null) return { kind: 'not-found' };
  let target = path.join(realRoot, ...segments);
  let stat = await statInside(realRoot, target);
  if (stat?.isDirectory()) {
    // Relative links in index pages need the trailing slash (category/world/ → ../../style.css).
    // Built from the checked segments, so `//host` can never become an off-site Location.
    if (!pathname.endsWith('/')) return { kind: 'redirect', location: `/${segments.map(encodeURIComponent).join('/')}/`.replace(/^\/\/$/, '/') };
    target = path.join(target, 'index.html');
    stat = await statInside(realRoot, target);
  }
  if (!stat || !stat.isFile()) return { kind: 'not-found' };
  return { kind: 'file', file: target, size: stat.size, mtime: stat.mtime };
}

async function statInside(realRoot: string, target: string): Promise<import('node:fs').Stats | null> {
  const real = await fs.realpath(target).catch(() => null);
  if (real === null) return null;
  if (real !== realRoot && !real.startsWith(realRoot + path.sep)) return null;
  return fs.stat(real).catch(() => null);
}

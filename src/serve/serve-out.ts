/**
 * A small static server of out/ for `feedloom serve`: GET and HEAD only, the right content types
 * for feeds, strong ETags and Last-Modified with 304 answers (RFC 9110 §13), gzip or brotli by
 * Accept-Encoding with q-values (RFC 9110 §12.5.3), no directory listing, nothing outside out/.
 * Outputs are rewritten atomically (rename), so a file read here is always complete.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import http from 'node:http';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { contentTypeFor, isCompressible } from './content-types.js';
import { resolveRequestPath, type Resolved } from './resolve-path.js';

export interface ServeOptions {
  root: string;
  /** Files of another directory served under a path prefix (`serve --operator-files`), by name only. */
  extra?: { root: string; prefix: string; names: readonly string[] };
  onRequest?: (line: { method: string; path: string; status: number }) => void;
}

type Coding = 'br' | 'gzip' | 'identity';

interface Representation {
  body: Buffer;
  etag: string;
  /** The Content-Security-Policy header: an HTML page's own meta policy, which a header may extend. */
  policy: string;
}

/** Below this, compression costs more than it saves. */
const MIN_COMPRESS_BYTES = 256;
/** Entries kept in the representation cache (by file, size and mtime). */
const CACHE_ENTRIES = 256;
/** Bytes of bodies kept in that cache: 3,000 large pages once grew the process from 53 to 450 MB. */
const CACHE_BYTES = 32 * 1024 * 1024;
/**
 * What a header adds to a page's meta policy: frame-ancestors is ignored in a meta tag (CSP 3 §6.4.2),
 * so only the header can refuse framing (clickjacking). Non-HTML files (feeds, JSON, CSS) load nothing.
 */
const HEADER_ONLY_DIRECTIVES = "frame-ancestors 'none'";
const NON_HTML_POLICY = `default-src 'none'; ${HEADER_ONLY_DIRECTIVES}`;
const META_POLICY = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i;

interface RepresentationCache {
  entries: Map<string, Representation>;
  bytes: number;
}

export function createOutServer(options: ServeOptions): http.Server {
  const cache: RepresentationCache = { entries: new Map(), bytes: 0 };
  return http.createServer((request, response) => {
    handle(request, response, options, cache)
      .catch(() => {
        if (!response.headersSent) send(response, 500, 'internal error\n');
        else response.destroy();
      })
      .finally(() => options.onRequest?.({ method: request.method ?? '', path: request.url ?? '', status: response.statusCode }));
  });
}

async function handle(request: http.IncomingMessage, response: http.ServerResponse, options: ServeOptions, cache: RepresentationCache): Promise<void> {
  response.setHeader('X-Content-Type-Options', 'nosniff');
  // Links in the pages already carry rel="noreferrer"; readers' paths stay private on every request.
  response.setHeader('Referrer-Policy', 'no-referrer');
  const method = request.method ?? 'GET';
  if (method !== 'GET' && method !== 'HEAD') {
    response.setHeader('Allow', 'GET, HEAD');
    return send(response, 405, 'method not allowed\n');
  }
  const resolved = await resolve(request.url ?? '/', options);
  if (resolved.kind === 'bad-request') return send(response, 400, 'bad request\n');
  if (resolved.kind === 'not-found') return send(response, 404, 'not found\n');
  if (resolved.kind === 'redirect') {
    response.setHeader('Location', resolved.location);
    return send(response, 301, 'moved\n');
  }
  const type = contentTypeFor(resolved.file);
  const compressible = isCompressible(type) && resolved.size >= MIN_COMPRESS_BYTES;
  const coding: Coding = compressible ? negotiateCoding(request.headers['accept-encoding']) : 'identity';
  const representation = await represent(resolved.file, resolved.size, resolved.mtime, coding, type, cache);

  response.setHeader('Content-Type', type);
  response.setHeader('Content-Security-Policy', representation.policy);
  response.setHeader('ETag', representation.etag);
  response.setHeader('Last-Modified', resolved.mtime.toUTCString());
  // Revalidate every time: the ETag makes that a cheap 304, and feeds change at every run.
  response.setHeader('Cache-Control', 'no-cache');
  if (compressible) response.setHeader('Vary', 'Accept-Encoding');
  if (coding !== 'identity') response.setHeader('Content-Encoding', coding);

  if (notModified(request, representation.etag, resolved.mtime)) {
    response.statusCode = 304;
    response.end();
    return;
  }
  response.statusCode = 200;
  response.setHeader('Content-Length', representation.body.length);
  response.end(method === 'HEAD' ? undefined : representation.body);
}

/**
 * An allowlist of names, not the whole directory: the operator directory may be the store's own,
 * and the store files must never be served.
 */
function resolve(url: string, options: ServeOptions): Promise<Resolved> {
  const extra = options.extra;
  if (!extra || !url.startsWith(extra.prefix)) return resolveRequestPath(options.root, url);
  const name = url.slice(extra.prefix.length).split(/[?#]/)[0];
  if (!extra.names.includes(name)) return Promise.resolve({ kind: 'not-found' });
  return resolveRequestPath(extra.root, `/${name}`);
}

/** RFC 9110 §13.2.2: If-None-Match wins over If-Modified-Since; it uses the weak comparison. */
function notModified(request: http.IncomingMessage, etag: string, mtime: Date): boolean {
  const ifNoneMatch = request.headers['if-none-match'];
  if (ifNoneMatch !== undefined) {
    if (ifNoneMatch.trim() === '*') return true;
    const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
    return ifNoneMatch.split(',').some((tag) => opaque(tag) === opaque(etag));
  }
  const since = request.headers['if-modified-since'];
  if (since === undefined) return false;
  const sinceMs = Date.parse(since);
  // HTTP dates have whole seconds; the file's mtime has more.
  return !Number.isNaN(sinceMs) && Math.floor(mtime.getTime() / 1000) * 1000 <= sinceMs;
}

/** The best of br and gzip the client accepts (q > 0), else identity. */
export function negotiateCoding(header: string | undefined): Coding {
  if (!header) return 'identity';
  const weights = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((param) => /^\s*q=([0-9.]+)\s*$/.exec(param)).find((match) => match !== null);
    weights.set(name.trim(), q ? Number(q[1]) : 1);
  }
  const weightOf = (coding: string) => weights.get(coding) ?? (weights.has('*') ? weights.get('*')! : 0);
  const candidates = (['br', 'gzip'] as const).filter((coding) => weightOf(coding) > 0);
  candidates.sort((a, b) => weightOf(b) - weightOf(a));
  return candidates[0] ?? 'identity';
}

async function represent(file: string, size: number, mtime: Date, coding: Coding, type: string, cache: RepresentationCache): Promise<Representation> {
  const key = `${coding}\u0000${file}\u0000${size}\u0000${mtime.getTime()}`;
  const cached = cache.entries.get(key);
  if (cached) return cached;
  const content = await fs.readFile(file);
  // Strong validator from the bytes (RFC 9110 §8.8.3); each coding is its own representation.
  const hash = createHash('sha256').update(content).digest('base64url').slice(0, 27);
  const body =
    coding === 'br' ? brotliCompressSync(content, { params: { [zlib.BROTLI_PARAM_QUALITY]: 5, [zlib.BROTLI_PARAM_SIZE_HINT]: content.length } })
    : coding === 'gzip' ? gzipSync(content)
    : content;
  const representation = { body, etag: `"${hash}${coding === 'identity' ? '' : `-${coding}`}"`, policy: policyFor(type, content) };
  remember(cache, key, representation);
  return representation;
}

/** The page's own meta policy with the header-only directives added; a fixed strict one for other files. */
function policyFor(type: string, content: Buffer): string {
  if (!type.startsWith('text/html')) return NON_HTML_POLICY;
  // The meta tag sits in <head>, in the first few hundred bytes of every page feedloom writes.
  const meta = META_POLICY.exec(content.subarray(0, 4096).toString('utf8'));
  // A page from an operator's own template without a meta policy keeps what it loads; only framing is refused.
  return meta ? `${meta[1].replace(/;\s*$/, '')}; ${HEADER_ONLY_DIRECTIVES}` : HEADER_ONLY_DIRECTIVES;
}

/** Oldest entries leave first, until both the entry and the byte bounds hold. */
function remember(cache: RepresentationCache, key: string, representation: Representation): void {
  if (representation.body.length > CACHE_BYTES) return;
  cache.entries.set(key, representation);
  cache.bytes += representation.body.length;
  for (const [oldKey, old] of cache.entries) {
    if (cache.entries.size <= CACHE_ENTRIES && cache.bytes <= CACHE_BYTES) break;
    cache.entries.delete(oldKey);
    cache.bytes -= old.body.length;
  }
}

function send(response: http.ServerResponse, status: number, text: string): void {
  response.statusCode = status;
  response.setHeader('Content-Type', 'text/plain; charset=utf-8');
  response.setHeader('Content-Length', Buffer.byteLength(text));
  response.end(text);
}

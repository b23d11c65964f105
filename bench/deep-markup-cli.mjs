// Deeply nested markup through the real CLI, against a server on 127.0.0.1 only.
// Usage: node bench/deep-markup-cli.mjs [path/to/bin/feedloom.js] [levels]   (default: this checkout, 300000)
// Cases: `add` on a page of nested <div>s; `run` where a healthy source turns 404 and its site is
// that page (discovery); `import-opml` of outlines nested as deep.

import http from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const bin = path.resolve(process.argv[2] ?? new URL('../bin/feedloom.js', import.meta.url).pathname);
const levels = Number(process.argv[3] ?? 300_000);
const page = `<!doctype html><html><head><title>Deep</title></head><body>${'<div>'.repeat(levels)}x${'</div>'.repeat(levels)}</body></html>`;
const rss = `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>SITE</link><item><guid>1</guid><title>One</title></item></channel></rss>`;
let feedUp = true;
const server = http.createServer((req, res) => {
  if (req.url === '/deep/') return res.writeHead(200, { 'Content-Type': 'text/html' }).end(page);
  if (req.url === '/feed.xml' && feedUp) return res.writeHead(200, { 'Content-Type': 'application/rss+xml' }).end(rss.replace('SITE', `${origin}/deep/`));
  res.writeHead(404).end('not found');
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;
const dir = mkdtempSync(path.join(tmpdir(), 'feedloom-deep-'));
const configPath = path.join(dir, 'feeds.config.json');
const config = { site: { title: 'Deep' }, fetch: { allow: [`127.0.0.1:${server.address().port}`], retries: 0, hostGapMs: 0 }, output: { pages: false }, sources: [{ id: 'feed', url: `${origin}/feed.xml` }] };
writeFileSync(configPath, JSON.stringify(config));

async function time(label, args) {
  const started = Date.now();
  const child = await new Promise((resolve) => {
    import('node:child_process').then(({ spawn }) => {
      const proc = spawn(process.execPath, [bin, ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
      let err = '';
      proc.stderr.on('data', (chunk) => (err += chunk));
      proc.on('close', (code) => resolve({ code, err }));
    });
  });
  console.log(`${label.padEnd(28)} ${String(Date.now() - started).padStart(8)} ms  exit ${child.code}  ${child.err.trim().split('\n').pop()?.slice(0, 120) ?? ''}`);
}

await time('run (healthy)', ['run', '--force', '--config', configPath]);
feedUp = false;
await time('run (404 → discovery)', ['run', '--force', '--config', configPath]);
writeFileSync(path.join(dir, 'deep.opml'), `<opml version="2.0"><body>${'<outline text="f">'.repeat(levels)}<outline xmlUrl="${origin}/x.xml"/>${'</outline>'.repeat(levels)}</body></opml>`);
await time('import-opml', ['import-opml', 'deep.opml', '--dry-run', '--config', configPath]);
if (!process.env.SKIP_ADD) await time('add (discovery)', ['add', `${origin}/deep/`, '--config', configPath]);
server.close();

/** Shared fixtures for the operator-tool tests: feed documents and a routed loopback server. */
import type http from 'node:http';
import { startLoopbackServer, type LoopbackServer } from '../helpers/loopback-server.js';

export interface Route {
  status?: number;
  type?: string;
  body?: string | Buffer;
  headers?: Record<string, string>;
}

/** A loopback server whose routes a test may change between runs; unknown paths answer 404. */
export async function startRoutedServer(routes: Record<string, Route>): Promise<LoopbackServer & { routes: Record<string, Route> }> {
  const server = await startLoopbackServer((req: http.IncomingMessage, res: http.ServerResponse) => {
    const route = routes[(req.url ?? '/').split('?')[0]];
    if (!route) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('not found');
      return;
    }
    res.writeHead(route.status ?? 200, { 'Content-Type': route.type ?? 'application/rss+xml', ...route.headers });
    res.end(route.body ?? '');
  });
  return Object.assign(server, { routes });
}

export interface FeedItem {
  guid: string;
  title: string;
  link: string;
  date: string;
  body?: string;
}

export function rssFeed(title: string, siteLink: string, items: FeedItem[]): string {
  const entries = items
    .map(
      (item) =>
        `<item><guid isPermaLink="false">${item.guid}</guid><title>${item.title}</title><link>${item.link}</link><pubDate>${new Date(item.date).toUTCString()}</pubDate><description>${item.body ?? `Report ${item.guid}: ${item.title}.`}</description></item>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>${title}</title><link>${siteLink}</link><description>d</description>${entries}</channel></rss>`;
}

export function atomFeed(title: string, siteLink: string): string {
  return `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>${title}</title><id>urn:x</id><updated>2026-11-27T00:00:00Z</updated><link href="${siteLink}"/></feed>`;
}

export function jsonFeed(title: string): string {
  return JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title, items: [] });
}

export function htmlPage(head: string): string {
  return `<!doctype html><html><head><title>A site</title>${head}</head><body><p>Welcome.</p></body></html>`;
}

/** The last JSON line of a `--log-format json` run: its summary. */
export function runSummary(stdout: string): { sources: Record<string, number>; items: Record<string, number> } {
  return JSON.parse(stdout.trim().split('\n').pop()!).summary;
}

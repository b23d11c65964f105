/**
 * Issue 14 defect 5: the published out/sources.opml names only live sources, by the URL they answer
 * at now, and never an intranet feed (a private address in any spelling, a private name, a host
 * that fetch.allow lists, or a public-looking name that resolved into an allowed range) unless the
 * source says `public: true`; never one whose URL carries credentials. The feeds' source credits
 * follow the same rule. `export-opml`, the
 * operator's own list, still names every source by its config URL. Through the real CLI, with a
 * loopback farm; the one public-looking host name is resolved to 127.0.0.1 inside the child by a
 * preloaded lookup, so no name ever leaves this machine.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readOpml } from '../../src/opml/read-opml.js';
import { runCli, tempProject } from '../helpers/cli.js';
import { rssFeed, startRoutedServer } from '../ops/ops-kit.js';

const CORP_HOST = 'feeds.corp-intranet.example';

let server: Awaited<ReturnType<typeof startRoutedServer>>;

const feed = (name: string) => ({ body: rssFeed(`Feed ${name}`, `https://${name}.example/`, [{ guid: `${name}-1`, title: `Story from ${name}`, link: `https://${name}.example/1`, date: '2026-11-27T09:00:00Z' }]) });

beforeAll(async () => {
  server = await startRoutedServer({
    '/live.xml': feed('live'),
    '/gone.xml': { status: 410, type: 'text/plain', body: 'gone' },
    '/dead.xml': { status: 404, type: 'text/plain', body: 'no' },
    '/old.xml': { status: 301, headers: { Location: '/new.xml' } },
    '/new.xml': feed('moved'),
    '/intranet.xml': feed('intranet'),
    '/decimal.xml': feed('decimal'),
    '/local.xml': feed('local'),
    '/corp.xml': feed('corp'),
    '/corp-public.xml': feed('corppublic'),
    '/secret.xml': feed('secret'),
  });
});

afterAll(async () => server?.close());

describe('out/sources.opml', { timeout: 120_000 }, () => {
  it('lists live public sources by their current URL, and no retired, dead, intranet or credentialled one', async () => {
    const port = server.port;
    const { dir, configPath } = tempProject({
      site: { title: 'Planet', url: 'https://planet.example/' },
      // A range, as an intranet would be listed: it admits the public-looking name too.
      fetch: { allow: ['127.0.0.0/8'], retries: 0, hostGapMs: 0, deadAfterFailures: 2, deadAfterDays: 0 },
      sources: [
        // Loopback stands in for public hosts here, so these opt in.
        { id: 'live', url: `${server.origin}/live.xml`, public: true },
        { id: 'gone', url: `${server.origin}/gone.xml`, public: true },
        { id: 'dead', url: `${server.origin}/dead.xml`, public: true },
        { id: 'moved', url: `${server.origin}/old.xml`, public: true },
        { id: 'intranet', url: `${server.origin}/intranet.xml` },
        { id: 'decimal', url: `http://2130706433:${port}/decimal.xml` },
        { id: 'local', url: `http://localhost:${port}/local.xml` },
        { id: 'corp', url: `http://${CORP_HOST}:${port}/corp.xml` },
        { id: 'corp-public', url: `http://${CORP_HOST}:${port}/corp-public.xml`, public: true },
        { id: 'secret', url: `${server.origin}/secret.xml?token=S3CRETT0KEN`, public: true },
      ],
    });
    const resolver = path.join(dir, 'resolve-corp.mjs');
    writeFileSync(
      resolver,
      `import dns from 'node:dns';
const real = dns.lookup;
dns.lookup = (hostname, options, callback) => {
  if (typeof options === 'function') [options, callback] = [{}, options];
  if (hostname !== ${JSON.stringify(CORP_HOST)}) return real(hostname, options, callback);
  process.nextTick(() => (options.all ? callback(null, [{ address: '127.0.0.1', family: 4 }]) : callback(null, '127.0.0.1', 4)));
};
`,
    );
    const env = { NODE_OPTIONS: `--import ${pathToFileURL(resolver).href}` };
    const published = () => readOpml(readFileSync(path.join(dir, 'out', 'sources.opml'), 'utf8')).feeds.map((one) => one.url);

    const first = await runCli(['run', '--force', '--config', configPath, '--log-format', 'json'], { env });
    expect(first.code, first.stderr).toBe(0);
    expect(server.requests.filter((request) => request.url === '/corp.xml' && request.headers.host === `${CORP_HOST}:${port}`)).toHaveLength(1);
    // Failing once is not dead: still listed. The redirect is not yet confirmed: the old URL.
    expect(published()).toEqual([`${server.origin}/live.xml`, `${server.origin}/dead.xml`, `${server.origin}/old.xml`, `http://${CORP_HOST}:${port}/corp-public.xml`]);

    const second = await runCli(['run', '--force', '--config', configPath, '--log-format', 'json'], { env });
    expect(second.code, second.stderr).toBe(0);
    const status = JSON.parse((await runCli(['status', '--json', '--config', configPath])).stdout).sources as Array<{ id: string; state: string }>;
    expect(Object.fromEntries(status.map((row) => [row.id, row.state]))).toMatchObject({ gone: 'gone', dead: 'dead', moved: 'moved', live: 'ok', corp: 'ok' });
    expect(published()).toEqual([`${server.origin}/live.xml`, `${server.origin}/new.xml`, `http://${CORP_HOST}:${port}/corp-public.xml`]);
    const text = readFileSync(path.join(dir, 'out', 'sources.opml'), 'utf8');
    for (const leak of ['S3CRETT0KEN', 'old.xml', 'intranet.xml', 'decimal.xml', 'localhost', '/corp.xml', 'gone.xml', 'dead.xml']) expect(text, leak).not.toContain(leak);

    // The feeds credit each item's source by the same rule: an intranet source by its site link instead.
    for (const name of ['feed.xml', 'atom.xml', 'feed.json']) {
      const output = readFileSync(path.join(dir, 'out', name), 'utf8');
      expect(output, name).toContain(`${server.origin}/live.xml`);
      expect(output, name).toContain('/corp-public.xml');
      expect(output, name).toContain('https://intranet.example/');
      for (const leak of ['S3CRETT0KEN', '/intranet.xml', '/decimal.xml', '2130706433', 'localhost', '/corp.xml']) expect(output, `${leak} in ${name}`).not.toContain(leak);
    }

    // The operator's own export still lists every source by its config URL (redacted), for round trips.
    const exported = await runCli(['export-opml', '--config', configPath]);
    expect(exported.code).toBe(0);
    const urls = readOpml(exported.stdout).feeds.map((one) => one.url);
    expect(urls).toHaveLength(10);
    expect(urls).toContain(`${server.origin}/old.xml`);
    expect(urls).toContain(`http://${CORP_HOST}:${port}/corp.xml`);
    expect(exported.stdout).not.toContain('S3CRETT0KEN');
  });
});

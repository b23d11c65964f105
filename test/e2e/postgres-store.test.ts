/**
 * The postgres store through the CLI (issue 12): `check` against good and bad URLs (never printing
 * the password), $FEEDLOOM_DATABASE_URL over store.url, migrations applied once by processes that
 * start together, a newer schema refused untouched, and `store migrate` both ways without loss.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { expect, it } from 'vitest';
import { runCli, tempProject } from '../helpers/cli.js';
import { startLoopbackServer } from '../helpers/loopback-server.js';
import { describePostgres, freshDatabase } from '../helpers/postgres.js';

function withPassword(url: string, password: string): string {
  const parsed = new URL(url);
  parsed.password = password;
  return parsed.toString();
}

async function scalar(url: string, sql: string): Promise<unknown> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return Object.values((await client.query(sql)).rows[0] ?? {})[0];
  } finally {
    await client.end();
  }
}

const FEED = (n: number) =>
  `<rss version="2.0"><channel><title>Feed ${n}</title><link>https://site${n}.example/</link>` +
  [1, 2, 3].map((k) => `<item><guid>g${n}-${k}</guid><title>Story ${k} of feed ${n} about harbours</title><link>https://site${n}.example/${k}</link><pubDate>Wed, 25 Nov 2026 1${k}:00:00 GMT</pubDate><description>Body ${k} of feed ${n}.</description></item>`).join('') +
  `</channel></rss>`;

describePostgres('the postgres store through the CLI', () => {
  it('check connects and names host and database; a refused connection exits 70 without the password', async () => {
    const url = await freshDatabase('check');
    const project = tempProject({ store: { driver: 'postgres', url }, sources: [] });
    const ok = await runCli(['check'], { cwd: project.dir });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/store: postgres at 127\.0\.0\.1:\d+\/feedloom_check_\w+, empty/);

    const refused = withPassword('postgres://feedloom@127.0.0.1:1/nosuch', 'S3cretPW');
    const bad = await runCli(['check'], { cwd: project.dir, env: { FEEDLOOM_DATABASE_URL: refused } });
    expect(bad.code).toBe(70);
    expect(bad.stderr).toContain('E_STORE_IO');
    expect(bad.stderr).toContain('127.0.0.1:1/nosuch');
    expect(bad.stderr + bad.stdout).not.toContain('S3cretPW');

    const run = await runCli(['run'], { cwd: project.dir, env: { FEEDLOOM_DATABASE_URL: refused } });
    expect(run.code).toBe(70);
    expect(run.stderr + run.stdout).not.toContain('S3cretPW');
  });

  it('applies the migrations once when five processes start together, and refuses a newer schema untouched', async () => {
    const url = await freshDatabase('migrate');
    const project = tempProject({ store: { driver: 'postgres', url }, sources: [] });
    const runs = await Promise.all(Array.from({ length: 5 }, () => runCli(['run'], { cwd: project.dir })));
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    expect(Number(await scalar(url, 'SELECT count(*) FROM feedloom_schema'))).toBe(1);
    expect(Number(await scalar(url, 'SELECT version FROM feedloom_schema'))).toBe(1);

    await scalar(url, 'UPDATE feedloom_schema SET version = 99');
    const tables = await scalar(url, "SELECT string_agg(table_name, ',' ORDER BY table_name) FROM information_schema.tables WHERE table_schema = 'public'");
    const refused = await runCli(['run'], { cwd: project.dir });
    expect(refused.code).toBe(70);
    expect(refused.stderr).toContain('schema version 99, newer than this feedloom understands');
    expect(Number(await scalar(url, 'SELECT version FROM feedloom_schema'))).toBe(99);
    expect(await scalar(url, "SELECT string_agg(table_name, ',' ORDER BY table_name) FROM information_schema.tables WHERE table_schema = 'public'")).toBe(tables);
  });

  it('store migrate moves a sqlite store to postgres and back to json with the same counts and content hash', async () => {
    const server = await startLoopbackServer((request, response) => {
      const n = Number(/\/(\d+)\.xml$/.exec(request.url ?? '')?.[1] ?? 0);
      response.writeHead(200, { 'content-type': 'application/rss+xml' }).end(FEED(n));
    });
    try {
      const sources = [1, 2, 3].map((n) => ({ id: `s${n}`, url: `${server.origin}/${n}.xml` }));
      const project = tempProject({ fetch: { allow: [server.hostPort], retries: 0, hostGapMs: 0 }, store: { driver: 'sqlite' }, sources });
      expect((await runCli(['run'], { cwd: project.dir })).code).toBe(0);
      const url = await freshDatabase('migrate_to');
      const toPostgres = await runCli(['store', 'migrate', '--to', 'postgres', '--url', url], { cwd: project.dir });
      expect(toPostgres.code, toPostgres.stderr).toBe(0);
      const hash = /content hash ([0-9a-f]{16}) verified/.exec(toPostgres.stdout)?.[1];
      expect(toPostgres.stdout).toContain('migrated 9 items and 3 sources from sqlite');
      expect(Number(await scalar(url, 'SELECT count(*) FROM feedloom_items'))).toBe(9);

      // The postgres store is now the configured one; move it on to json.
      await fs.writeFile(project.configPath, JSON.stringify({ fetch: { allow: [server.hostPort] }, store: { driver: 'postgres', url }, sources }));
      const toJson = await runCli(['store', 'migrate', '--to', 'json', '--into', path.join(project.dir, 'data-json')], { cwd: project.dir });
      expect(toJson.code, toJson.stderr).toBe(0);
      expect(toJson.stdout).toContain('migrated 9 items and 3 sources from postgres');
      expect(/content hash ([0-9a-f]{16}) verified/.exec(toJson.stdout)?.[1]).toBe(hash);
      // A second migration into the same database is refused: it is not empty.
      await fs.writeFile(project.configPath, JSON.stringify({ store: { driver: 'sqlite' }, sources }));
      const again = await runCli(['store', 'migrate', '--to', 'postgres', '--url', url], { cwd: project.dir });
      expect(again.code).not.toBe(0);
      expect(again.stderr).toContain('not empty');
    } finally {
      await server.close();
    }
  });

  it('approve, block and explain work on the shared store', async () => {
    const server = await startLoopbackServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/rss+xml' }).end(FEED(7));
    });
    try {
      const url = await freshDatabase('ops');
      const project = tempProject({ fetch: { allow: [server.hostPort], retries: 0, hostGapMs: 0 }, store: { driver: 'postgres', url }, sources: [{ id: 's7', url: `${server.origin}/7.xml` }] });
      expect((await runCli(['run'], { cwd: project.dir })).code).toBe(0);
      const block = await runCli(['block', 'https://site7.example/2'], { cwd: project.dir });
      expect(block.code, block.stderr).toBe(0);
      const feed = await fs.readFile(path.join(project.dir, 'out', 'feed.xml'), 'utf8');
      expect(feed).toContain('https://site7.example/1');
      expect(feed).not.toContain('https://site7.example/2<');
      const explain = await runCli(['explain', 'https://site7.example/2'], { cwd: project.dir });
      expect(explain.code, explain.stderr).toBe(0);
      expect(explain.stdout.toLowerCase()).toContain('block');
      const list = await runCli(['block', '--list'], { cwd: project.dir });
      expect(list.stdout).toContain('https://site7.example/2');
    } finally {
      await server.close();
    }
  });
});

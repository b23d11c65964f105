import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT, runCli, tempProject } from '../helpers/cli.js';

describe('feedloom store migrate', () => {
  it('moves a store to SQLite and back without loss; outputs from the moved store are identical', async () => {
    const example = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'feeds.config.json'), 'utf8'));
    delete example.$schema;
    const project = tempProject({ ...example, output: { ...example.output, pages: false } });
    cpSync(path.join(PROJECT_ROOT, 'examples'), path.join(project.dir, 'examples'), { recursive: true });
    expect((await runCli(['run', '--config', project.configPath])).code).toBe(0);
    const feedBefore = readFileSync(path.join(project.dir, 'out', 'feed.xml'), 'utf8');

    const toSqlite = await runCli(['store', 'migrate', '--to', 'sqlite', '--config', project.configPath]);
    expect(toSqlite.code).toBe(0);
    expect(toSqlite.stdout).toMatch(/migrated 16 items and 5 sources from json .* to sqlite .*content hash [0-9a-f]{16} verified/);
    writeFileSync(project.configPath, JSON.stringify({ ...JSON.parse(readFileSync(project.configPath, 'utf8')), store: { driver: 'sqlite', path: 'data-sqlite', retention: example.store.retention } }));
    const emitted = await runCli(['emit', '--config', project.configPath]);
    expect(emitted.code).toBe(0);
    expect(readFileSync(path.join(project.dir, 'out', 'feed.xml'), 'utf8')).toBe(feedBefore);

    const back = await runCli(['store', 'migrate', '--to', 'lowdb', '--into', path.join(project.dir, 'data-back'), '--config', project.configPath]);
    expect(back.code).toBe(0);
    expect(back.stdout).toMatch(/migrated 16 items and 5 sources from sqlite/);
    const same = await runCli(['store', 'migrate', '--to', 'sqlite', '--config', project.configPath]);
    expect(same.code).toBe(64);
  });
});

/**
 * Characters no XML document may hold (C0 controls, U+FFFE/U+FFFF, lone surrogates) arrive through
 * JSON Feeds, whose escapes can spell them. They are removed where the text enters, so no output of
 * any format carries them (issue 14, defect 7). Real CLI, real files in a temp dir.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const ILLEGAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value && typeof value === 'object') return Object.values(value).flatMap(stringsIn);
  return [];
}

describe('a JSON Feed with XML-illegal characters', () => {
  it('publishes none of them in any output, and keeps the text around them', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'feedloom-json-chars-'));
    // JSON escapes, as a hostile or broken publisher would write them.
    const feed = String.raw`{"version":"https://jsonfeed.org/version/1.1","title":"Bro\u0001ken\uFFFF Feed","home_page_url":"https://chars.example/",
      "items":[{"id":"a\u0002-1","url":"https://chars.example/1","title":"Storm\u0007 \uD800warning\uFFFE issued","summary":"Ports\u0004 closed \uDC00today","tags":["Wea\u0005ther"],
      "authors":[{"name":"Ann\u0006 Writer"}],"content_text":"The storm\u000B reached the coast.","date_published":"2026-11-27T10:00:00Z"}]}`;
    writeFileSync(path.join(dir, 'chars.json'), feed);
    writeFileSync(
      path.join(dir, 'feeds.config.json'),
      JSON.stringify({ site: { title: 'Chars', url: 'http://127.0.0.1:8080/' }, output: { pages: true }, sources: [{ id: 'chars', url: 'chars.json', category: 'News' }] }),
    );
    const run = await runCli(['run', '--config', path.join(dir, 'feeds.config.json'), '--log-format', 'text'], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);

    const outputs = filesUnder(path.join(dir, 'out'));
    const names = outputs.map((file) => path.relative(path.join(dir, 'out'), file));
    expect(names).toEqual(expect.arrayContaining(['feed.json', 'feed.xml', 'atom.xml', 'recent.json', 'recent.md', 'recent.html', 'index.html']));
    for (const file of outputs) {
      const raw = readFileSync(file, 'utf8');
      // JSON outputs could spell a character as an escape: check the values they hold, too.
      const values = file.endsWith('.json') ? [JSON.stringify(JSON.parse(raw), (_key, value) => value), ...stringsIn(JSON.parse(raw))] : [raw];
      expect(values.some((value) => ILLEGAL.test(value)), file).toBe(false);
    }
    const feedJson = JSON.parse(readFileSync(path.join(dir, 'out', 'feed.json'), 'utf8')) as { items: Array<{ title: string }> };
    expect(feedJson.items[0].title).toBe('Storm warning issued');
    const recent = readFileSync(path.join(dir, 'out', 'recent.md'), 'utf8');
    expect(recent).toContain('Storm warning issued');
  });
});

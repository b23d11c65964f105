/**
 * Edits of the config file by `add`, `remove` and `import-opml`. The operator's file is theirs:
 * only the `sources` array is touched, as text, so every other key, its order, comments-free
 * formatting and the style of the existing source lines (one line each, or spread over several)
 * stay as they were. The edited text is checked to parse to exactly the intended value, and the
 * whole config is validated before the file is replaced (atomically).
 */
import { readFileSync } from 'node:fs';
import { FeedloomError } from '../core/errors.js';
import { slugify } from '../emit/slug.js';
import { writeFileAtomic } from '../store/atomic-write.js';
import type { ResolvedConfig } from './resolve-config.js';

/** A source as written into the config file (keys in this order). */
export interface SourceEntry {
  id: string;
  url: string;
  title?: string;
  category?: string | string[];
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
interface Span {
  start: number;
  end: number;
}

export function addSourcesToConfigText(text: string, entries: SourceEntry[]): string {
  const data = parseObject(text);
  const expected = { ...data, sources: [...((data.sources as Json[] | undefined) ?? []), ...(entries as unknown as Json[])] };
  if (entries.length === 0) return text;
  const layout = locateSources(text);
  if (layout === null) return restringify(text, expected);
  const { array, elements } = layout;
  let edited: string;
  if (elements.length === 0) {
    const indent = lineIndent(text, array.start);
    const inner = `${indent}  `;
    const body = entries.map((entry) => inner + renderMultiLine(entry, inner)).join(',\n');
    edited = `${text.slice(0, array.start)}[\n${body}\n${indent}]${text.slice(array.end)}`;
  } else {
    const last = elements[elements.length - 1];
    const lastText = text.slice(last.start, last.end);
    const separator = elements.length >= 2 ? text.slice(elements[elements.length - 2].end, last.start) : `,${text.slice(array.start + 1, elements[0].start)}`;
    const indent = lineIndent(text, last.start);
    const render = lastText.includes('\n') ? (entry: SourceEntry) => renderMultiLine(entry, indent) : (entry: SourceEntry) => renderOneLine(entry, lastText.startsWith('{ '));
    edited = text.slice(0, last.end) + entries.map((entry) => separator + render(entry)).join('') + text.slice(last.end);
  }
  return sameValue(edited, expected) ? edited : restringify(text, expected);
}

export function removeSourceFromConfigText(text: string, id: string): string {
  const data = parseObject(text);
  const sources = (data.sources as Array<{ id?: unknown }> | undefined) ?? [];
  const index = sources.findIndex((source) => source?.id === id);
  if (index === -1) throw new FeedloomError('E_USAGE', `no source with id "${id}" in the config`);
  const expected = { ...data, sources: sources.filter((_, i) => i !== index) as Json[] };
  const layout = locateSources(text);
  if (layout === null || layout.elements.length !== sources.length) return restringify(text, expected);
  const { array, elements } = layout;
  let edited: string;
  if (elements.length === 1) edited = `${text.slice(0, array.start)}[]${text.slice(array.end)}`;
  else if (index < elements.length - 1) edited = text.slice(0, elements[index].start) + text.slice(elements[index + 1].start);
  else edited = text.slice(0, elements[index - 1].end) + text.slice(elements[index].end);
  return sameValue(edited, expected) ? edited : restringify(text, expected);
}

/** Read, edit, validate the whole result, then replace the file atomically. Returns the new config. */
export async function editConfigFile(configPath: string, edit: (text: string) => string): Promise<ResolvedConfig> {
  let text: string;
  try {
    text = readFileSync(configPath, 'utf8');
  } catch (error) {
    throw new FeedloomError('E_CONFIG', `cannot read the config file (${(error as NodeJS.ErrnoException).code ?? String(error)})`, { where: configPath, cause: error });
  }
  const edited = edit(text);
  // Loaded here, not at the top: config-opml.ts imports this module on every run, which must not load zod (issue 7).
  const { resolveConfig } = await import('./load-config.js');
  const resolved = resolveConfig(JSON.parse(edited), configPath);
  if (edited !== text) await writeFileAtomic(configPath, edited);
  return resolved;
}

function parseObject(text: string): Record<string, Json> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new FeedloomError('E_CONFIG', `not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw new FeedloomError('E_CONFIG', 'the config must be a JSON object');
  return data as Record<string, Json>;
}

/** The fallback when the text cannot be edited in place: 2-space JSON, key order kept. */
function restringify(original: string, value: unknown): string {
  return `${JSON.stringify(value, null, 2)}${original.endsWith('\n') ? '\n' : ''}`;
}

function sameValue(text: string, expected: unknown): boolean {
  try {
    return JSON.stringify(JSON.parse(text)) === JSON.stringify(expected);
  } catch {
    return false;
  }
}

function renderOneLine(entry: SourceEntry, spaced: boolean): string {
  const comma = spaced ? ', ' : ',';
  const render = (value: unknown) => (Array.isArray(value) ? `[${value.map((element) => JSON.stringify(element)).join(comma)}]` : JSON.stringify(value));
  const parts = Object.entries(entry).map(([key, value]) => `${JSON.stringify(key)}:${spaced ? ' ' : ''}${render(value)}`);
  return spaced ? `{ ${parts.join(', ')} }` : `{${parts.join(',')}}`;
}

function renderMultiLine(entry: SourceEntry, indent: string): string {
  return JSON.stringify(entry, null, 2).replace(/\n/g, `\n${indent}`);
}

function lineIndent(text: string, at: number): string {
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}

/** Spans of the top-level `sources` array and of each of its elements, or null when there is none. */
function locateSources(text: string): { array: Span; elements: Span[] } | null {
  const scanner = new Scanner(text);
  scanner.skipSpace();
  if (text[scanner.at] !== '{') return null;
  scanner.at += 1;
  for (;;) {
    scanner.skipSpace();
    if (text[scanner.at] === '}') return null;
    const keyStart = scanner.at;
    scanner.skipString();
    const key = JSON.parse(text.slice(keyStart, scanner.at)) as string;
    scanner.skipSpace();
    scanner.expect(':');
    scanner.skipSpace();
    if (key === 'sources' && text[scanner.at] === '[') return scanner.arrayElements();
    scanner.skipValue();
    scanner.skipSpace();
    if (text[scanner.at] === ',') scanner.at += 1;
    else return null;
  }
}

/** Just enough of a JSON scanner to find spans; the text is known to be valid JSON already. */
class Scanner {
  at = 0;
  constructor(private readonly text: string) {}

  skipSpace(): void {
    while (/\s/.test(this.text[this.at] ?? '')) this.at += 1;
  }

  expect(char: string): void {
    if (this.text[this.at] !== char) throw new FeedloomError('E_INTERNAL', `config scanner expected "${char}" at ${this.at}`);
    this.at += 1;
  }

  skipString(): void {
    this.expect('"');
    while (this.text[this.at] !== '"') this.at += this.text[this.at] === '\\' ? 2 : 1;
    this.at += 1;
  }

  skipValue(): void {
    const char = this.text[this.at];
    if (char === '"') return this.skipString();
    if (char === '{' || char === '[') {
      const close = char === '{' ? '}' : ']';
      this.at += 1;
      for (;;) {
        this.skipSpace();
        if (this.text[this.at] === close) break;
        if (char === '{') {
          this.skipString();
          this.skipSpace();
          this.expect(':');
          this.skipSpace();
        }
        this.skipValue();
        this.skipSpace();
        if (this.text[this.at] === ',') this.at += 1;
      }
      this.at += 1;
      return;
    }
    const literal = /^(?:-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(this.text.slice(this.at, this.at + 64));
    if (!literal) throw new FeedloomError('E_INTERNAL', `config scanner met an unexpected character at ${this.at}`);
    this.at += literal[0].length;
  }

  arrayElements(): { array: Span; elements: Span[] } {
    const start = this.at;
    const elements: Span[] = [];
    this.expect('[');
    for (;;) {
      this.skipSpace();
      if (this.text[this.at] === ']') break;
      const elementStart = this.at;
      this.skipValue();
      elements.push({ start: elementStart, end: this.at });
      this.skipSpace();
      if (this.text[this.at] === ',') this.at += 1;
    }
    this.at += 1;
    return { array: { start, end: this.at }, elements };
  }
}

/** A stable id for a new source: from its title, else its host and path; unique among `taken`. */
export function deriveSourceId(title: string | null, url: string, taken: Set<string>): string {
  let base = slugify(title ?? '').slice(0, 56).replace(/-+$/, '');
  if (base === '') {
    let fallback = url;
    try {
      const parsed = new URL(url);
      fallback = `${parsed.hostname.replace(/^www\./, '')}${parsed.pathname}`;
    } catch {
      // A file path: its name will do.
    }
    base = slugify(fallback.replace(/\.(xml|rss|atom|json|rdf)$/i, '')).slice(0, 56).replace(/-+$/, '') || 'source';
  }
  let id = base;
  for (let n = 2; taken.has(id); n += 1) id = `${base}-${n}`;
  taken.add(id);
  return id;
}

/**
 * Turns zod issues into operator-facing lines: `sources[3].url: must be an http(s) URL or a file
 * path (got "ftp://x")`, and for unknown keys the nearest known key ("did you mean …?").
 */
import type { z } from 'zod';
import { nearest } from './nearest.js';
import { configSchema } from './schema.js';

type Issue = z.core.$ZodIssue;

export function formatIssues(issues: readonly Issue[], data: unknown): string {
  const lines: string[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const known = knownKeysAt(issue.path);
        const suggestion = nearest(key, known, String(issue.path[issue.path.length - 1] ?? ''));
        const where = formatPath([...issue.path, key]);
        lines.push(`${where}: unknown key${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`);
      }
      continue;
    }
    if (issue.code === 'invalid_union') {
      // A union's own message is vague; the value and the path say more.
      lines.push(`${formatPath(issue.path)}: ${describeUnionExpectation(issue.path)} (got ${showValue(valueAt(data, issue.path))})`);
      continue;
    }
    const value = valueAt(data, issue.path);
    const got = value === undefined ? 'missing' : `got ${showValue(value)}`;
    lines.push(`${formatPath(issue.path)}: ${issue.message} (${got})`);
  }
  return lines.map((line) => `  - ${line}`).join('\n');
}

function describeUnionExpectation(issuePath: readonly PropertyKey[]): string {
  const last = String(issuePath[issuePath.length - 1] ?? '');
  if (last === 'interval') return 'must be a duration like "15m", "2h", "1d", a number of minutes, or "auto"';
  if (last === 'category') return 'must be a category name or a list of them';
  if (issuePath.some((part) => part === 'include' || part === 'exclude')) {
    return 'must be a keyword string or an object with exactly one of "keyword" or "regex" (and optional "fields", "flags")';
  }
  return 'has the wrong type';
}

function formatPath(issuePath: readonly PropertyKey[]): string {
  let out = '';
  for (const part of issuePath) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(top level)' : out;
}

function valueAt(data: unknown, issuePath: readonly PropertyKey[]): unknown {
  let current: unknown = data;
  for (const part of issuePath) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[part];
  }
  return current;
}

function showValue(value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) return String(value);
  return json.length > 60 ? `${json.slice(0, 57)}...` : json;
}

/** Walk the schema along a data path to find the object whose keys are known there. */
function knownKeysAt(issuePath: readonly PropertyKey[]): string[] {
  let schema: unknown = configSchema;
  for (const part of issuePath) {
    schema = unwrap(schema);
    const def = (schema as { def?: { type?: string; shape?: Record<string, unknown>; element?: unknown; options?: unknown[] } }).def;
    if (!def) return [];
    if (typeof part === 'number' && def.type === 'array') schema = def.element;
    else if (def.type === 'object' && def.shape) schema = def.shape[String(part)];
    else return [];
  }
  schema = unwrap(schema);
  const def = (schema as { def?: { type?: string; shape?: Record<string, unknown>; options?: unknown[] } }).def;
  if (def?.type === 'object' && def.shape) return Object.keys(def.shape);
  if (def?.type === 'union' && def.options) {
    for (const option of def.options) {
      const inner = (unwrap(option) as { def?: { type?: string; shape?: Record<string, unknown> } }).def;
      if (inner?.type === 'object' && inner.shape) return Object.keys(inner.shape);
    }
  }
  return [];
}

function unwrap(schema: unknown): unknown {
  let current = schema as { def?: { type?: string; innerType?: unknown; in?: unknown; schema?: unknown } } | undefined;
  for (let i = 0; i < 10 && current?.def; i++) {
    const def = current.def;
    if (def.innerType) current = def.innerType as typeof current;
    else if (def.type === 'pipe' && def.in) current = def.in as typeof current;
    else break;
  }
  return current;
}

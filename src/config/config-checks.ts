/**
 * The checks the zod schema makes with `.refine` (which the JSON Schema cannot say), zod-free, so
 * schema.ts and the fast path (parse-config-fast.ts) run the same functions: one rule, one place.
 */
import { isHttpUrl } from './defaults.js';

/** A source is an http(s) URL or a file path; any other scheme (ftp://, file://) is refused. */
export function isSourceLocation(value: string): boolean {
  return isHttpUrl(value) || !/^[a-z][a-z0-9+.-]*:\/\//i.test(value);
}

export function isValidRegex(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

/** A rule object gives exactly one of `keyword` or `regex`. */
export function hasOneMatcher(rule: { keyword?: unknown; regex?: unknown }): boolean {
  return (rule.keyword === undefined) !== (rule.regex === undefined);
}

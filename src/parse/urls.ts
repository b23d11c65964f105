/**
 * URL resolution for feed links. A relative reference is resolved against the base in scope
 * (xml:base, RFC 3986 §5.2); what stays relative is resolved later against the feed's link or
 * the fetch URL (README D6). Identifiers are never resolved (D4).
 */
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;

export function hasScheme(url: string): boolean {
  return SCHEME.test(url);
}

/** Resolve `url` against `base` when the base is absolute; otherwise return it unchanged. */
export function resolveAgainst(url: string, base: string | null): string {
  if (base === null || hasScheme(url) || !hasScheme(base)) return url;
  try {
    return new URL(url, base).href;
  } catch {
    return url;
  }
}

/** The first http(s) base among the candidates (feed link, fetch URL). */
export function firstHttpBase(...candidates: Array<string | null | undefined>): string | null {
  for (const candidate of candidates) {
    if (candidate && /^https?:\/\//i.test(candidate)) return candidate;
  }
  return null;
}

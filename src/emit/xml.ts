/**
 * Escaping for the hand-written RSS and Atom serialisers. Everything is entity-escaped rather than
 * wrapped in CDATA: a `]]>` inside text then needs no splitting at all (RELIABILITY.md R41; the `feed`
 * package splits only the first occurrence, so a second one breaks the document).
 */

// XML 1.0 §2.2 Char: no C0 controls except tab/LF/CR, no U+FFFE/U+FFFF, no lone surrogates.
// One pass for both jobs: large contents are escaped 10k times per feed (issue 7 sizes).
const NEEDS_ESCAPE = /[&<>"'\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** Every character NEEDS_ESCAPE can match (any surrogate, paired or not): no match means nothing to do. */
const MAY_NEED_ESCAPE = /[&<>"'\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;
const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Text content or attribute value, safe in either place. */
export function escapeXml(value: string): string {
  // Most values need nothing: a plain character class settles that faster than the lookarounds.
  if (!MAY_NEED_ESCAPE.test(value)) return value;
  return value.replace(NEEDS_ESCAPE, (char) => ENTITY[char] ?? '');
}

/** `<name>text</name>`, or nothing when the value is empty. */
export function textElement(name: string, value: string | null | undefined, attributes = ''): string {
  if (value === null || value === undefined || value === '') return '';
  return `<${name}${attributes}>${escapeXml(value)}</${name}>`;
}

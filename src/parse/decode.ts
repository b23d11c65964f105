/**
 * Bytes → text for a feed document. Precedence (RELIABILITY.md R30, after RFC 7303 §3 and the
 * XML 1.0 appendix F): byte-order mark, then the HTTP charset when the bytes decode in it, then
 * the XML declaration, then UTF-8, falling back to windows-1252, which decodes any byte. Every
 * override of a declared charset is reported as a warning. Encodings are never guessed from the
 * letters (no chardet): the same bytes always give the same text.
 */
import { createRequire } from 'node:module';

type IconvLite = typeof import('iconv-lite');
let iconvModule: IconvLite | undefined;
/**
 * iconv-lite builds its code-page tables when loaded (~0.1–0.5 s here, issue 7); UTF-8 feeds,
 * nearly all of them, never need it, so it is loaded the first time another encoding comes up.
 */
function iconvLite(): IconvLite {
  iconvModule ??= createRequire(import.meta.url)('iconv-lite') as IconvLite;
  return iconvModule;
}

export interface DecodedFeed {
  text: string;
  encoding: string;
  warnings: string[];
}

const LATIN1_LABELS = new Set(['iso-8859-1', 'iso8859-1', 'latin1', 'latin-1', 'l1', 'iso_8859-1', 'cp819', 'ibm819', 'iso-ir-100']);
const UTF8 = new TextDecoder('utf-8', { fatal: true });

export function decodeFeedBytes(bytes: Uint8Array, contentType: string | null): DecodedFeed {
  const warnings: string[] = [];
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const bom = sniffBom(buffer);
  if (bom) {
    return { text: iconvLite().decode(buffer.subarray(bom.length), bom.encoding, { stripBOM: true }), encoding: bom.encoding, warnings };
  }
  const candidates: Array<{ label: string; source: string }> = [];
  const httpCharset = charsetFromContentType(contentType);
  if (httpCharset) candidates.push({ label: httpCharset, source: 'HTTP charset' });
  const declared = declaredEncoding(buffer);
  if (declared) candidates.push({ label: declared, source: 'XML declaration' });
  for (const { label, source } of candidates) {
    const encoding = normaliseLabel(label);
    if (encoding === null) {
      warnings.push(`${source} names an unknown charset "${label}"; ignored`);
      continue;
    }
    const text = decodeStrictly(buffer, encoding);
    if (text !== null) return { text, encoding, warnings };
    warnings.push(`${source} says ${label} but the bytes do not decode in it; ignored`);
  }
  const utf8 = decodeStrictly(buffer, 'utf-8');
  if (utf8 !== null) return { text: utf8, encoding: 'utf-8', warnings };
  if (candidates.length === 0) warnings.push('bytes are not UTF-8 and no charset was declared; read as windows-1252');
  return { text: iconvLite().decode(buffer, 'windows-1252'), encoding: 'windows-1252', warnings };
}

/** `text/xml; charset="KOI8-R"` → `KOI8-R`. */
function charsetFromContentType(contentType: string | null): string | null {
  if (!contentType) return null;
  const m = /;\s*charset\s*=\s*("?)([^";\s]+)\1/i.exec(contentType);
  return m ? m[2] : null;
}

function sniffBom(buffer: Buffer): { encoding: string; length: number } | null {
  if (buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (buffer[0] === 0xff && buffer[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (buffer[0] === 0xfe && buffer[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return null;
}

/**
 * The encoding pseudo-attribute of `<?xml … ?>`. Without a BOM a UTF-16 document still starts
 * with "<?" as 16-bit units (XML 1.0 appendix F), which says which byte order to read it in.
 */
function declaredEncoding(buffer: Buffer): string | null {
  let head: string;
  if (buffer[0] === 0x00 && buffer[1] === 0x3c) head = iconvLite().decode(buffer.subarray(0, 512), 'utf-16be');
  else if (buffer[0] === 0x3c && buffer[1] === 0x00) head = iconvLite().decode(buffer.subarray(0, 512), 'utf-16le');
  else head = buffer.subarray(0, 1024).toString('latin1');
  const m = /^\s*<\?xml\s[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:+-]+)["']/.exec(head);
  if (!m) return null;
  const label = m[1];
  // A 16-bit label on bytes that are plainly 8-bit is a generator's mistake: the bytes win.
  if (/^(utf-?16|ucs-?2|utf-?32)/i.test(label) && buffer[1] !== 0x00 && buffer[0] !== 0x00) return null;
  return label;
}

function normaliseLabel(label: string): string | null {
  const lower = label.trim().toLowerCase();
  if (lower === 'utf-8' || lower === 'utf8') return 'utf-8';
  if (lower === 'utf-16' || lower === 'utf16') return 'utf-16le';
  // WHATWG Encoding: these labels mean windows-1252, whose extra letters (“ ” € …) feeds do use.
  if (LATIN1_LABELS.has(lower)) return 'windows-1252';
  return iconvLite().encodingExists(lower) ? lower : null;
}

/**
 * Decode, or null when the bytes are not valid in the encoding. iconv-lite replaces what it
 * cannot map with U+FFFD instead of failing, so a new U+FFFD (or a high byte in ASCII) is the failure.
 */
function decodeStrictly(buffer: Buffer, encoding: string): string | null {
  if (encoding === 'utf-8' || encoding === 'utf8') {
    try {
      return UTF8.decode(buffer);
    } catch {
      return null;
    }
  }
  if (/^(us-?ascii|ascii|iso646-us)$/.test(encoding) && buffer.some((byte) => byte > 0x7f)) return null;
  const text = iconvLite().decode(buffer, encoding);
  if (text.includes('\uFFFD') && !buffer.includes(Buffer.from([0xef, 0xbf, 0xbd]))) return null;
  return text;
}

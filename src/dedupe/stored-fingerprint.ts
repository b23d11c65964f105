/**
 * The body fingerprint a stored item keeps (issue 7): its SimHash, word count and the shingle
 * hashes the duplicate index files it under, so that a later run files the item without reading its
 * body. This module is its one owner: which shingles are kept, how they are encoded, the shape, and
 * whether a stored one may be trusted. Ingest attaches one to every item it puts (new or updated;
 * a parse worker may have built it already, pipeline/item-analysis.ts); the postgres driver leaves
 * the body out of an item's sketch only when its fingerprint is current (store/postgres-items.ts).
 *
 * Each fingerprint carries FINGERPRINT_VERSION. One of another version, or ill-formed, is read as
 * absent: the item's keys come from its body, as for an item stored before fingerprints existed.
 * Without it, a change to the shingling or the SimHash would leave every stored item filed under
 * keys that no new item is looked up by, and stored copies would silently stop meeting new ones.
 */
import type { StoredFingerprint } from '../core/types.js';

/**
 * Bump on any change to what a fingerprint holds: the word tokens or shingle hashes
 * (fingerprint.ts), the SimHash, the sampling below, or the encoding. Fingerprints written before
 * the field existed hold exactly version 1 and are read as it.
 */
export const FINGERPRINT_VERSION = 1;
/** Long bodies keep (and are filed under) only the shingles whose hash ≡ 0 mod SHINGLE_SAMPLE. */
export const SHINGLE_SAMPLE = 8;
/** Bodies with at most this many shingles keep them all. */
export const SHORT_BODY_SHINGLES = 64;

/** What a fingerprint is built from, and what reading one gives back (shingles: the kept ones). */
export interface FingerprintedBody {
  simhash: string;
  words: number;
  shingles: Uint32Array;
}

/** `body.shingles`: the body's distinct shingle hashes, sorted (TextFeatures.shingles). */
export function buildStoredFingerprint(body: Readonly<FingerprintedBody>): StoredFingerprint {
  const kept = body.shingles.length <= SHORT_BODY_SHINGLES ? body.shingles : body.shingles.filter((hash) => hash % SHINGLE_SAMPLE === 0);
  return { version: FINGERPRINT_VERSION, simhash: body.simhash, words: body.words, shingles: encodeShingles(kept) };
}

/** Whether `fingerprint` can stand in for the body: present, of this version and well-formed. */
export function isCurrentFingerprint(fingerprint: StoredFingerprint | undefined): fingerprint is StoredFingerprint {
  if (!fingerprint || (fingerprint.version ?? 1) !== FINGERPRINT_VERSION) return false;
  const { simhash, words, shingles } = fingerprint;
  return typeof simhash === 'string' && SIMHASH.test(simhash) && Number.isInteger(words) && words >= 0 && typeof shingles === 'string' && shingles.length % 4 === 0;
}

/** The body keys a stored fingerprint holds, or null when it cannot stand in for the body (see isCurrentFingerprint). */
export function readStoredFingerprint(fingerprint: StoredFingerprint | undefined): FingerprintedBody | null {
  if (!isCurrentFingerprint(fingerprint)) return null;
  const bytes = Buffer.from(fingerprint.shingles, 'base64');
  if (bytes.length % 4 !== 0) return null;
  const shingles = new Uint32Array(bytes.length / 4);
  for (let i = 0; i < shingles.length; i++) shingles[i] = bytes.readUInt32LE(i * 4);
  return { simhash: fingerprint.simhash, words: fingerprint.words, shingles };
}

const SIMHASH = /^[0-9a-f]{16}$/;

/** uint32 little-endian, base64: a quarter of the JSON a number array takes. */
function encodeShingles(hashes: ArrayLike<number>): string {
  const bytes = Buffer.alloc(hashes.length * 4);
  for (let i = 0; i < hashes.length; i++) bytes.writeUInt32LE(hashes[i] >>> 0, i * 4);
  return bytes.toString('base64');
}

/**
 * What a store file must look like, checked on every read (STYLE.md rule 10). A file that fails
 * is refused with E_STORE_CORRUPT and left untouched: overwriting it with an empty store is how
 * lowdb users lost data (RELIABILITY.md R48, fb-sleep-stats#113).
 */
import { FeedloomError } from '../core/errors.js';
import type { StoreState, StoredItem } from '../core/types.js';
import { itemUid } from './keys.js';

export const SCHEMA_VERSION = 1;

export function emptyState(): StoreState {
  return { schemaVersion: SCHEMA_VERSION, sources: {}, blocked: [], health: [], lastRun: null };
}

export function corruptError(where: string, problem: string, cause?: unknown): FeedloomError {
  return new FeedloomError(
    'E_STORE_CORRUPT',
    `${problem}; the file is left untouched (run with --repair to move it aside and start empty)`,
    { where, cause },
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Refuse a version this build does not know: a newer feedloom wrote it, and guessing would lose data. */
export function checkSchemaVersion(version: unknown, where: string, known: number = SCHEMA_VERSION): void {
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw corruptError(where, `schemaVersion must be a positive integer, got ${JSON.stringify(version)}`);
  }
  if (version > known) {
    throw corruptError(where, `schemaVersion ${version} is newer than this feedloom understands (${known}); upgrade feedloom`);
  }
}

/** Parse text that must be one JSON value; empty, NUL-filled and truncated files all end here. */
export function parseStoreText(text: string, where: string): unknown {
  if (text.trim() === '') throw corruptError(where, 'the file is empty');
  if (text.includes('\u0000')) throw corruptError(where, 'the file contains NUL bytes (a torn write or disk damage)');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw corruptError(where, `the file is not valid JSON (${(error as Error).message})`, error);
  }
}

export function validateState(value: unknown, where: string): StoreState {
  if (!isRecord(value)) throw corruptError(where, 'expected a JSON object with schemaVersion and sources');
  checkSchemaVersion(value.schemaVersion, where);
  if (!isRecord(value.sources)) throw corruptError(where, '"sources" must be an object');
  for (const [id, source] of Object.entries(value.sources)) {
    if (!isRecord(source) || source.id !== id || typeof source.status !== 'string') {
      throw corruptError(where, `sources[${JSON.stringify(id)}] is not a source state (needs id and status)`);
    }
  }
  if (!Array.isArray(value.blocked)) throw corruptError(where, '"blocked" must be an array');
  if (!Array.isArray(value.health)) throw corruptError(where, '"health" must be an array');
  if (value.lastRun !== null && !isRecord(value.lastRun)) throw corruptError(where, '"lastRun" must be an object or null');
  if (value.spamLessons !== undefined && (!Array.isArray(value.spamLessons) || !value.spamLessons.every((lesson) => isRecord(lesson) && (lesson.label === 'spam' || lesson.label === 'ham')))) {
    throw corruptError(where, '"spamLessons" must be an array of {label: "spam"|"ham", title, text}');
  }
  return value as unknown as StoreState;
}

/** The fields every query and index relies on; the rest is carried as given. */
export function checkItem(value: unknown, where: string, at: string): StoredItem {
  if (!isRecord(value)) throw corruptError(where, `${at} is not an object`);
  const { uid, sourceId, key, date } = value;
  if (typeof sourceId !== 'string' || typeof key !== 'string' || typeof date !== 'string') {
    throw corruptError(where, `${at} lacks sourceId, key or date`);
  }
  if (uid !== itemUid(sourceId, key)) throw corruptError(where, `${at} has a uid that does not match its sourceId and key`);
  if (value.duplicateOf !== null && typeof value.duplicateOf !== 'string') throw corruptError(where, `${at} has a bad duplicateOf`);
  if (value.quarantine !== null && !isRecord(value.quarantine)) throw corruptError(where, `${at} has a bad quarantine`);
  return value as unknown as StoredItem;
}

export function validateItemsFile(value: unknown, where: string): StoredItem[] {
  if (!isRecord(value)) throw corruptError(where, 'expected a JSON object with schemaVersion and items');
  checkSchemaVersion(value.schemaVersion, where);
  if (!Array.isArray(value.items)) throw corruptError(where, '"items" must be an array');
  const seen = new Set<string>();
  return value.items.map((item, index) => {
    const checked = checkItem(item, where, `items[${index}]`);
    if (seen.has(checked.uid)) throw corruptError(where, `items[${index}] repeats uid ${JSON.stringify(checked.uid)}`);
    seen.add(checked.uid);
    return checked;
  });
}

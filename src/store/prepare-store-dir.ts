/**
 * The preamble both drivers run before opening a store directory: create it, refuse a directory that
 * holds the other driver's store (a config that names the wrong driver must not start an empty store
 * beside the real one), and remove temp files a killed process left behind.
 */
import { promises as fs } from 'node:fs';
import { FeedloomError } from '../core/errors.js';
import { removeStaleTempFiles } from './atomic-write.js';
import { ITEMS_FILE, SQLITE_FILE, STATE_FILE } from './file-names.js';
import type { StoreDriver } from './store-contract.js';

export async function prepareStoreDir(dir: string, driver: FileDriver, allowOtherDriver: boolean): Promise<void> {
  await fs.mkdir(dir, { recursive: true }).catch((error: NodeJS.ErrnoException) => {
    throw new FeedloomError('E_STORE_IO', `cannot create the store directory (${error.code})`, { where: dir, cause: error });
  });
  if (!allowOtherDriver) refuseOtherDriver(dir, driver, new Set(await fs.readdir(dir)));
  await removeStaleTempFiles(dir);
}

/** The drivers that keep their store in a directory. */
type FileDriver = Exclude<StoreDriver, 'postgres'>;

const STORE_FILES: Record<FileDriver, string[]> = { json: [STATE_FILE, ITEMS_FILE], sqlite: [SQLITE_FILE] };
const DRIVER_NAMES: Record<FileDriver, string> = { json: 'JSON', sqlite: 'SQLite' };

function refuseOtherDriver(dir: string, driver: FileDriver, names: Set<string>): void {
  const other: FileDriver = driver === 'json' ? 'sqlite' : 'json';
  const holds = (which: FileDriver) => STORE_FILES[which].some((file) => names.has(file));
  if (holds(driver) || !holds(other)) return;
  throw new FeedloomError(
    'E_CONFIG',
    `holds a ${DRIVER_NAMES[other]} store (${STORE_FILES[other].join(', ')}) but store.driver is "${driver}"; set store.driver to "${other}" or run \`feedloom store migrate --to ${driver}\``,
    { where: dir },
  );
}

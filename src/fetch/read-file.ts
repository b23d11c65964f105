/**
 * Read a local feed file (sources made by other tools) under the same size cap as a fetch. The size
 * is checked before reading and again while reading, in case the file grows in between.
 */
import { open } from 'node:fs/promises';
import { FeedloomError } from '../core/errors.js';
import { formatBytes } from './read-body.js';

export async function readFeedFile(path: string, maxBytes: number): Promise<Buffer> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : `cannot open (${code ?? cause})`;
    throw new FeedloomError('E_FILE', reason, { where: path, cause });
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw new FeedloomError('E_FILE', 'not a regular file', { where: path });
    if (stats.size > maxBytes) {
      throw new FeedloomError('E_TOO_LARGE', `the file is ${formatBytes(stats.size)}, over the ${formatBytes(maxBytes)} cap`, { where: path });
    }
    const chunks: Buffer[] = [];
    let length = 0;
    for (;;) {
      const { bytesRead, buffer } = await handle.read(Buffer.alloc(Math.min(1024 * 1024, maxBytes + 1 - length)), 0, undefined, null);
      if (bytesRead === 0) break;
      chunks.push(buffer.subarray(0, bytesRead));
      length += bytesRead;
      if (length > maxBytes) throw new FeedloomError('E_TOO_LARGE', `the file grew past the ${formatBytes(maxBytes)} cap while being read`, { where: path });
    }
    return Buffer.concat(chunks, length);
  } catch (error) {
    if (error instanceof FeedloomError) throw error;
    throw new FeedloomError('E_FILE', `cannot read (${(error as Error).message})`, { where: path, cause: error });
  } finally {
    await handle.close();
  }
}

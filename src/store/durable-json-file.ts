/**
 * lowdb's Adapter with the durability steno lacks (fixed temp name, no fsync: lowdb#549): every
 * write goes through writeFileAtomic, and every read is checked before lowdb sees it.
 */
import { promises as fs } from 'node:fs';
import type { Adapter } from 'lowdb';
import { FeedloomError } from '../core/errors.js';
import { nodeIo, writeFileAtomic, type AtomicWriteIo } from './atomic-write.js';
import { parseStoreText } from './shape.js';

export interface DurableJsonFileOptions<T> {
  validate: (value: unknown, where: string) => T;
  /** Pretty output for files operators read (state); compact for the big items file. */
  indent?: number;
  io?: AtomicWriteIo;
}

export class DurableJsonFile<T> implements Adapter<T> {
  /** The text last read or written, so an unchanged write costs nothing. */
  private lastText: string | null = null;

  constructor(
    readonly path: string,
    private readonly options: DurableJsonFileOptions<T>,
  ) {}

  async read(): Promise<T | null> {
    let text: string;
    try {
      text = await fs.readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new FeedloomError('E_STORE_IO', `cannot read (${(error as NodeJS.ErrnoException).code})`, { where: this.path, cause: error });
    }
    const value = this.options.validate(parseStoreText(text, this.path), this.path);
    this.lastText = text;
    return value;
  }

  async write(data: T): Promise<void> {
    const text = JSON.stringify(data, null, this.options.indent) + '\n';
    if (text === this.lastText) return;
    await writeFileAtomic(this.path, text, this.options.io ?? nodeIo);
    this.lastText = text;
  }
}

/**
 * A cheap look at a file's ends, without parsing it: catches empty, NUL-filled and truncated files
 * at open, so a run refuses before it fetches anything. Returns the problem, or null.
 */
export async function sniffJsonFile(file: string): Promise<string | null> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new FeedloomError('E_STORE_IO', `cannot read (${(error as NodeJS.ErrnoException).code})`, { where: file, cause: error });
  }
  try {
    const { size } = await handle.stat();
    if (size === 0) return 'the file is empty';
    const span = Math.min(size, 4096);
    const head = Buffer.alloc(span);
    const tail = Buffer.alloc(span);
    await handle.read(head, 0, span, 0);
    await handle.read(tail, 0, span, size - span);
    if (head.includes(0) || tail.includes(0)) return 'the file contains NUL bytes (a torn write or disk damage)';
    const first = head.toString('utf8').trimStart()[0];
    const last = tail.toString('utf8').trimEnd().slice(-1);
    if (first !== '{' || last !== '}') return 'the file is not a complete JSON object (truncated?)';
    return null;
  } finally {
    await handle.close();
  }
}

/**
 * Parsing off the main thread (issue 7): `parseFeed` on worker threads, so the main thread, which
 * fetches, filters, dedupes and stores, never waits for a tokenizer. Same answers as calling
 * `parseFeed` directly: the ParsedFeed crosses the thread boundary as plain data, and so do errors,
 * which are rebuilt here with their code, message, `where` and cause.
 *
 * A small run parses in-process: until `inProcessBytes` have been submitted no worker is started,
 * because a worker's start-up (loading the parser in a fresh isolate) costs more than parsing a
 * few feeds. The bodies are transferred, not copied: the pool owns a body once `parse` is called.
 * `prepare` runs prepareFeed (parse, normalise and, when asked, each item's analysis: pure
 * functions of plain data) there instead: the main thread then receives items ready for filter and
 * dedupe. In-process it never analyses: ingest works out what it needs, and nothing for unchanged items.
 */
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { ERROR_CODES, FeedloomError, toFeedloomError, type ErrorCode } from '../core/errors.js';
import type { ParsedFeed } from '../core/types.js';
import { addStageTotals, timeStage, type StageTotals } from '../core/stage-clock.js';
import type { ParseOptions } from './parse-feed.js';
import type { PreparedFeed, PrepareOptions } from './prepare-feed.js';

export type ParseHints = ParseOptions;

export interface ParsePoolOptions {
  /** Worker threads; 0 parses in-process. Default min(2, os.availableParallelism()). */
  size?: number;
  /**
   * Bytes parsed in-process before the workers start. A worker's start (a fresh isolate loading
   * the parser and the analysis) takes ~70 ms and ~80 ms of CPU (4 December, 2-vCPU bench
   * machine; ~220 ms on the earlier one): 256 KiB keeps a run of a few feeds free of workers. At 2
   * MiB a run whose changed feeds go past it parsed its first ~14 feeds on the main thread, which
   * is the busy thread of such a run: churn (100 of 1,000 feeds changed) took 2.66 s with 2 MiB and
   * 2.42 s with 256 KiB, back to back.
   */
  inProcessBytes?: number;
  /**
   * Feeds handed to one worker at once. Above 1, the next feed waits inside the worker, so it does
   * not idle while a busy main thread gets round to sending one; such a feed goes as a copy (only a
   * feed sent to an idle worker is moved), so a crash can requeue it: only the feed being parsed fails.
   */
  maxInFlightPerWorker?: number;
  /** V8 old-generation cap per worker (MB): a document that needs more fails alone with E_TOO_LARGE. */
  maxWorkerHeapMb?: number;
}

export interface ParsePoolStats {
  inProcess: number;
  inWorkers: number;
  workersStarted: number;
  crashes: number;
}

export type { PreparedFeed, PrepareOptions } from './prepare-feed.js';

export interface ParsePool {
  /** Takes ownership of `body`: its bytes may be moved to a worker and read as empty afterwards. */
  parse(body: Uint8Array, hints?: ParseHints): Promise<ParsedFeed>;
  /** prepareFeed on the same terms as `parse`: parse, normalise and (on a worker, when asked) analyse. */
  prepare(body: Uint8Array, hints: ParseHints, options: PrepareOptions): Promise<PreparedFeed>;
  /** Terminates every worker, even mid-parse; feeds not yet parsed fail with E_INTERNAL. */
  close(): Promise<void>;
  stats(): ParsePoolStats;
}

/** An error as plain data: what survives postMessage of a FeedloomError and its cause chain. */
export interface SerialisedError {
  name: string;
  message: string;
  stack?: string;
  code?: string;
  where?: string;
  status?: number;
  retryAfterMs?: number;
  cause?: SerialisedError;
}

export interface ParseJobMessage {
  id: number;
  body: Uint8Array;
  hints: ParseHints;
  /** Null: parse only. */
  prepare: PrepareOptions | null;
}

/** A parse job's answer: the feed (parse only) or the prepared feed. */
type Outcome = { feed: ParsedFeed; prepared: null } | { feed: null; prepared: PreparedFeed };

export type ParseWorkerMessage =
  | { kind: 'ready' }
  | ({ kind: 'parsed'; id: number; stageTotals?: StageTotals | null } & Outcome)
  | { kind: 'failed'; id: number; error: SerialisedError };

const DEFAULT_IN_PROCESS_BYTES = 256 * 1024;
const DEFAULT_MAX_IN_FLIGHT_PER_WORKER = 2;

const WORKER_URL = new URL('./parse-worker.js', import.meta.url);

interface Job {
  id: number;
  /** Intact until the job is transferred to an idle, ready worker; only then is it moved. */
  body: Uint8Array;
  hints: ParseHints;
  prepare: PrepareOptions | null;
  resolve(outcome: Outcome): void;
  reject(error: unknown): void;
}

interface Slot {
  worker: Worker;
  /** The worker has loaded the parser. */
  ready: boolean;
  /** Oldest first: the head is the feed the worker is parsing (it reads its port in order). */
  inFlight: Job[];
  error: Error | null;
}

export function createParsePool(options: ParsePoolOptions = {}): ParsePool {
  const size = checkedInteger('size', options.size ?? Math.min(2, os.availableParallelism()), 0);
  const inProcessBytes = checkedInteger('inProcessBytes', options.inProcessBytes ?? DEFAULT_IN_PROCESS_BYTES, 0);
  const maxInFlight = checkedInteger('maxInFlightPerWorker', options.maxInFlightPerWorker ?? DEFAULT_MAX_IN_FLIGHT_PER_WORKER, 1);
  const heapMb = options.maxWorkerHeapMb === undefined ? undefined : checkedInteger('maxWorkerHeapMb', options.maxWorkerHeapMb, 8);
  const stats: ParsePoolStats = { inProcess: 0, inWorkers: 0, workersStarted: 0, crashes: 0 };
  const slots: Slot[] = [];
  const queue: Job[] = [];
  let nextId = 0;
  let bytesSeen = 0;
  let useWorkers = false;
  /** Set when a worker dies before it could load the parser: the rest of the run parses in-process. */
  let broken = false;
  let closed = false;

  const parseInProcess = async (body: Uint8Array, hints: ParseHints, prepare: PrepareOptions | null): Promise<Outcome> => {
    stats.inProcess += 1;
    if (prepare === null) {
      const { parseFeed } = await import('./parse-feed.js');
      return { feed: timeStage('parse', () => parseFeed(body, hints)), prepared: null };
    }
    const { prepareFeed } = await import('./prepare-feed.js');
    return { feed: null, prepared: prepareFeed(body, hints, { ...prepare, analyse: false }) };
  };

  const startWorker = (): Slot => {
    const worker = new Worker(WORKER_URL, heapMb === undefined ? {} : { resourceLimits: { maxOldGenerationSizeMb: heapMb } });
    const slot: Slot = { worker, ready: false, inFlight: [], error: null };
    stats.workersStarted += 1;
    worker.on('message', (message: ParseWorkerMessage) => onMessage(slot, message));
    worker.on('error', (error) => (slot.error = error));
    worker.on('exit', (exitCode) => onExit(slot, exitCode));
    worker.unref();
    slots.push(slot);
    return slot;
  };

  const onMessage = (slot: Slot, message: ParseWorkerMessage): void => {
    if (message.kind === 'ready') {
      slot.ready = true;
      return;
    }
    // Empty after close(), which has already failed the feed this answers.
    const job = slot.inFlight.shift();
    if (job === undefined) return;
    if (slot.inFlight.length === 0) slot.worker.unref();
    stats.inWorkers += 1;
    if (message.kind === 'parsed') addStageTotals(message.stageTotals);
    if (message.kind === 'parsed') job.resolve(message.prepared === null ? { feed: message.feed!, prepared: null } : { feed: null, prepared: message.prepared });
    else job.reject(rebuildError(message.error));
    pump();
  };

  const onExit = (slot: Slot, exitCode: number): void => {
    slots.splice(slots.indexOf(slot), 1);
    if (closed) return;
    stats.crashes += 1;
    // A worker that never loaded the parser parsed nothing, and every feed it held is intact (see
    // send): they all go again, in-process, as does the rest of the run. Otherwise only the feed
    // being parsed fails; those waiting behind it were copies and go again.
    if (!slot.ready) broken = true;
    const [current, ...waiting] = slot.inFlight;
    if (current && slot.ready) current.reject(crashError(slot.error, exitCode, current.hints));
    else if (current) waiting.unshift(current);
    queue.unshift(...waiting);
    pump();
  };

  const pump = (): void => {
    while (queue.length > 0) {
      if (broken) {
        const job = queue.shift()!;
        parseInProcess(job.body, job.hints, job.prepare).then(job.resolve, job.reject);
        continue;
      }
      let slot = slots.reduce<Slot | null>((best, candidate) => (best === null || candidate.inFlight.length < best.inFlight.length ? candidate : best), null);
      if (slots.length < size && (slot === null || slot.inFlight.length > 0)) slot = startWorker();
      if (slot === null || slot.inFlight.length >= maxInFlight) return;
      send(slot, queue.shift()!);
    }
  };

  const send = (slot: Slot, job: Job): void => {
    // Moved only to an idle worker that has loaded the parser: if it dies, this feed is the one
    // it was parsing and fails anyway. A feed that waits in a worker goes as a copy, kept here so a
    // crash of the worker can requeue it.
    const moved = slot.ready && slot.inFlight.length === 0 && ownsWholeBuffer(job.body);
    const body = moved ? job.body : new Uint8Array(job.body);
    const message: ParseJobMessage = { id: job.id, body, hints: job.hints, prepare: job.prepare };
    try {
      slot.worker.postMessage(message, [body.buffer as ArrayBuffer]);
    } catch (error) {
      // Hints or normalise options that cannot be cloned (a function, say): a caller's bug, this feed only.
      job.reject(toFeedloomError(error, 'E_INTERNAL', job.hints.url ?? undefined));
      return;
    }
    if (slot.inFlight.length === 0) slot.worker.ref();
    slot.inFlight.push(job);
  };

  const submit = (body: Uint8Array, hints: ParseHints, prepare: PrepareOptions | null): Promise<Outcome> => {
    if (closed) return Promise.reject(new FeedloomError('E_INTERNAL', 'the parse pool is closed', { where: hints.url ?? undefined }));
    bytesSeen += body.byteLength;
    if (!useWorkers && size > 0 && bytesSeen > inProcessBytes) useWorkers = true;
    if (!useWorkers || broken) return parseInProcess(body, hints, prepare);
    return new Promise<Outcome>((resolve, reject) => {
      queue.push({ id: nextId++, body, hints: { ...hints }, prepare, resolve, reject });
      pump();
    });
  };

  return {
    parse: (body, hints = {}) => submit(body, hints, null).then((outcome) => outcome.feed!),
    prepare: (body, hints, options) => submit(body, hints, options).then((outcome) => outcome.prepared!),
    async close() {
      if (closed) return;
      closed = true;
      const pending = [...queue.splice(0), ...slots.flatMap((slot) => slot.inFlight.splice(0))];
      for (const job of pending) {
        job.reject(new FeedloomError('E_INTERNAL', 'the parse pool closed before this feed was parsed', { where: job.hints.url ?? undefined }));
      }
      await Promise.all([...slots].map((slot) => slot.worker.terminate()));
    },
    stats: () => ({ ...stats }),
  };
}

/** Rebuild an error a worker sent as data: a FeedloomError keeps its code, `where` and cause. */
function rebuildError(data: SerialisedError): Error {
  const cause = data.cause === undefined ? undefined : rebuildError(data.cause);
  let error: Error;
  if (data.name === 'FeedloomError' && data.code !== undefined && data.code in ERROR_CODES) {
    error = new FeedloomError(data.code as ErrorCode, data.message, { where: data.where, status: data.status, retryAfterMs: data.retryAfterMs, cause });
  } else {
    const Kind = STANDARD_ERRORS[data.name] ?? Error;
    error = new Kind(data.message, cause === undefined ? undefined : { cause });
    if (error.name !== data.name) error.name = data.name;
  }
  if (data.stack !== undefined) error.stack = data.stack;
  return error;
}

const STANDARD_ERRORS: Record<string, ErrorConstructor> = { Error, TypeError, RangeError, SyntaxError, ReferenceError, EvalError, URIError };

function crashError(error: Error | null, exitCode: number, hints: ParseHints): FeedloomError {
  const where = hints.url ?? undefined;
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ERR_WORKER_OUT_OF_MEMORY') {
    return new FeedloomError('E_TOO_LARGE', 'parsing this feed needed more memory than a parse worker may use', { where, cause: error });
  }
  return new FeedloomError('E_INTERNAL', `the parse worker stopped while parsing this feed (exit code ${exitCode}${error ? `: ${error.message}` : ''})`, { where, cause: error ?? undefined });
}

/**
 * Transferring a view's ArrayBuffer hands over all of it: a Buffer sliced from Node's shared pool,
 * or a subarray, would take its neighbours' bytes along, so those are copied first.
 */
function ownsWholeBuffer(body: Uint8Array): boolean {
  return body.byteOffset === 0 && body.byteLength === body.buffer.byteLength && body.buffer instanceof ArrayBuffer;
}

function checkedInteger(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min) {
    throw new FeedloomError('E_CONFIG', `Expected \`${name}\` to be an integer from ${min} up, got ${String(value)}`);
  }
  return value;
}

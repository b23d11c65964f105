/**
 * The parse worker of parse-pool.ts: one `parseFeed` (or, when asked, `prepareFeed`: parse,
 * normalise and analyse) per message, answered in the order received (the pool relies on it to know which feed a crash was
 * parsing). Errors go back as plain data: postMessage would keep only an Error's name, message and
 * stack, losing the code and `where`.
 */
import { parentPort } from 'node:worker_threads';
import { FeedloomError } from '../core/errors.js';
import { takeStageTotals, timeStage } from '../core/stage-clock.js';
import { parseFeed } from './parse-feed.js';
import { prepareFeed } from './prepare-feed.js';
import type { ParseJobMessage, ParseWorkerMessage, SerialisedError } from './parse-pool.js';

/** Deeper cause chains are cut: a cause that causes itself must not recurse forever. */
const MAX_CAUSE_DEPTH = 8;

const port = parentPort;
if (port === null) throw new Error('parse-worker.js runs only as a worker thread started by parse-pool.js');

port.on('message', (job: ParseJobMessage) => {
  let reply: ParseWorkerMessage;
  try {
    if (job.prepare === null) {
      const feed = timeStage('parse', () => parseFeed(job.body, job.hints));
      reply = { kind: 'parsed', id: job.id, feed, prepared: null, stageTotals: takeStageTotals() };
    } else {
      reply = { kind: 'parsed', id: job.id, feed: null, prepared: prepareFeed(job.body, job.hints, job.prepare), stageTotals: takeStageTotals() };
    }
  } catch (error) {
    reply = { kind: 'failed', id: job.id, error: serialiseError(error, 0) };
  }
  port.postMessage(reply);
});
port.postMessage({ kind: 'ready' } satisfies ParseWorkerMessage);

function serialiseError(value: unknown, depth: number): SerialisedError {
  if (!(value instanceof Error)) return { name: 'Error', message: String(value) };
  const data: SerialisedError = { name: value.name, message: value.message, stack: value.stack };
  if (value instanceof FeedloomError) {
    data.code = value.code;
    if (value.where !== undefined) data.where = value.where;
    if (value.status !== undefined) data.status = value.status;
    if (value.retryAfterMs !== undefined) data.retryAfterMs = value.retryAfterMs;
  }
  if (value.cause !== undefined && depth < MAX_CAUSE_DEPTH) data.cause = serialiseError(value.cause, depth + 1);
  return data;
}

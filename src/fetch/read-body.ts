/**
 * Read a response body through at most one decoder, counting *decoded* bytes against the cap, so a
 * 2 KiB brotli or 1 MiB gzip bomb stops at the cap with flat memory (R04, R09; miniflux applies its
 * MaxBytesReader after the gzip reader for the same reason). Streams are destroyed the moment the
 * cap is passed, which also closes the socket.
 */
import { pipeline, type Readable } from 'node:stream';
import zlib from 'node:zlib';
import { FeedloomError } from '../core/errors.js';
import { classifyNetworkError } from './network-errors.js';
import type { ContentCoding } from './response-headers.js';

/** Bytes read from an error page to recognise a bot wall; the rest is discarded. */
const SAMPLE_BYTES = 64 * 1024;

/** Thrown inside the loop when the cap is reached and the caller wants only a prefix. */
class SampleFull extends Error {}

function createDecoder(coding: ContentCoding, firstByte: number | undefined): zlib.Gunzip | zlib.Inflate | zlib.InflateRaw | zlib.BrotliDecompress {
  // Flush on a clean end only; a stream cut short is an error, not a shorter document.
  if (coding === 'gzip') return zlib.createGunzip();
  if (coding === 'br') return zlib.createBrotliDecompress();
  // "deflate" should be zlib-wrapped (RFC 9110 §8.4.1.2), but some servers send raw deflate.
  return firstByte !== undefined && (firstByte & 0x0f) === 0x08 ? zlib.createInflate() : zlib.createInflateRaw();
}

async function firstChunk(body: Readable): Promise<Buffer | null> {
  // destroyOnReturn: false keeps the stream open for the decoder after this peek.
  for await (const chunk of body.iterator({ destroyOnReturn: false })) {
    return chunk as Buffer;
  }
  return null;
}

/**
 * Read the whole body, decoded. E_TOO_LARGE past `maxBytes` decoded bytes, E_DECODE when the
 * coding is broken (a plain body labelled gzip), E_TRUNCATED/E_NETWORK when the transport fails.
 */
export async function readDecodedBody(body: Readable, coding: ContentCoding | null, maxBytes: number, where: string): Promise<Buffer> {
  return collect(body, coding, maxBytes, where, false);
}

/** Up to `SAMPLE_BYTES` of a decoded body, for classifying an error page; never throws. */
export async function sampleBody(body: Readable, coding: ContentCoding | null, where: string): Promise<string> {
  try {
    return (await collect(body, coding, SAMPLE_BYTES, where, true)).toString('utf8');
  } catch {
    return '';
  }
}

async function collect(body: Readable, coding: ContentCoding | null, maxBytes: number, where: string, prefixOnly: boolean): Promise<Buffer> {
  let transportError: unknown = null;
  body.on('error', (error) => {
    transportError ??= error;
  });
  const chunks: Buffer[] = [];
  let total = 0;
  let stream: Readable = body;
  let decoder: ReturnType<typeof createDecoder> | null = null;
  try {
    if (coding) {
      // Peek one chunk to tell zlib-wrapped from raw deflate, then feed it back in front of the rest.
      const head = await firstChunk(body);
      if (head === null) return Buffer.alloc(0);
      decoder = createDecoder(coding, head[0]);
      decoder.write(head);
      stream = pipeline(body, decoder, () => undefined);
    }
    for await (const chunk of stream) {
      const buffer = chunk as Buffer;
      total += buffer.length;
      if (total > maxBytes) {
        if (prefixOnly) {
          chunks.push(buffer.subarray(0, buffer.length - (total - maxBytes)));
          throw new SampleFull();
        }
        throw new FeedloomError('E_TOO_LARGE', `the body is larger than the ${formatBytes(maxBytes)} cap (decoded)`, { where });
      }
      chunks.push(buffer);
    }
    return Buffer.concat(chunks);
  } catch (error) {
    if (error instanceof SampleFull) return Buffer.concat(chunks);
    if (error instanceof FeedloomError) throw error;
    if (transportError !== null) throw classifyNetworkError(transportError, 'body', where);
    if (decoder !== null) {
      const message = error instanceof Error ? error.message : String(error);
      throw new FeedloomError('E_DECODE', `the body is not valid ${coding} (${message})`, { where, cause: error });
    }
    throw classifyNetworkError(error, 'body', where);
  } finally {
    // Destroying both ends stops a bomb or an endless body at once and releases the socket.
    if (!body.readableEnded) body.destroy();
    decoder?.destroy();
  }
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${+(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}

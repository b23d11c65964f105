/** Issue 15 item 9: a warning never lands on the progress bar's line; text log lines off a terminal carry the time. */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgress } from '../../src/cli/progress.js';
import { createLogger } from '../../src/pipeline/logger.js';

function terminal(): { stream: NodeJS.WriteStream; text: () => string } {
  const stream = new PassThrough() as unknown as NodeJS.WriteStream & PassThrough;
  stream.isTTY = true;
  let text = '';
  stream.on('data', (chunk) => (text += chunk));
  return { stream, text: () => text };
}

describe('progress bar', () => {
  it('clears its line before another write and redraws itself after', async () => {
    const { stream, text } = terminal();
    const progress = createProgress(stream)!;
    progress.update(1, 10, 0);
    stream.write('warn: [a] E_TIMEOUT: slow\n');
    progress.done();
    stream.write('after\n');
    await new Promise((resolve) => setImmediate(resolve));
    expect(text()).toContain('\r\x1b[Kwarn: [a] E_TIMEOUT: slow\n\r[');
    expect(text().endsWith('\r\x1b[Kafter\n')).toBe(true);
  });
});

describe('text log lines', () => {
  it('start with an ISO time when the stream is not a terminal', async () => {
    const stream = new PassThrough();
    let text = '';
    stream.on('data', (chunk) => (text += chunk));
    createLogger({ json: false, stream }).log('warn', 'slow', { source: 'a' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(text).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z warn: \[a\] slow\n$/);
  });

  it('carry no time on a terminal', async () => {
    const { stream, text } = terminal();
    createLogger({ json: false, stream }).log('warn', 'slow');
    await new Promise((resolve) => setImmediate(resolve));
    expect(text()).toBe('warn: slow\n');
  });
});

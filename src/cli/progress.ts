/**
 * A one-line progress bar for terminals; never used when stderr is not a TTY (cron, pipes).
 * While the bar is drawn, any other write to the stream (a warning logged mid-run) first clears the
 * bar's line and then redraws the bar below it, so the message never lands on the bar.
 */
export function createProgress(stream: NodeJS.WriteStream): { update: (done: number, total: number, failed: number) => void; done: () => void } | null {
  if (!stream.isTTY) return null;
  let bar = '';
  const write = stream.write.bind(stream) as (chunk: string) => boolean;
  stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    if (!bar) return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
    write('\r\x1b[K');
    const written = (write as (...args: unknown[]) => boolean)(chunk, ...rest);
    write(bar);
    return written;
  }) as typeof stream.write;
  return {
    update(done, total, failed) {
      if (total < 5) return;
      const width = 24;
      const filled = Math.round((done / total) * width);
      bar = `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} sources${failed ? `, ${failed} failed` : ''}  `;
      write(bar);
    },
    done() {
      if (bar) write('\r\x1b[K');
      bar = '';
      stream.write = write as typeof stream.write;
    },
  };
}

/** A one-line progress bar for terminals; never used when stderr is not a TTY (cron, pipes). */
export function createProgress(stream: NodeJS.WriteStream): { update: (done: number, total: number, failed: number) => void; done: () => void } | null {
  if (!stream.isTTY) return null;
  let drawn = false;
  return {
    update(done, total, failed) {
      if (total < 5) return;
      const width = 24;
      const filled = Math.round((done / total) * width);
      stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} sources${failed ? `, ${failed} failed` : ''}  `);
      drawn = true;
    },
    done() {
      if (drawn) stream.write('\r\x1b[K');
    },
  };
}

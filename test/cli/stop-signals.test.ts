/** The stop listener behind `run`'s SIGTERM/SIGINT handling: the first signal stops, later ones are only heard. */
import { describe, expect, it } from 'vitest';
import { EXIT_FOR_SIGNAL, listenForStop } from '../../src/cli/stop-signals.js';

describe('listenForStop', () => {
  it('aborts on the first signal, hands every later one to onRepeat, and lets go on dispose', () => {
    const repeats: string[] = [];
    const before = process.listenerCount('SIGTERM');
    const stop = listenForStop((signal) => repeats.push(signal));
    expect(stop.received()).toBeNull();
    process.emit('SIGTERM');
    expect(stop.signal.aborted).toBe(true);
    expect(stop.signal.reason).toBe('SIGTERM');
    process.emit('SIGINT');
    process.emit('SIGTERM');
    // The first signal decides the exit code; Ctrl-C after a SIGTERM does not change it.
    expect(stop.received()).toBe('SIGTERM');
    expect(repeats).toEqual(['SIGINT', 'SIGTERM']);
    stop.dispose();
    expect(process.listenerCount('SIGTERM')).toBe(before);
    expect(EXIT_FOR_SIGNAL).toEqual({ SIGINT: 130, SIGTERM: 143 });
  });
});

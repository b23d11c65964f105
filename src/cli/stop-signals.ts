/**
 * SIGTERM (cron and systemd time-outs, `docker stop`) and SIGINT (Ctrl-C) for one-shot commands:
 * the first one asks the work to stop at a safe point, and the process exits with 128 + the signal
 * number, as a shell reports a process killed by it, so a caller can tell a stopped run from a done one.
 */
import { EXIT } from '../core/exit-codes.js';

export type StopSignal = 'SIGTERM' | 'SIGINT';

export interface StopListener {
  /** Aborted (with the signal's name as its reason) by the first SIGTERM or SIGINT. */
  signal: AbortSignal;
  /** The signal that came, or null. */
  received(): StopSignal | null;
  dispose(): void;
}

export const EXIT_FOR_SIGNAL: Record<StopSignal, number> = { SIGINT: EXIT.INTERRUPTED, SIGTERM: EXIT.TERMINATED };

/** `onRepeat` hears every signal after the first: the safe point is still being reached. */
export function listenForStop(onRepeat: (signal: StopSignal) => void): StopListener {
  const controller = new AbortController();
  let first: StopSignal | null = null;
  const handlers = (['SIGTERM', 'SIGINT'] as const).map((name) => {
    const handler = () => {
      if (first !== null) return onRepeat(name);
      first = name;
      controller.abort(name);
    };
    process.on(name, handler);
    return () => process.off(name, handler);
  });
  return {
    signal: controller.signal,
    received: () => first,
    dispose: () => handlers.forEach((off) => off()),
  };
}

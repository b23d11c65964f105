/**
 * Colour for a person at a terminal, never for cron mail, pipes or log files. NO_COLOR (set and not
 * empty, no-color.org) always wins; FORCE_COLOR, as Node and most CLI tools read it, forces colour
 * on ("1", or empty) or off ("0", "false") where the TTY test would decide otherwise.
 */
import type { SourceStatus } from '../core/types.js';

export type Paint = (text: string) => string;

export interface Palette {
  enabled: boolean;
  red: Paint;
  yellow: Paint;
  green: Paint;
  dim: Paint;
}

export function colourEnabled(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return stream.isTTY === true && env.TERM !== 'dumb';
}

/** SGR codes, each closed by its own reset so a painted cell never bleeds into the next. */
const sgr = (open: number, close: number): Paint => (text) => `\x1b[${open}m${text}\x1b[${close}m`;
const plain: Paint = (text) => text;

export function paletteFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): Palette {
  if (!colourEnabled(stream, env)) return { enabled: false, red: plain, yellow: plain, green: plain, dim: plain };
  return { enabled: true, red: sgr(31, 39), yellow: sgr(33, 39), green: sgr(32, 39), dim: sgr(2, 22) };
}

/** Green is healthy, yellow will likely sort itself out, red needs the operator, dim is out of play. */
export function paintState(palette: Palette, state: SourceStatus | 'disabled', text: string): string {
  switch (state) {
    case 'ok':
    case 'not-modified':
      return palette.green(text);
    case 'failing':
    case 'rate-limited':
    case 'moved':
      return palette.yellow(text);
    case 'needs-operator':
    case 'dead':
      return palette.red(text);
    case 'gone':
    case 'disabled':
      return palette.dim(text);
    default:
      return text;
  }
}

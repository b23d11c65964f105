/**
 * A small argument parser: `--flag`, `--key value`, `--key=value`, repeatable keys collect into
 * arrays. Unknown flags are checked by each command against its own list (`expectFlags`).
 */
import { nearest } from '../config/nearest.js';
import { FeedloomError } from '../core/errors.js';

export interface ParsedArgs {
  positionals: string[];
  flags: Record<string, string | boolean | string[]>;
  /** Value flags given without a value; reported by `expectFlags` after unknown names, so a typo reads as a typo. */
  missingValue: string[];
}

/** Flags that never take a value. */
export const BOOLEAN_FLAGS: ReadonlySet<string> = new Set(['help', 'list', 'json', 'force', 'strict', 'repair', 'watch', 'quiet', 'verbose', 'no-progress', 'dry-run', 'allow-local-paths', 'from-scratch', 'operator-files', 'no-emit']);

export function parseArgs(argv: string[]): ParsedArgs {
  const positionals: string[] = [];
  const flags: ParsedArgs['flags'] = {};
  const missingValue: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '-h') {
      flags.help = true;
      continue;
    }
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const key = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    let value: string | boolean;
    if (eq !== -1) value = arg.slice(eq + 1);
    else if (BOOLEAN_FLAGS.has(key)) value = true;
    else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) value = argv[++i];
    else {
      missingValue.push(key);
      value = true;
    }
    const previous = flags[key];
    if (previous === undefined) flags[key] = value;
    else flags[key] = [...(Array.isArray(previous) ? previous : [String(previous)]), String(value)];
  }
  return { positionals, flags, missingValue };
}

/** Refuse flags a command does not know, naming them (a typo must not silently do nothing). */
export function expectFlags(args: ParsedArgs, known: readonly string[], command: string): void {
  for (const key of Object.keys(args.flags)) {
    if (key !== 'help' && !known.includes(key)) {
      const guess = nearest(key, [...known]);
      if (guess) throw new FeedloomError('E_USAGE', `unknown option --${key} (did you mean --${guess}?)`);
      throw new FeedloomError('E_USAGE', `unknown option --${key} for \`feedloom ${command}\` (known: ${known.map((k) => `--${k}`).join(', ') || 'none'})`);
    }
  }
  const [missing] = args.missingValue;
  if (missing !== undefined) throw new FeedloomError('E_USAGE', `--${missing} needs a value`);
}

export function stringFlag(args: ParsedArgs, key: string): string | undefined {
  const value = args.flags[key];
  if (value === undefined || typeof value === 'boolean') return undefined;
  return Array.isArray(value) ? value[value.length - 1] : value;
}

export function listFlag(args: ParsedArgs, key: string): string[] {
  const value = args.flags[key];
  if (value === undefined || typeof value === 'boolean') return [];
  return Array.isArray(value) ? value : [value];
}

import { DAY_MS, DEFAULTS, HOUR_MS, MINUTE_MS } from './defaults.js';

const UNIT_MS: Record<string, number> = { s: 1000, m: MINUTE_MS, h: HOUR_MS, d: DAY_MS };

let defaultIntervalMs: number | 'auto' | undefined;

/** "15m" | "2h" | 30 (minutes) | "auto" → ms or 'auto'. Bounds are applied by the scheduler. */
export function parseInterval(value: string | number | undefined): number | 'auto' {
  if (value === undefined) return (defaultIntervalMs ??= parseInterval(DEFAULTS.interval));
  if (value === 'auto') return 'auto';
  if (typeof value === 'number') return value * MINUTE_MS;
  const match = /^(\d+(?:\.\d+)?)\s*(s|m|h|d)$/.exec(value);
  if (!match) throw new Error(`invalid interval ${value}`);
  return Number(match[1]) * UNIT_MS[match[2]];
}

/** When feedloom colours its output: NO_COLOR (no-color.org) over FORCE_COLOR over the TTY test. */
import { describe, expect, it } from 'vitest';
import { colourEnabled, paintState, paletteFor } from '../../src/cli/colour.js';

const tty = { isTTY: true };
const pipe = { isTTY: false };

describe('colourEnabled', () => {
  it.each([
    ['a terminal', tty, {}, true],
    ['a pipe', pipe, {}, false],
    ['a dumb terminal', tty, { TERM: 'dumb' }, false],
    ['NO_COLOR on a terminal', tty, { NO_COLOR: '1' }, false],
    ['an empty NO_COLOR, which does not count', tty, { NO_COLOR: '' }, true],
    ['FORCE_COLOR=1 on a pipe', pipe, { FORCE_COLOR: '1' }, true],
    ['an empty FORCE_COLOR on a pipe', pipe, { FORCE_COLOR: '' }, true],
    ['FORCE_COLOR=0 on a terminal', tty, { FORCE_COLOR: '0' }, false],
    ['FORCE_COLOR=false on a terminal', tty, { FORCE_COLOR: 'false' }, false],
    ['NO_COLOR over FORCE_COLOR', pipe, { FORCE_COLOR: '1', NO_COLOR: 'yes' }, false],
  ] as const)('%s', (_label, stream, env, expected) => {
    expect(colourEnabled(stream, env)).toBe(expected);
  });
});

describe('paintState', () => {
  const on = paletteFor(tty, {});
  it.each([
    ['ok', '\x1b[32mok\x1b[39m'],
    ['failing', '\x1b[33mfailing\x1b[39m'],
    ['dead', '\x1b[31mdead\x1b[39m'],
    ['disabled', '\x1b[2mdisabled\x1b[22m'],
    ['new', 'new'],
  ] as const)('%s', (state, painted) => {
    expect(paintState(on, state, state)).toBe(painted);
  });

  it('paints nothing when colour is off', () => {
    expect(paintState(paletteFor(pipe, {}), 'dead', 'dead')).toBe('dead');
  });
});

import { describe, expect, it } from 'vitest';
import { parseDate } from '../../src/normalise/date.js';

describe('parseDate', () => {
  const readable: Array<[string, string]> = [
    ['Sat, 13 Dec 2003 18:30:02 GMT', '2003-12-13T18:30:02.000Z'],
    ['Sat, 13 Dec 2003 18:30:02 +0100', '2003-12-13T17:30:02.000Z'],
    ['Sat, 13 Dec 2003 13:30:02 EST', '2003-12-13T18:30:02.000Z'],
    ['Sat, 13 Dec 2003 11:30:02 PDT', '2003-12-13T18:30:02.000Z'],
    ['13 Dec 2003 18:30 Z', '2003-12-13T18:30:00.000Z'],
    ['13 Dec 03 18:30:02 GMT', '2003-12-13T18:30:02.000Z'],
    ['13 Dec 95 18:30:02 GMT', '1995-12-13T18:30:02.000Z'],
    ['Sat, 13 Dec 2003 19:30:02 A', '2003-12-13T20:30:02.000Z'],
    ['Sat, 13 Dec 2003 18:30:02 GMT-05:00', '2003-12-13T23:30:02.000Z'],
    ['Dec 13 2003 18:30:02 GMT', '2003-12-13T18:30:02.000Z'],
    ['Sat, 13 Dec 2003', '2003-12-13T00:00:00.000Z'],
    ['2003', '2003-01-01T00:00:00.000Z'],
    ['2003-12', '2003-12-01T00:00:00.000Z'],
    ['2003-12-13', '2003-12-13T00:00:00.000Z'],
    ['2003-12-13T18:30Z', '2003-12-13T18:30:00.000Z'],
    ['2003-12-13T18:30:02.25+01:00', '2003-12-13T17:30:02.000Z'],
    ['2003-12-13T18:30:02', '2003-12-13T18:30:02.000Z'],
    ['2003-12-13 18:30:02', '2003-12-13T18:30:02.000Z'],
    ['2003-07-01 T 01:55:07-05:00', '2003-07-01T06:55:07.000Z'],
    ['20031213T183002Z', '2003-12-13T18:30:02.000Z'],
    ['Sun Jan  4 16:29:06 PST 2004', '2004-01-05T00:29:06.000Z'],
    ['2999-01-01T00:00:00Z', '2999-01-01T00:00:00.000Z'],
    ['1970-01-01T00:00:00Z', '1970-01-01T00:00:00.000Z'],
  ];
  for (const [input, expected] of readable) {
    it(`reads "${input}"`, () => expect(parseDate(input)).toBe(expected));
  }

  const unreadable = ['', '   ', 'yesterday', 'Mon, 31 Feb 2003 10:00:00 GMT', '0000-01-01T00:00:00Z', '2003-13-01', '1518478934', 'Sat, 13 Dec 2003 25:00:00 GMT', 'not a date at all'];
  for (const input of unreadable) {
    it(`R42 gives null for "${input}"`, () => expect(parseDate(input)).toBeNull());
  }

  it('gives null for null and undefined', () => {
    expect(parseDate(null)).toBeNull();
    expect(parseDate(undefined)).toBeNull();
  });
});

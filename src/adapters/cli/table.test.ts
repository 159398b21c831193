import { describe, expect, it } from 'vitest';
import { table } from './table.js';

describe('table', () => {
  it('pads every column but the last to its widest cell, two spaces apart, without trailing blanks', () => {
    expect(table(['A', 'LONGER', 'C'], [['xyz', 'b', 'last cell'], ['', '', ''], ['q', 'wider-than-head']])).toBe(
      ['A    LONGER           C', 'xyz  b                last cell', '', 'q    wider-than-head'].join('\n'),
    );
  });

  it('a row longer than the header keeps its extra cells unpadded; no rows: the header alone', () => {
    expect(table(['A', 'B'], [['1', '2', '3', '4']])).toBe('A  B\n1  2  3  4');
    expect(table(['NAME', 'X '], [])).toBe('NAME  X');
  });
});

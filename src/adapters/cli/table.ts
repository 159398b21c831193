/** Plain-text tables for terminal output. */

/** One row: each cell but the last padded to its column's width, two spaces between, no trailing blanks. */
function line(cells: readonly string[], widths: readonly number[]): string {
  let s = '';
  for (let i = 0; i < cells.length; i++) {
    if (i) s += '  ';
    s += i === cells.length - 1 ? cells[i]! : cells[i]!.padEnd(widths[i] ?? 0);
  }
  return s.trimEnd();
}

/**
 * The header and rows as lines, each column as wide as its widest cell (a
 * row's missing cells count as empty). Built with loops: `models` prints a
 * table of up to ~420 rows at every start of a one-shot answer.
 */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h) => h.length);
  for (const r of rows)
    for (let i = 0; i < widths.length; i++) {
      const n = (r[i] ?? '').length;
      if (n > widths[i]!) widths[i] = n;
    }
  let out = line(header, widths);
  for (const r of rows) out += '\n' + line(r, widths);
  return out;
}

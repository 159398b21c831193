/**
 * "Did you mean …?" — nearest names by edit distance, for error messages.
 */

/**
 * Edit distance with adjacent transpositions (optimal string alignment),
 * case-insensitive, bounded by `max`: "z41" is one edit from "z14".
 */
export function editDistance(a: string, b: string, max = Infinity): number {
  a = a.toLowerCase();
  b = b.toLowerCase();
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => {
    const r = new Array<number>(cols).fill(0);
    r[0] = i;
    return r;
  });
  for (let j = 0; j < cols; j++) d[0]![j] = j;
  for (let i = 1; i < rows; i++) {
    let rowMin = Infinity;
    for (let j = 1; j < cols; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
  }
  return d[a.length]![b.length]!;
}

/**
 * The closest candidates to `wanted`: the best distance first, at most
 * `limit`, and only those within a distance that still looks like a typo
 * (a third of the length, at least 2). Prefix matches rank first.
 */
export function suggest(wanted: string, candidates: Iterable<string>, limit = 3): string[] {
  if (wanted.length > 200) wanted = wanted.slice(0, 200);
  const budget = Math.max(2, Math.ceil(wanted.length / 3));
  const lw = wanted.toLowerCase();
  const scored: { name: string; d: number }[] = [];
  for (const c of candidates) {
    const lc = c.toLowerCase();
    let d = editDistance(wanted, c, budget);
    if (lc === lw) d = 0;
    else if (lw.length >= 2 && lc.startsWith(lw)) d = Math.min(d, 1);
    if (d <= budget) scored.push({ name: c, d });
  }
  scored.sort((x, y) => x.d - y.d || x.name.length - y.name.length || (x.name < y.name ? -1 : 1));
  // only the nearest: a tie stays a tie, a worse match is noise
  const best = scored.length ? scored[0]!.d : 0;
  return scored.filter((s) => s.d === best).slice(0, limit).map((s) => s.name);
}

/**
 * `{ suggestions }` for an error about `wanted`: the nearest names; when none
 * is near, `{ hint: otherwise }` (or nothing). The adapters show the names as
 * "did you mean 'z14'?" (core/errors.ts hintOf).
 */
export function near(wanted: string, candidates: Iterable<string>, otherwise?: string): { suggestions?: string[]; hint?: string } {
  const s = suggest(wanted, candidates, 3);
  return s.length ? { suggestions: s } : otherwise ? { hint: otherwise } : {};
}

/**
 * "Did you mean …?" — nearest names by edit distance, for error messages.
 */

/** Damerau-free Levenshtein distance, case-insensitive, bounded by `max`. */
export function editDistance(a: string, b: string, max = Infinity): number {
  a = a.toLowerCase();
  b = b.toLowerCase();
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (cur[j]! < rowMin) rowMin = cur[j]!;
    }
    if (rowMin > max) return max + 1;
    [prev, cur] = [cur, prev];
  }
  return prev[b.length]!;
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
    else if (lw.length >= 2 && (lc.startsWith(lw) || lw.startsWith(lc))) d = Math.min(d, 1);
    if (d <= budget) scored.push({ name: c, d });
  }
  scored.sort((x, y) => x.d - y.d || x.name.length - y.name.length || (x.name < y.name ? -1 : 1));
  return scored.slice(0, limit).map((s) => s.name);
}

/** " (did you mean 'z14'?)" or "" */
export function didYouMean(wanted: string, candidates: Iterable<string>): string {
  const s = suggest(wanted, candidates, 3);
  if (s.length === 0) return '';
  return ` (did you mean ${s.map((x) => `'${x}'`).join(' or ')}?)`;
}

/*
 * s390x per-generation feature additions (facts only, no logic).
 *
 * One row per hardware generation + GA level ("gen N GA m"), in release order,
 * exactly as QEMU's feature-list generator declares them.  Each row lists only
 * what that row ADDS; entries may be feature names or group names from
 * groups.ts (a group name stands for all of its members).
 *
 * How QEMU turns these additions into the three per-row feature sets
 * (restated in our own words; verified against the 7.2 expansions):
 *
 *   Walk the rows from the first to row n, keeping three running sets
 *   BASE, DEFAULT and FULL, all starting empty.  At each row r:
 *     1. If r carries `dropBeforeAdding`, first remove those features from the
 *        running BASE / DEFAULT sets (this happens once, at gen 15 GA1: the
 *        conditional-SSKE facility leaves BASE and DEFAULT, and branch
 *        prediction blocking leaves DEFAULT; FULL is not touched).
 *     2. BASE    += r.base
 *     3. DEFAULT += r.base + r.default
 *     4. FULL    += r.base + r.full
 *   The sets after processing row n are the base / default / full sets of
 *   every CPU model whose (gen, ga) equals row n.  Note that FULL is built
 *   from base + full additions only (never from the default additions); the
 *   tables are written so that default stays inside full anyway.
 *
 *   base    = "NAME-base" static model (never changes between QEMU versions)
 *   default = "NAME" model for the newest machine type (older machines take
 *             features out of it: machine-compat.ts)
 *   full    = every feature the hardware has; user may only switch on
 *             features that are in this set ("... introduced with later
 *             models" otherwise).
 *
 * Rows / entries that did not exist in QEMU 7.2 carry a version:
 *   - a whole new row has `since`;
 *   - an entry added later to an existing row is listed in `entrySince`
 *     (entry name -> QEMU version).  When emulating an older QEMU, drop it.
 */

export interface S390GenerationRow {
  gen: number;
  ga: number;
  base: readonly string[];
  default: readonly string[];
  full: readonly string[];
  since?: string;
  /** entries of base/default/full that were added to this row after 7.2 */
  entrySince?: Readonly<Record<string, string>>;
  /** features removed from the running sets before this row's additions */
  dropBeforeAdding?: { readonly base: readonly string[]; readonly default: readonly string[] };
}

export const S390_GENERATIONS: readonly S390GenerationRow[] = [
  {
    gen: 7, ga: 1,
    base: ['plo', 'esan3', 'zarch'],
    default: [],
    full: ['ppa15', 'bpb', 'sief2', 'skey', 'gpereh', 'ib', 'cei'],
  },
  { gen: 7, ga: 2, base: [], default: [], full: ['etf2'] },
  { gen: 7, ga: 3, base: [], default: [], full: ['ldisp', 'siif'] },
  {
    gen: 8, ga: 1,
    base: ['dateh', 'etf2', 'msa', 'ldisp', 'ldisphp', 'hfpm'],
    default: [],
    full: ['gsls', '64bscao'],
  },
  { gen: 8, ga: 2, base: [], default: [], full: [] },
  { gen: 8, ga: 3, base: [], default: [], full: ['asnlxr', 'etf3'] },
  { gen: 8, ga: 4, base: [], default: [], full: [] },
  { gen: 8, ga: 5, base: [], default: [], full: [] },
  {
    gen: 9, ga: 1,
    base: [
      'idtes', 'asnlxr', 'stfle', 'srs', 'eimm', 'etf3', 'hfpue', 'etf2eh',
      'stckf', 'tods', 'etf3eh', 'dateh2',
    ],
    default: ['sthyi', 'msa1', 'cmm'],
    full: ['sthyi', 'msa1', 'cmm', 'cmma'],
  },
  { gen: 9, ga: 2, base: [], default: [], full: ['mvcos', 'ectg', 'csst', 'fpseh', 'dfp'] },
  { gen: 9, ga: 3, base: [], default: [], full: ['csske', 'pfpo'] },
  {
    gen: 10, ga: 1,
    base: [
      'csske', 'parseh', 'mvcos', 'ectg', 'csst', 'csst2', 'ginste', 'exrl',
      'fpseh', 'dfp', 'dfphp', 'pfpo',
    ],
    default: ['edat', 'msa2'],
    full: ['edat', 'ctop', 'msa2', 'esop', 'pfmfi', 'sigpif'],
  },
  { gen: 10, ga: 2, base: [], default: [], full: ['sprogp', 'ibs'] },
  { gen: 10, ga: 3, base: [], default: [], full: ['msa3'] },
  {
    gen: 11, ga: 1,
    base: ['nonqks', 'emon', 'fpe', 'sprogp', 'stfle45', 'cmpsceh', 'iacc2'],
    default: ['msa3', 'ipter', 'aefsi', 'msa4', 'ppa15', 'bpb'],
    full: ['ipter', 'aefsi', 'msa4'],
  },
  { gen: 11, ga: 2, base: [], default: [], full: [] },
  {
    gen: 12, ga: 1,
    base: ['dfpzc', 'stfle49', 'ltlbc'],
    default: ['cte', 'te', 'ri', 'zpci', 'aen', 'edat2', 'esop', 'sea_esop2'],
    full: [
      'cte', 'te', 'ri', 'zpci', 'aen', 'ais', 'edat2', 'sea_esop2',
      'apqci', 'apqi', 'apft', 'ap', 'els', 'diag318',
    ],
  },
  { gen: 12, ga: 2, base: [], default: [], full: ['msa5'] },
  {
    gen: 13, ga: 1,
    base: ['stfle53', 'dfppc', 'gen13ptff'],
    default: ['msa5', 'vx'],
    full: ['vx'],
  },
  { gen: 13, ga: 2, base: [], default: [], full: [] },
  {
    gen: 14, ga: 1,
    base: ['eec', 'minste2', 'sema', 'tsi', 'opc'],
    default: ['iep', 'gs', 'vxpd', 'vxeh', 'msa6', 'msa7', 'msa8', 'mepoch', 'mepochptff'],
    full: [
      'iep', 'gs', 'vxpd', 'vxeh', 'mepoch', 'tpei', 'irbm', 'msa6', 'msa7',
      'msa8', 'cmmnt', 'etoken', 'hpma2', 'kss', 'mepochptff',
    ],
  },
  { gen: 14, ga: 2, base: [], default: [], full: [] },
  {
    gen: 15, ga: 1,
    dropBeforeAdding: { base: ['csske'], default: ['csske', 'bpb'] },
    base: ['minste3'],
    default: ['vxeh2', 'deflate', 'vxpdeh', 'msa9', 'msa9_pckmo', 'etoken'],
    full: ['vxeh2', 'esort', 'deflate', 'vxpdeh', 'msa9', 'msa9_pckmo', 'etoken', 'unpack'],
  },
  {
    gen: 16, ga: 1,
    since: '7.1',
    base: [],
    default: ['nnpa', 'vxpdeh2', 'beareh', 'rdp', 'pai', 'paie'],
    full: ['nnpa', 'vxpdeh2', 'beareh', 'rdp', 'pai', 'paie', 'appv', 'appvi'],
    entrySince: { appv: '8.2', appvi: '8.2' },
  },
  {
    gen: 17, ga: 1,
    since: '10.0',
    base: ['minste4', 'sif', 'msa12', 'plo_ext'],
    default: [
      'vxeh3', 'vxpdeh3', 'msa10', 'msa10_pckmo', 'msa11', 'msa11_pckmo',
      'msa13', 'msa13_pckmo',
    ],
    full: [
      'vxeh3', 'vxpdeh3', 'ineff_nc_tx', 'gen17ptff', 'msa10', 'msa10_pckmo',
      'msa11', 'msa11_pckmo', 'msa13', 'msa13_pckmo', 'ccf',
    ],
  },
];

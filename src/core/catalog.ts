/**
 * Architecture-neutral catalog types: features, feature groups and models.
 *
 * A catalog is built once from an architecture's data tables (src/data/…).
 * Every feature gets a dense index in table order; that order is also the
 * order in which QEMU lists features, so keeping it gives QEMU's ordering
 * for free.
 */
import { FeatureSet } from './bitset.js';

export interface FeatureDef {
  readonly index: number;
  readonly name: string;
  /** Where the feature lives in hardware (STFL bit, CPUID leaf, ID register …). */
  readonly kind: string;
  readonly bit: number;
  readonly desc: string;
  /** Other spellings accepted on input. */
  readonly aliases?: readonly string[];
}

export interface GroupDef {
  readonly index: number;
  readonly name: string;
  readonly desc: string;
  readonly members: FeatureSet;
  readonly memberNames: readonly string[];
}

export interface FeatureRowInput {
  name: string;
  kind: string;
  bit: number;
  desc: string;
  aliases?: readonly string[];
}

export interface GroupRowInput {
  name: string;
  desc: string;
  members: readonly string[];
}

/** The feature vocabulary of one architecture (one catalog profile). */
/**
 * Sets already known for a list of names (a compact host document's class
 * decodes its bitset once and shares its name list with every host of it):
 * by the list object and the catalog the set is of, so turning the list
 * back into a set costs no name lookups. Only for lists nothing changes.
 */
const knownSets = new WeakMap<readonly string[], { catalog: FeatureCatalog; set: FeatureSet }>();

/** Remember that `names` (a list no one changes) is `set` of `catalog` (kept: the caller gives it up). */
export function rememberSet(names: readonly string[], catalog: FeatureCatalog, set: FeatureSet): void {
  knownSets.set(names, { catalog, set });
}

/** The set remembered for this list in this catalog, handed over (it is forgotten: the caller owns it), if any. */
export function takeSet(names: readonly string[], catalog: FeatureCatalog): FeatureSet | undefined {
  const k = knownSets.get(names);
  if (!k || k.catalog !== catalog) return undefined;
  knownSets.delete(names);
  return k.set;
}

export class FeatureCatalog {
  readonly arch: string;
  readonly features: readonly FeatureDef[];
  readonly groups: readonly GroupDef[];
  readonly size: number;
  private readonly byName = new Map<string, FeatureDef>();
  private readonly groupByName = new Map<string, GroupDef>();

  constructor(arch: string, features: readonly FeatureRowInput[], groups: readonly GroupRowInput[] = []) {
    this.arch = arch;
    this.size = features.length;
    this.features = features.map((f, index) => Object.freeze({ index, ...f }));
    for (const f of this.features) {
      if (this.byName.has(f.name)) throw new Error(`${arch}: feature '${f.name}' declared twice`);
      this.byName.set(f.name, f);
    }
    for (const f of this.features) {
      for (const a of f.aliases ?? []) {
        if (!this.byName.has(a)) this.byName.set(a, f);
      }
    }
    this.groups = groups.map((g, index) => {
      const members = FeatureSet.empty(this.size);
      for (const m of g.members) {
        const f = this.byName.get(m);
        if (!f) throw new Error(`${arch}: group '${g.name}' names unknown feature '${m}'`);
        members.add(f.index);
      }
      return Object.freeze({ index, name: g.name, desc: g.desc, members, memberNames: [...g.members] });
    });
    for (const g of this.groups) {
      if (this.byName.has(g.name) || this.groupByName.has(g.name)) throw new Error(`${arch}: group name '${g.name}' clashes`);
      this.groupByName.set(g.name, g);
    }
  }

  feature(name: string): FeatureDef | undefined {
    return this.byName.get(name);
  }

  group(name: string): GroupDef | undefined {
    return this.groupByName.get(name);
  }

  /** Names of features and groups, for suggestions. */
  allNames(): string[] {
    return [...this.features.map((f) => f.name), ...this.groups.map((g) => g.name)];
  }

  empty(): FeatureSet {
    return FeatureSet.empty(this.size);
  }

  /**
   * The set named by a list of feature and group names.
   * Unknown names throw: this is for trusted data tables, not user input.
   */
  setOf(names: Iterable<string>): FeatureSet {
    const s = this.empty();
    for (const n of names) {
      const f = this.byName.get(n);
      if (f) {
        s.add(f.index);
        continue;
      }
      const g = this.groupByName.get(n);
      if (g) {
        s.ior(g.members);
        continue;
      }
      throw new Error(`${this.arch}: unknown feature or group '${n}' in data`);
    }
    return s;
  }

  /**
   * Switch a feature, or every member of a group, on or off in `set`.
   * Returns false (and changes nothing) for a name the catalog does not know.
   */
  switchName(set: FeatureSet, name: string, on: boolean): boolean {
    const f = this.byName.get(name);
    if (f) {
      set.set(f.index, on);
      return true;
    }
    const g = this.groupByName.get(name);
    if (!g) return false;
    if (on) set.ior(g.members);
    else set.iandNot(g.members);
    return true;
  }

  /** Feature names of a set, in catalog order (no group folding). */
  names(set: FeatureSet): string[] {
    return set.toArray().map((i) => this.features[i]!.name);
  }

  /**
   * Names of a set with groups folded: every group wholly contained in what
   * is left is reported by its name and its members removed, in group order;
   * the leftovers follow in catalog order. (QEMU's s390x convention.)
   */
  foldedNames(set: FeatureSet): string[] {
    const out: string[] = [];
    const rest = set.clone();
    for (const g of this.groups) {
      if (g.members.isSubsetOf(rest)) {
        rest.iandNot(g.members);
        out.push(g.name);
      }
    }
    for (const i of rest.toArray()) out.push(this.features[i]!.name);
    return out;
  }
}

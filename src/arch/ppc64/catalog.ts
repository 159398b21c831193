/**
 * The ppc64 model room, computed from src/data/ppc64.
 *
 * QEMU 7.2 has no CPU features on ppc64 that a CPU model could switch: a
 * model is a class (a PVR of a family). What differs between the CPUs a
 * guest can be given, and what management (libvirt's host-model, QEMU's
 * `max-cpu-compat`) actually names, is the architected compatibility level.
 * So the feature vocabulary here is the compat modes: `compat-power6` …
 * `compat-power10` (`compat-power11` from QEMU 10.0), one per mode. A class
 * of a server family offers its family's own level and every older one; a
 * class of any other family offers none.
 *
 * A profile selects which QEMU's view to present: '7.2' leaves out every
 * row marked `since` a later version; 'latest' keeps everything.
 */
import { perProfile, PROFILES, visibleIn, type Profile } from '../../core/profile.js';
import type { FeatureSet } from '../../core/bitset.js';
import { FeatureCatalog } from '../../core/catalog.js';
import {
  LIBVIRT_PPC64_MODELS,
  PPC64_ALIASES,
  PPC64_COMPAT_MODES,
  PPC64_FAMILIES,
  PPC64_FAMILY_VENDORS,
  PPC64_MODELS,
  PPC64_QEMU72_CLASS_ORDER,
  type LibvirtPpc64ModelRow,
  type Ppc64CompatRow,
  type Ppc64FamilyRow,
} from '../../data/ppc64/models.js';

export type Ppc64Profile = Profile;
export const PPC64_PROFILES = PROFILES;

/** The QOM type suffix of every ppc64 CPU class. */
export const PPC64_TYPE_SUFFIX = '-powerpc64-cpu';

export interface Ppc64Compat extends Ppc64CompatRow {
  /** Position in the compat order (power6 = 0). */
  readonly level: number;
  /** The feature that stands for this mode. */
  readonly feature: string;
}

export interface Ppc64Family {
  readonly name: string;
  readonly vendor: string | undefined;
  /** Server families: their own compat mode; others: none. */
  readonly compat: Ppc64Compat | undefined;
  readonly pvrMatch: readonly { readonly value: number; readonly mask: number }[];
  /** The class the family's generic alias names in this profile. */
  readonly defaultClass: string | undefined;
  readonly libvirt: string | undefined;
}

export interface Ppc64Class {
  readonly name: string;
  readonly typename: string;
  readonly pvr: number;
  readonly family: Ppc64Family;
  /** The compat modes the class can run in (its family's level and older). */
  readonly features: FeatureSet;
  /** Index in -cpu help order. */
  readonly index: number;
}

export interface Ppc64Catalog {
  readonly profile: Ppc64Profile;
  readonly features: FeatureCatalog;
  readonly compat: readonly Ppc64Compat[];
  readonly classes: readonly Ppc64Class[];
  readonly classByName: ReadonlyMap<string, Ppc64Class>;
  /** alias → class name, in alias-table order. */
  readonly aliases: ReadonlyMap<string, string>;
  readonly families: ReadonlyMap<string, Ppc64Family>;
  /** query-cpu-definitions order: aliases (table order reversed), then classes. */
  readonly definitionOrder: readonly { name: string; cls: Ppc64Class }[];
  /** The newest server class (what TCG's pseries machine defaults to). */
  readonly newest: Ppc64Class;
  readonly libvirtModels: readonly LibvirtPpc64ModelRow[];
  compatByName(name: string): Ppc64Compat | undefined;
  /** The compat-mode feature set "this mode and every older one". */
  levelSet(level: number): FeatureSet;
  /** Model name lookup as QEMU does it: case-insensitive, aliases, or an exact 8-digit hex PVR. */
  lookup(name: string): Ppc64Class | undefined;
  /** A class for a PVR: the exact PVR first, else the family whose PVR match claims it. */
  classByPvr(pvr: number): Ppc64Class | undefined;
  /** libvirt's model for a PVR (first map entry whose value matches under its mask). */
  libvirtModelByPvr(pvr: number): LibvirtPpc64ModelRow | undefined;
}

export const ppc64Catalog = perProfile(build);

function build(profile: Ppc64Profile): Ppc64Catalog {
  const compatRows = PPC64_COMPAT_MODES.filter((r) => visibleIn(r.since, profile));
  const compat: Ppc64Compat[] = compatRows.map((r, level) => ({ ...r, level, feature: `compat-${r.name}` }));
  const features = new FeatureCatalog(
    'ppc64',
    compat.map((c) => ({ name: c.feature, kind: 'compat', bit: c.logicalPvr, desc: `architected mode ${c.name} (Power ISA ${c.isa})` })),
  );
  const levelSet = (level: number): FeatureSet => {
    const s = features.empty();
    for (let i = 0; i <= level && i < compat.length; i++) s.add(i);
    return s;
  };
  const compatByName = (name: string) => compat.find((c) => c.name === name);

  const aliasRows = PPC64_ALIASES.filter((r) => visibleIn(r.since, profile, r.removed));
  const aliases = new Map<string, string>();
  for (const r of aliasRows) aliases.set(r.alias, r.retarget && visibleIn(r.retarget.since, profile) ? r.retarget.model : r.model);

  const aliasTarget = (name: string): string | undefined => {
    for (const [a, t] of aliases) if (a.toLowerCase() === name.toLowerCase()) return t;
    return undefined;
  };
  const serverRows = new Map<string, Ppc64FamilyRow>(PPC64_FAMILIES.filter((f) => visibleIn(f.since, profile)).map((f) => [f.name, f]));
  const families = new Map<string, Ppc64Family>();
  const familyOf = (name: string): Ppc64Family => {
    let f = families.get(name);
    if (f) return f;
    const row = serverRows.get(name);
    f = {
      name,
      vendor: row?.vendor ?? PPC64_FAMILY_VENDORS[name],
      compat: row ? compatByName(row.compat) : undefined,
      pvrMatch: row?.pvrMatch ?? [],
      // (the family's alias looked up as QEMU looks aliases up: ignoring case)
      defaultClass: row ? aliasTarget(row.alias) : undefined,
      libvirt: row?.libvirt,
    };
    families.set(name, f);
    return f;
  };

  const classes: Ppc64Class[] = [];
  for (const row of PPC64_MODELS) {
    if (!visibleIn(row.since, profile, row.removed)) continue;
    const family = familyOf(row.family);
    classes.push({
      name: row.name,
      typename: row.name + PPC64_TYPE_SUFFIX,
      pvr: row.pvr,
      family,
      features: family.compat ? levelSet(family.compat.level) : features.empty(),
      index: classes.length,
    });
  }
  const classByName = new Map(classes.map((c) => [c.name, c]));
  for (const [alias, target] of aliases) {
    if (!classByName.has(target)) throw new Error(`ppc64: alias '${alias}' names unknown class '${target}'`);
  }

  // query-cpu-definitions: QEMU prepends, so the aliases come first in reverse
  // table order, then the classes in the recorded 7.2 order; later classes
  // (latest profile) follow in -cpu help order.
  const definitionOrder: { name: string; cls: Ppc64Class }[] = [];
  for (const r of [...aliasRows].reverse()) definitionOrder.push({ name: r.alias, cls: classByName.get(aliases.get(r.alias)!)! });
  const listed = new Set<string>();
  const known = new Set(PPC64_MODELS.map((r) => r.name));
  for (const n of PPC64_QEMU72_CLASS_ORDER) {
    if (!known.has(n)) throw new Error(`ppc64: definition order names unknown class '${n}'`);
    const cls = classByName.get(n);
    // a class this profile does not have (added after it, or removed before it)
    if (!cls) continue;
    definitionOrder.push({ name: n, cls });
    listed.add(n);
  }
  for (const cls of classes) if (!listed.has(cls.name)) definitionOrder.push({ name: cls.name, cls });

  const servers = classes.filter((c) => c.family.compat);
  const newestFamily = servers.reduce((best, c) => (c.family.compat!.level > best.family.compat!.level ? c : best), servers[0]!).family;
  const newest = classByName.get(newestFamily.defaultClass!)!;

  const lowerIndex = new Map<string, Ppc64Class>();
  for (const cls of classes) lowerIndex.set(cls.name.toLowerCase(), cls);
  const aliasLower = new Map<string, Ppc64Class>();
  for (const [alias, target] of aliases) aliasLower.set(alias.toLowerCase(), classByName.get(target)!);

  const classByPvr = (pvr: number): Ppc64Class | undefined => {
    const exact = classes.filter((c) => c.pvr === pvr);
    if (exact.length) return exact[0];
    for (const f of families.values()) {
      if (f.pvrMatch.some((p) => ((pvr & p.mask) >>> 0) === p.value) && f.defaultClass) return classByName.get(f.defaultClass);
    }
    return undefined;
  };

  const libvirtModels = LIBVIRT_PPC64_MODELS.filter((r) => visibleIn(r.since, profile));

  return {
    profile,
    features,
    compat,
    classes,
    classByName,
    aliases,
    families,
    definitionOrder,
    newest,
    libvirtModels,
    compatByName,
    levelSet,
    lookup(name: string): Ppc64Class | undefined {
      // QEMU's class lookup: 8 hex digits (optionally after "0x") are a PVR,
      // matched exactly and nothing else; names are case-insensitive
      const hex = /^(?:0x)?([0-9a-fA-F]{8})$/.exec(name);
      if (hex) {
        const pvr = parseInt(hex[1]!, 16) >>> 0;
        return classes.find((c) => c.pvr === pvr);
      }
      const lower = name.toLowerCase();
      return lowerIndex.get(lower) ?? aliasLower.get(lower);
    },
    classByPvr,
    libvirtModelByPvr(pvr: number): LibvirtPpc64ModelRow | undefined {
      return libvirtModels.find((m) => m.pvr.some((p) => ((pvr & p.mask) >>> 0) === p.value));
    },
  };
}

/**
 * `baseline --hosts` over NDJSON files without a class object per class.
 *
 * The fleet (fleet.ts) keeps each class whole — its sets, its first host's
 * document, its feature list — because placement and migration ask every
 * class. The baseline asks much less of most classes: the intersection of
 * their (guest) feature sets, and what each class alone removes. So here a
 * class is a row: its set and guest set as words in one typed array, its
 * signature, model, vendor, definition and first identity in plain arrays,
 * and hosts are a list of names with their class numbers. What the answer
 * names (the classes that hold the baseline back) is built at the end.
 *
 * The architecture's baseline rule is handed the classes merged by what it
 * can tell apart (vendor, s390x definition, model: the intersection of their
 * sets, the first class's identity, their host count); every rule folds its
 * classes by intersection within those, so the answer is the one the whole
 * fleet gives. What each class alone removes is counted per feature: a class
 * alone removes a feature when every other class has it (its count is the
 * number of classes less one) and this one does not.
 *
 * Lines of the shape `probe --compact` writes are read in place
 * (host/compact-scan.ts): a host of a class seen before costs its line's
 * scan, the class found by the signature's two halves, its key and its set
 * compared in place, and its name; only a new class gets a document (the one
 * the general reader would give), which opens it as add() opens one. Other
 * lines are read as documents (host/compact.ts, HostLineReader).
 *
 * Whatever is not the plain case — a path that is no regular NDJSON file, a
 * bad line, several architectures or vendors, a host whose CPU is not known —
 * answers undefined, and the caller reads the files again the general way
 * (fleet.ts), which names the error or the odd hosts as it always has. Only
 * files that can be read again are read here (regular files).
 */
import { statSync } from 'node:fs';
import { FeatureSet } from '../core/bitset.js';
import { takeSet } from '../core/catalog.js';
import { signatureIs } from '../core/signature.js';
import type { Result } from '../core/errors.js';
import { HOST_DOC_FORMAT, type HostDoc } from '../host/doc.js';
import { HostLineReader, own } from '../host/compact.js';
import { CompactLineScanner, type ScannedIdentity, type ScannedPart } from '../host/compact-scan.js';
import type { FeatureCatalog } from '../core/catalog.js';
import type { S390Def } from '../arch/s390x/catalog.js';
import { archContext, isFleetArch, knownBaseline, sortHoldBacks, summary, type ArchContext, type ArchFleet, type FleetArch, type FleetBaseline, type FleetClass, type HoldBack } from './fleet.js';
import type { InputText } from './input.js';

/** The value of 8 lower-case hex digits at s[at…], or -1. */
function hex32(s: string, at: number): number {
  let v = 0;
  for (let i = at; i < at + 8; i++) {
    const c = s.charCodeAt(i);
    const d = c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x61 + 10 : -1;
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return v;
}

/** A signature's slot in the class index: a small integer (a V8 Smi) of both halves. */
const slot = (hi: number, lo: number): number => (hi ^ lo) & 0x3fffffff;

/** Thrown to leave the lean path: the general one answers. */
class NotLean extends Error {}

/** A growable Uint32Array / Int32Array. */
function grown<T extends Uint32Array | Int32Array>(a: T, need: number): T {
  if (need <= a.length) return a;
  let n = a.length * 2;
  while (n < need) n *= 2;
  const b = new (a.constructor as new (n: number) => T)(n);
  b.set(a);
  return b;
}

/**
 * The host document of a scanned line that opens a class: what the general
 * reader gives for it, with the feature list made only if asked (the x86
 * rules ask it for a release older than the catalog's).
 */
class ScannedDoc implements HostDoc {
  readonly format = HOST_DOC_FORMAT;
  readonly model: string;
  readonly release?: string;
  readonly accel?: 'kvm' | 'tcg';
  private names: string[] | undefined;

  constructor(
    readonly arch: FleetArch,
    readonly name: string,
    readonly identity: Record<string, unknown>,
    part: ScannedPart,
    private readonly cat: FeatureCatalog,
    private readonly set: FeatureSet,
    readonly signature: string,
    readonly source: HostDoc['source'],
  ) {
    this.model = part.model;
    if (part.release !== undefined) this.release = part.release;
    if (part.accel !== undefined) this.accel = part.accel;
  }

  get features(): string[] {
    return (this.names ??= this.cat.names(this.set));
  }
}

/** The classes of one architecture's hosts, as rows. */
class ClassRows {
  readonly words: number;
  /** class i's set: words [i*2*words, +words); its guest set the next `words` */
  bits = new Uint32Array(0);
  readonly models: string[] = [];
  readonly vendors: (string | undefined)[] = [];
  readonly defs: (S390Def | undefined)[] = [];
  readonly identities: Readonly<Record<string, unknown>>[] = [];
  hostCounts = new Int32Array(1024);
  /** host names, and the class of each */
  readonly hosts: string[] = [];
  hostClass = new Int32Array(4096);
  /**
   * classes by signature: one class, or several when the rest of the key the
   * fleet gives them (fleet.ts, FleetBuilder.add: identity key, release,
   * accelerator, libvirt or not) or their sets differ. The map's key is a
   * small integer of the signature's two 32-bit halves (each class keeps
   * both); the rest is compared field by field, so no key text is built or
   * hashed per host.
   */
  private heads = new Int32Array(1024);
  private chain = new Int32Array(1024);
  private sigHi = new Uint32Array(1024);
  private sigLo = new Uint32Array(1024);
  /** each class's rest of the key */
  private readonly idents: string[] = [];
  private readonly releases: string[] = [];
  private readonly accels: string[] = [];
  private readonly lvs: boolean[] = [];
  /** the classes the last few shared feature lists were found to be (the hosts of one class share their list) */
  private readonly recent: { list: readonly string[]; cls: number }[] = [];
  private next = 0;

  constructor(
    readonly ctx: ArchContext,
    readonly arch: FleetArch,
  ) {
    this.words = (ctx.catalog.size + 31) >>> 5;
    this.bits = new Uint32Array(1024 * 2 * this.words);
  }

  get count(): number {
    return this.models.length;
  }

  add(doc: HostDoc, where: string): void {
    const ctx = this.ctx;
    const { ident, vendor } = ctx.classKey(doc);
    const lv = doc.source.kind.startsWith('libvirt-');
    const release = doc.release ?? '';
    const accel = doc.accel ?? '';
    const hi = hex32(doc.signature, 0);
    const lo = hex32(doc.signature, 8);
    if (hi < 0 || lo < 0 || doc.signature.length !== 16) throw new NotLean();
    let cls = -1;
    for (const r of this.recent) {
      if (r.list === doc.features && this.sameKey(r.cls, hi, lo, ident, release, accel, lv)) {
        cls = r.cls;
        break;
      }
    }
    if (cls < 0) {
      let set: FeatureSet | undefined;
      for (let c = this.first(hi, lo); c >= 0; c = this.chain[c]! - 1) {
        if (!this.sameKey(c, hi, lo, ident, release, accel, lv)) continue;
        set ??= this.setOf(doc);
        if (this.sameSet(c, set.words)) {
          cls = c;
          break;
        }
      }
      if (cls < 0) {
        set ??= this.setOf(doc);
        cls = this.open(doc, set, vendor, where, hi, lo, ident, release, accel, lv);
      }
      const entry = { list: doc.features, cls };
      if (this.recent.length < 8) this.recent.push(entry);
      else this.recent[this.next++ & 7] = entry;
    }
    this.host(cls, doc.name ?? where);
  }

  /**
   * The host of a line the scanner read (host/compact-scan.ts): the class
   * found by the line's signature, key and set in place, as add() finds it
   * for the line's document; a new class gets the document add() would be
   * given (made only then), so both open it alike. `where` is the host's
   * label, made only for a new class.
   */
  addScanned(sc: CompactLineScanner, s: string, where: () => string): void {
    const ctx = this.ctx;
    const part = sc.part;
    const id = sc.identity;
    // what the class key takes of the identity and the model, once per pair
    let key = part.derived as { id: ScannedIdentity; ident: string; vendor: string | undefined; unknown: boolean } | undefined;
    if (!key || key.id !== id) {
      const k = ctx.classKey({ identity: id.identity, model: part.model } as HostDoc);
      key = { id, ident: k.ident, vendor: k.vendor, unknown: ctx.unknownWhy?.(id.identity) !== undefined };
      part.derived = key;
    }
    const kind = sc.kind(s);
    const lv = kind.startsWith('libvirt-');
    const release = part.release ?? '';
    const accel = part.accel ?? '';
    const hi = sc.sigHi;
    const lo = sc.sigLo;
    let cls = -1;
    for (let c = this.first(hi, lo); c >= 0; c = this.chain[c]! - 1) {
      if (this.sameKey(c, hi, lo, key.ident, release, accel, lv) && this.sameSet(c, sc.words)) {
        cls = c;
        break;
      }
    }
    const name = s.slice(sc.nameAt, sc.nameEnd);
    if (cls < 0) {
      if (key.unknown) throw new NotLean();
      const cat = ctx.catalog;
      const set = new FeatureSet(cat.size, sc.words.slice());
      const signature = s.slice(sc.sigAt, sc.sigAt + 16);
      const doc = new ScannedDoc(this.arch, name, id.identity, part, cat, set, signature, { kind: kind as HostDoc['source']['kind'], origin: s.slice(sc.originAt, sc.originEnd) });
      cls = this.open(doc, set, key.vendor, where(), hi, lo, key.ident, release, accel, lv);
    }
    this.host(cls, own(name));
  }

  private host(cls: number, name: string): void {
    const h = this.hosts.length;
    if (h >= this.hostClass.length) this.hostClass = grown(this.hostClass, h + 1);
    this.hostClass[h] = cls;
    this.hosts.push(name);
    this.hostCounts[cls]!++;
  }

  /** Class c's signature, as its documents give it (16 hex digits). */
  signature(c: number): string {
    return this.sigHi[c]!.toString(16).padStart(8, '0') + this.sigLo[c]!.toString(16).padStart(8, '0');
  }

  /** Whether class c has this key (signature, identity key, release, accelerator, libvirt or not). */
  private sameKey(c: number, hi: number, lo: number, ident: string, release: string, accel: string, lv: boolean): boolean {
    return this.sigHi[c] === hi && this.sigLo[c] === lo && this.idents[c] === ident && this.releases[c] === release && this.accels[c] === accel && this.lvs[c] === lv;
  }

  private setOf(doc: HostDoc): FeatureSet {
    const cat = this.ctx.catalog;
    const known = takeSet(doc.features, cat);
    if (known) return known;
    const s = cat.empty();
    for (const n of doc.features) {
      const f = cat.feature(n);
      if (!f) throw new NotLean();
      s.add(f.index);
    }
    return s;
  }

  private sameSet(c: number, w: Uint32Array): boolean {
    const at = c * 2 * this.words;
    for (let j = 0; j < this.words; j++) if (this.bits[at + j] !== w[j]) return false;
    return true;
  }

  /** A new class (what FleetBuilder.add checks of it, checked alike; anything wrong: the general path says it). */
  private open(doc: HostDoc, set: FeatureSet, vendor: string | undefined, where: string, hi: number, lo: number, ident: string, release: string, accel: string, lv: boolean): number {
    const ctx = this.ctx;
    if (!signatureIs(ctx.catalog, set, hi, lo)) throw new NotLean();
    if (ctx.unknownWhy?.(doc.identity) !== undefined) throw new NotLean();
    const parts = ctx.classParts(doc, set, vendor, where);
    if (!parts.ok) throw new NotLean();
    const c = this.count;
    if ((c + 1) * 2 * this.words > this.bits.length) this.bits = grown(this.bits, (c + 1) * 2 * this.words);
    this.bits.set(set.words, c * 2 * this.words);
    this.bits.set((parts.value.guestSet ?? set).words, (c * 2 + 1) * this.words);
    if (c >= this.sigLo.length) {
      this.hostCounts = grown(this.hostCounts, c + 1);
      this.sigHi = grown(this.sigHi, c + 1);
      this.sigLo = grown(this.sigLo, c + 1);
    }
    this.sigHi[c] = hi;
    this.sigLo[c] = lo;
    this.models.push(parts.value.model);
    this.vendors.push(vendor);
    this.defs.push(parts.value.def);
    this.identities.push(doc.identity);
    this.idents.push(ident);
    this.releases.push(release);
    this.accels.push(accel);
    this.lvs.push(lv);
    this.link(c);
    return c;
  }

  /** The first class in the signature's bucket (each class's `chain` is the next one's number plus one, 0 at the end), or -1. */
  private first(hi: number, lo: number): number {
    return this.heads[slot(hi, lo) & (this.heads.length - 1)]! - 1;
  }

  /** Class c into its signature's bucket; the buckets doubled (every class linked again) when there are more classes than buckets. */
  private link(c: number): void {
    if (c >= this.chain.length) this.chain = grown(this.chain, c + 1);
    if (c >= this.heads.length) {
      this.heads = new Int32Array(this.heads.length * 4);
      for (let k = 0; k < c; k++) this.put(k);
    }
    this.put(c);
  }

  private put(c: number): void {
    const b = slot(this.sigHi[c]!, this.sigLo[c]!) & (this.heads.length - 1);
    this.chain[c] = this.heads[b]!;
    this.heads[b] = c + 1;
  }

  private words_(c: number, guest: boolean): Uint32Array {
    const at = (c * 2 + (guest ? 1 : 0)) * this.words;
    return this.bits.subarray(at, at + this.words);
  }

  /**
   * The classes merged by what the baseline rules tell apart (vendor,
   * definition, model), in the order they first come: each with the
   * intersection of its classes' sets and guest sets, the first class's
   * identity and signature, and as many hosts as its classes have.
   */
  merged(): ArchFleet {
    const size = this.ctx.catalog.size;
    const groups = new Map<string, { first: number; set: FeatureSet; guest: FeatureSet; hosts: number }>();
    for (let c = 0; c < this.count; c++) {
      const k = `${this.vendors[c] ?? ''}\u0000${this.defs[c]?.name ?? ''}\u0000${this.models[c]}`;
      const g = groups.get(k);
      if (!g) groups.set(k, { first: c, set: new FeatureSet(size, this.words_(c, false).slice()), guest: new FeatureSet(size, this.words_(c, true).slice()), hosts: this.hostCounts[c]! });
      else {
        g.set.iand(new FeatureSet(size, this.words_(c, false)));
        g.guest.iand(new FeatureSet(size, this.words_(c, true)));
        g.hosts += this.hostCounts[c]!;
      }
    }
    const classes: FleetClass[] = [];
    for (const g of groups.values()) {
      const c = g.first;
      const vendor = this.vendors[c];
      const def = this.defs[c];
      classes.push({
        id: classes.length,
        arch: this.arch,
        signature: this.signature(c),
        set: g.set,
        model: this.models[c]!,
        ...(def ? { def } : {}),
        ...(vendor !== undefined ? { vendor } : {}),
        guestSet: g.guest,
        identity: this.identities[c]!,
        // only how many (the rules count them); the hosts of a class that holds the baseline back are named by heldBack
        hosts: new Array<string>(g.hosts),
        names: [],
      });
    }
    return { arch: this.arch, catalog: this.ctx.catalog, classes, hostCount: this.hosts.length, files: [] };
  }

  /** What each class alone removes (fleet.ts holdBacks' answer), by counts per feature. */
  heldBack(): HoldBack[] {
    const k = this.count;
    if (k < 2) return [];
    const ctx = this.ctx;
    const W = this.words;
    const size = ctx.catalog.size;
    const counts = new Int32Array(W * 32);
    for (let c = 0; c < k; c++) {
      const at = (c * 2 + 1) * W;
      for (let j = 0; j < W; j++) {
        let v = this.bits[at + j]!;
        while (v) {
          const b = 31 - Math.clz32(v & -v);
          counts[j * 32 + b]!++;
          v &= v - 1;
        }
      }
    }
    // the features every class but one has, less those a hold-back never names
    const critical = new Uint32Array(W);
    const skip = ctx.holdBackSkip?.words;
    for (let i = 0; i < W * 32; i++) if (counts[i] === k - 1) critical[i >>> 5]! |= 1 << (i & 31);
    if (skip) for (let j = 0; j < W; j++) critical[j]! &= ~skip[j]!;
    const typeHolder = ctx.typeHolder?.(this.defs.map((def) => ({ def }) as FleetClass));
    const picked: { c: number; features: Uint32Array; type: boolean }[] = [];
    for (let c = 0; c < k; c++) {
      const at = (c * 2 + 1) * W;
      let any = false;
      const others = new Uint32Array(W);
      for (let j = 0; j < W; j++) {
        const v = (critical[j]! & ~this.bits[at + j]!) >>> 0;
        others[j] = v;
        if (v) any = true;
      }
      const type = typeHolder?.({ def: this.defs[c] } as FleetClass) ?? false;
      if (any || type) picked.push({ c, features: others, type });
    }
    // the hosts of those classes, in input order
    const hostsOf = new Map<number, string[]>(picked.map((p) => [p.c, []]));
    for (let h = 0; h < this.hosts.length; h++) hostsOf.get(this.hostClass[h]!)?.push(this.hosts[h]!);
    const out: HoldBack[] = picked.map(({ c, features, type }) => {
      const vendor = this.vendors[c];
      const s = summary({ signature: this.signature(c), model: this.models[c]!, ...(vendor !== undefined ? { vendor } : {}), hosts: hostsOf.get(c)! } as unknown as FleetClass);
      return { ...s, features: ctx.catalog.names(new FeatureSet(size, features)), ...(type ? { type: true } : {}) };
    });
    return sortHoldBacks(out);
  }
}

/**
 * The fleet baseline of the hosts in these NDJSON files (each path a
 * regular file), or undefined when it is not the plain case (see the head
 * of this file): the caller then answers the general way, reading the files
 * again. `read` is how a command reads a file (fleet/commands.ts).
 */
export function leanFleetBaseline(paths: readonly string[], read: (file: string) => InputText): Result<FleetBaseline> | undefined {
  if (!paths.length) return undefined;
  for (const p of paths) {
    try {
      if (!statSync(p).isFile()) return undefined;
    } catch {
      return undefined;
    }
  }
  let rows: ClassRows | undefined;
  let sc: CompactLineScanner | undefined;
  try {
    for (const file of paths) {
      const lines = read(file);
      if (typeof lines === 'string') return undefined;
      // lines of the plain compact shape are read in place (the scanner); any other line as a document
      const reader = new HostLineReader(file);
      let count = 0;
      lines.forEach((s, n) => {
        if (sc?.scan(s)) {
          const i = count++;
          rows!.addScanned(sc, s, () => `${file}[${i}]`);
          return true;
        }
        const d = reader.line(s, n);
        if (!d) return true;
        if (!d.ok) throw new NotLean();
        const doc = d.value;
        if (!rows) {
          if (!isFleetArch(doc.arch)) throw new NotLean();
          rows = new ClassRows(archContext(doc.arch), doc.arch);
          const scanner = CompactLineScanner.of(doc.arch);
          if (scanner && scanner.catalog === rows.ctx.catalog) sc = scanner;
        } else if (doc.arch !== rows.arch) throw new NotLean();
        rows.add(doc, `${file}[${count++}]`);
        return true;
      });
      // a file with no host (the general path names it)
      if (!count) return undefined;
    }
  } catch (e) {
    if (e instanceof NotLean) return undefined;
    // what the general path tells as it tells it (a chunk the gate refuses, a file that cannot be read)
    return undefined;
  }
  if (!rows || !rows.count) return undefined;
  const r = rows;
  const af = r.merged();
  // the x86 rule's error for several vendors names hosts of each class: the general path tells it
  if (new Set(af.classes.map((c) => c.vendor).filter((v) => v)).size > 1) return undefined;
  return knownBaseline(r.ctx, af, r.count, [], () => r.heldBack());
}

// Build time (tools/build-oneshot.mjs): a data module's exports as a module
// for a one-shot bundle in which the named big tables are made only when first
// read. Evaluating a large array literal is most of what loading the x86_64
// tables costs a one-shot command (objects made cold, then copied by the first
// scavenges), and most answers never read them. Such a table becomes a
// JSON string (no objects until parsed) behind an array Proxy that parses it on
// first use; every other export stays a literal. Every export must survive
// JSON unchanged (checked here), so the values read are the module's own.
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';

/** The source of a stand-in for module `mod` (its namespace object), tables named in `lazy` made on first read. */
export function lazyDataModule(mod, lazy, what = 'data module') {
  const lines = [];
  let usesLazy = false;
  for (const [name, value] of Object.entries(mod)) {
    let json;
    try {
      json = JSON.stringify(value);
    } catch {
      // a bigint, a cycle …: not data JSON can carry
    }
    if (json === undefined || !isDeepStrictEqual(JSON.parse(json), value)) throw new Error(`${what}: export ${name} does not survive JSON unchanged; it cannot be stored as data`);
    if (lazy.includes(name)) {
      if (!Array.isArray(value)) throw new Error(`${what}: export ${name} is not an array; only arrays are made on first read`);
      usesLazy = true;
      lines.push(`export const ${name} = lazyArray(${JSON.stringify(json)});`);
    } else lines.push(`export const ${name} = ${json};`);
  }
  for (const name of lazy) if (!Object.hasOwn(mod, name)) throw new Error(`${what}: has no export ${name}`);
  if (usesLazy) lines.unshift(LAZY_ARRAY);
  return lines.join('\n');
}

// An array Proxy whose target is made from the JSON text on the first trap;
// every operation then acts on that array (Array.isArray holds: the Proxy's own
// target is an array, kept as long as the table).
const LAZY_ARRAY = `function lazyArray(text) {
  let real;
  const get = () => (real ??= JSON.parse(text));
  const target = [];
  return new Proxy(target, {
    get: (_, k) => { const a = get(); const v = Reflect.get(a, k); return typeof v === 'function' && k !== 'constructor' ? v.bind(a) : v; },
    has: (_, k) => Reflect.has(get(), k),
    ownKeys: () => { const a = get(); const keys = Reflect.ownKeys(a); target.length = a.length; return keys; },
    getOwnPropertyDescriptor: (_, k) => { const a = get(); if (k === 'length') { target.length = a.length; return Reflect.getOwnPropertyDescriptor(target, k); } const d = Reflect.getOwnPropertyDescriptor(a, k); if (d) d.configurable = true; return d; },
    set: (_, k, v) => Reflect.set(get(), k, v),
    defineProperty: (_, k, d) => Reflect.defineProperty(get(), k, d),
    deleteProperty: (_, k) => Reflect.deleteProperty(get(), k),
  });
}`;

/**
 * For an esbuild plugin's setup: the src/data/x86_64 modules named in
 * `tables` (file name → the tables in it made on first read) loaded as
 * lazyDataModule makes them from dist's own modules.
 */
export async function lazyX86Tables(dist, tables) {
  const made = {};
  for (const [file, names] of Object.entries(tables)) {
    made[file] = lazyDataModule(await import(path.join(dist, 'src', 'data', 'x86_64', `${file}.js`)), names, `src/data/x86_64/${file}.ts`);
  }
  const filter = new RegExp(`[\\\\/]data[\\\\/]x86_64[\\\\/](${Object.keys(tables).join('|')})\\.js$`);
  return (b) => b.onLoad({ filter }, (a) => ({ contents: made[path.basename(a.path, '.js')], loader: 'js' }));
}

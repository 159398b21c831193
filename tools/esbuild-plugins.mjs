// esbuild plugins the one-shot bundles (tools/build-oneshot.mjs) and the
// `baseline FILE` bundle (tools/build-baseline.mjs) share.

/**
 * node:module, which lazy.ts, cpu-xml.ts and host-facts.ts import for
 * createRequire (zod, fast-xml-parser, child_process on first use), is loaded
 * on that first use, not when the bundle starts: loading it is ~0.3 ms that
 * most answers never use.
 */
export const lazyNodeModule = {
  name: 'lazy-node-module',
  setup(b) {
    b.onResolve({ filter: /^(node:)?module$/ }, (a) => (a.namespace === 'lazy-node-module' ? { path: 'node:module', external: true } : { path: 'node:module', namespace: 'lazy-node-module' }));
    b.onLoad({ filter: /.*/, namespace: 'lazy-node-module' }, () => ({
      contents: 'export function createRequire(url) { return require("node:module").createRequire(url); }',
      loader: 'js',
    }));
  },
};

/**
 * The bundle's import.meta.url (createRequire of zod, fast-xml-parser): its
 * own file's URL, made when first asked for (pathToFileURL loads node:url's
 * URL machinery, ~1-2 ms at start). `name` is the global object's name.
 */
export const importMetaUrl = (name) => ({
  define: { 'import.meta.url': `${name}.url` },
  banner: { js: `var ${name} = { get url() { return require("node:url").pathToFileURL(__filename).href; } };` },
});

#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm run build`. The work is
// bin/main.cjs's (the sh launcher bin/cpumodels starts that one directly,
// without Node's ES module loader); this ES module entry is for `node
// bin/cpumodels.js …`.
process.getBuiltinModule('node:module').createRequire(import.meta.url)('./main.cjs');

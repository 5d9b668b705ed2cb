// Compiles the package into dist/ with esbuild, as one ES module graph whose shared code sits in
// chunks, so that the CLI, the library and the worker threads run one copy of the engine:
//   dist/index.mjs         the library (`import ... from 'migcheck'`); dist/index.cjs re-exports
//                          it for CommonJS code (Node's require() of an ES module)
//   dist/cli.mjs           the CLI (bin/migcheck.js runs it)
//   dist/worker-entry.mjs  a --workers thread
//   dist/necessity-job.mjs a `necessity --jobs` thread
//   dist/models.mjs        the built-in models (worker threads import them from here)
//   dist/types/            declaration files (with --types: tsc, for the packed package)
// The compiled code needs no TypeScript loader; tsx's runs in a thread of its own, which cost
// 34 MiB of resident memory and 0.2 s per run. Packages (immutable, commander, tsx) stay
// external: a model imported at run time shares the CLI's Immutable, resolved from its project.
//
// `npm install` builds (the `prepare` script), `npm pack` builds with declarations (`prepack`);
// bin/migcheck.js rebuilds whenever a source is newer than dist/, so an edited checkout never
// runs a stale build.
//
//   node scripts/build.mjs [--types]

import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
/** What the compiled package is made of: a change to any of these makes dist/ stale. */
const SOURCES = ['src', 'model', 'package.json', 'tsconfig.json', 'scripts/build.mjs'];
const ENTRIES = { index: 'src/index.ts', cli: 'src/cli/main.ts', 'worker-entry': 'src/engine/parallel/worker.ts', 'necessity-job': 'model/migration/necessity/job-worker.ts', models: 'model/index.ts' };

/** The newest modification time (ms) of the files at `paths` under `base`, directories walked. */
export function newestSource(base, paths = SOURCES) {
  let newest = 0;
  for (const p of paths) {
    const full = join(base, p);
    const st = statSync(full, { throwIfNoEntry: false });
    if (!st) continue;
    if (st.isDirectory()) {
      for (const entry of readdirSync(full, { recursive: true, withFileTypes: true })) {
        if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath ?? entry.path, entry.name)).mtimeMs);
      }
    } else newest = Math.max(newest, st.mtimeMs);
  }
  return newest;
}

/** Whether dist/ holds a build at least as new as every source. */
export function isFresh() {
  const built = Math.min(...Object.keys(ENTRIES).map((name) => statSync(join(dist, `${name}.mjs`), { throwIfNoEntry: false })?.mtimeMs ?? 0));
  return built > 0 && built >= newestSource(root);
}

/** How the package is bundled (bench/compile.ts compiles its workloads the same way). */
export const BUNDLE_OPTIONS = {
  outExtension: { '.js': '.mjs' },
  bundle: true,
  packages: 'external',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Function names stay readable in profiles (node --cpu-prof) and stack traces.
  keepNames: true,
  // Writes the integer constants of modules that import nothing (src/engine/state/table.ts,
  // hash-constants.ts) into the code that uses them: bundled, a module's top-level const is a
  // var that V8 reads at every use. 5.7% fewer instructions searching TwoPhase 6 (cachegrind,
  // node --single-threaded, which makes the count repeatable).
  minifySyntax: true,
  logLevel: 'error',
};

// CommonJS code reaches the library through require() of its ES module (Node 20.19+), so both
// module systems share one copy of the engine; the declarations are the ES module's.
const CJS_ENTRY = "'use strict';\n// CommonJS entry: the library is an ES module, loaded by require() (Node 20.19 and later).\nmodule.exports = require('./index.mjs');\n";
const CJS_TYPES = "export * from './types/src/index.js';\n";
const ESM_TYPES = "export * from './types/src/index.js';\n";

/**
 * Bundle the entries into dist/. Files are written under a temporary directory and renamed into
 * place, chunks before the entries that import them, so that runs building at the same time
 * (parallel tests) never read a half-written file.
 */
export async function build({ types = false } = {}) {
  const { build: esbuild } = await import('esbuild');
  const tmp = join(dist, `.build-${process.pid}`);
  mkdirSync(tmp, { recursive: true });
  try {
    await esbuild({
      absWorkingDir: root,
      entryPoints: Object.entries(ENTRIES).map(([out, from]) => ({ in: from, out })),
      outdir: tmp,
      splitting: true,
      chunkNames: 'chunk-[hash]',
      ...BUNDLE_OPTIONS,
    });
    writeFileSync(join(tmp, 'index.cjs'), CJS_ENTRY);
    const names = readdirSync(tmp);
    const entries = new Set(Object.keys(ENTRIES).map((n) => `${n}.mjs`));
    for (const name of [...names.filter((n) => !entries.has(n)), ...entries]) renameSync(join(tmp, name), join(dist, name));
    pruneChunks(names);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  if (types) buildTypes();
}

/** Remove chunks of earlier builds, unless recent: a run started from one may still load them. */
function pruneChunks(current) {
  const keep = new Set(current);
  const old = Date.now() - 10 * 60_000;
  for (const name of readdirSync(dist)) {
    if (/^chunk-.*\.mjs$/.test(name) && !keep.has(name) && statSync(join(dist, name)).mtimeMs < old) rmSync(join(dist, name), { force: true });
  }
}

/**
 * The public API's declarations, by tsc, into dist/types; their relative imports are rewritten
 * from the sources' `.ts` to `.js`, which every TypeScript resolution mode maps to `.d.ts`.
 */
function buildTypes() {
  const types = join(dist, 'types');
  rmSync(types, { recursive: true, force: true });
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
  for (const entry of readdirSync(types, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.d.ts')) continue;
    const file = join(entry.parentPath ?? entry.path, entry.name);
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace(/((?:from|import)\s*\(?\s*['"]\.{1,2}\/[^'"]*?)\.ts(['"])/g, '$1.js$2'));
  }
  writeFileSync(join(dist, 'index.d.mts'), ESM_TYPES);
  writeFileSync(join(dist, 'index.d.cts'), CJS_TYPES);
}

/** The URL of the compiled CLI, built first if stale. */
export async function ensureBuilt() {
  if (!isFresh()) await build();
  return pathToFileURL(join(dist, 'cli.mjs')).href;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await build({ types: process.argv.includes('--types') });

// Compiles the CLI into dist/ with esbuild: dist/cli.mjs (the CLI), dist/worker-entry.mjs
// (a --workers thread) and dist/models.mjs (the built-in models, for worker threads). The
// compiled CLI needs no TypeScript loader; tsx's loader runs in a thread of its own, which cost
// 34 MiB of resident memory and 0.2 s per run. Packages (immutable, commander, tsx) stay
// external, so a model module imported at run time shares the CLI's Immutable.
//
// `npm install` builds (the `prepare` script); bin/migcheck.js rebuilds whenever a source is
// newer than dist/cli.mjs, so an edited checkout never runs a stale build.
//
//   node scripts/build.mjs     build now

import { mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
/** What the compiled CLI is made of: a change to any of these makes dist/ stale. */
const SOURCES = ['src', 'model', 'package.json', 'scripts/build.mjs'];
const ENTRIES = { cli: 'src/cli/main.ts', 'worker-entry': 'src/engine/parallel/worker.ts', models: 'model/index.ts' };

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

/** How the CLI is bundled (bench/compile.ts compiles its workloads the same way). */
export const BUNDLE_OPTIONS = {
  outExtension: { '.js': '.mjs' },
  bundle: true,
  packages: 'external',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Function names stay readable in profiles (node --cpu-prof) and stack traces.
  keepNames: true,
  logLevel: 'error',
};

/** Bundle the entries into dist/. Each file is written under a temporary name and renamed, so
 * that runs building at the same time (parallel tests) never read a half-written file. */
export async function build() {
  const { build: esbuild } = await import('esbuild');
  const tmp = join(dist, `.build-${process.pid}`);
  mkdirSync(tmp, { recursive: true });
  await esbuild({
    absWorkingDir: root,
    entryPoints: Object.entries(ENTRIES).map(([out, from]) => ({ in: from, out })),
    outdir: tmp,
    ...BUNDLE_OPTIONS,
  });
  for (const name of Object.keys(ENTRIES)) renameSync(join(tmp, `${name}.mjs`), join(dist, `${name}.mjs`));
  rmSync(tmp, { recursive: true, force: true });
}

/** The URL of the compiled CLI, built first if stale. */
export async function ensureBuilt() {
  if (!isFresh()) await build();
  return pathToFileURL(join(dist, 'cli.mjs')).href;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await build();

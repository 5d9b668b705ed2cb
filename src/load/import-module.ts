// Importing a model module by URL, in the CLI, the library and worker threads. The compiled
// package (dist/, see scripts/build.mjs) runs without a TypeScript loader, which costs a thread
// and 34 MiB, and registers tsx the first time it imports a TypeScript module: its ESM hooks
// for `import`, and its CommonJS hooks for a model in a CommonJS project, whose `require`s of
// other .ts files Node's own loader could not read. Run from source (tsx, vitest), this module
// is itself TypeScript and a loader is in place already.

import { createRequire } from 'node:module';

const compiled = !import.meta.url.endsWith('.ts');
let registered = false;

export const TYPESCRIPT = /\.[cm]?tsx?$/;

export async function importModule(url: string): Promise<unknown> {
  if (compiled && !registered && TYPESCRIPT.test(new URL(url).pathname)) {
    const esm = await import('tsx/esm/api');
    esm.register();
    // The CommonJS hooks are a CommonJS module: loaded with require, as tsx documents.
    const cjs = createRequire(import.meta.url)('tsx/cjs/api') as { register(): unknown };
    cjs.register();
    registered = true;
  }
  return import(url);
}

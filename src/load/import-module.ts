// Importing a model module by URL, in the CLI and in worker threads. The compiled CLI (dist/,
// see scripts/build.mjs) runs without a TypeScript loader, which costs a thread and 34 MiB, and
// registers tsx the first time it imports a .ts module. Run from source (tsx, vitest), this
// module is itself TypeScript and a loader is in place already.

const compiled = !import.meta.url.endsWith('.ts');
let registered = false;

export async function importModule(url: string): Promise<unknown> {
  if (compiled && !registered && /\.[cm]?tsx?$/.test(new URL(url).pathname)) {
    const { register } = await import('tsx/esm/api');
    register();
    registered = true;
  }
  return import(url);
}

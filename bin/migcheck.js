#!/usr/bin/env node
// Runs the compiled CLI, dist/cli.mjs. An installed package ships dist/ built (`npm pack`
// builds it); in a checkout (where src/ is) it is rebuilt first whenever a source is newer,
// and if it cannot be built the CLI runs from its TypeScript source through tsx, which works
// the same but costs a loader thread (34 MiB) and 0.2 s a run.
import { existsSync } from 'node:fs';

const checkout = existsSync(new URL('../src/cli/main.ts', import.meta.url));
let cli = checkout ? undefined : new URL('../dist/cli.mjs', import.meta.url).href;
if (checkout) {
  try {
    const { ensureBuilt } = await import('../scripts/build.mjs');
    cli = await ensureBuilt();
  } catch {
    cli = undefined;
  }
}
if (cli) await import(cli);
else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}

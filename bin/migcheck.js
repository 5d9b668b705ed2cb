#!/usr/bin/env node
// Runs the compiled CLI (dist/, built by scripts/build.mjs at `npm install` and again here
// whenever a source is newer). If it cannot be built, the CLI runs from its TypeScript source
// through tsx, which works the same but costs a loader thread (34 MiB) and 0.2 s a run.
import { ensureBuilt } from '../scripts/build.mjs';

let cli;
try {
  cli = await ensureBuilt();
} catch {
  cli = undefined;
}
if (cli) await import(cli);
else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}

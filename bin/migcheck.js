#!/usr/bin/env node
// Runs the CLI from its TypeScript source: tsx compiles on load, so `npm install` is all the
// set-up there is, and model modules given as `.ts` paths load the same way.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');

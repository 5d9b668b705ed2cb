// A worker thread starts without its parent's module hooks: register tsx, so that the
// TypeScript worker loads as it does in the parent. (The compiled package has its own
// dist/necessity-job.mjs, bundled from job-worker.ts; see scripts/build.mjs.)
import { register } from 'tsx/esm/api';

register();
await import('./job-worker.ts');

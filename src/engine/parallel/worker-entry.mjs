// A worker thread starts without its parent's module hooks: register tsx, so that the
// TypeScript worker and a model given as a .ts module load as they do in the parent.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');

// A --jobs worker thread of `migcheck necessity` (jobs.ts): it runs the checks it is sent, one
// at a time, and answers each with its result (states as plain objects) or the error it threw.

import { parentPort } from 'node:worker_threads';
import { UserError } from '../../../src/errors.ts';
import { checkDesign, DESIGNS } from './design-check.ts';
import { toWire, type JobReply, type JobRequest } from './jobs.ts';

const port = parentPort!;
port.on('message', (q: JobRequest) => {
  checkDesign(DESIGNS[q.design], q.assumptions, q.scale, undefined, q.census).then(
    (r): JobReply => ({ result: r && toWire(r) }),
    (e: unknown): JobReply => ({ error: { message: e instanceof Error ? e.message : String(e), ...(e instanceof UserError && { exitCode: e.exitCode }) } }),
  ).then((reply) => port.postMessage(reply));
});

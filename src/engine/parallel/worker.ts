// A worker thread of the parallel search. It loads the model itself, replays the search's
// sequential prefix (deterministic, so its frontier is the coordinator's, index for index),
// keeps its share of that frontier, and then expands one level per request (level.ts).
// Messages go to the coordinator on a port it polls, and each is signalled on `wake[0]`;
// the coordinator's replies come on another port, signalled on `wake[id]`.

import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import type { Model } from '../../api/model.ts';
import { Search } from '../search/breadth-first.ts';
import { importModule } from '../../load/import-module.ts';
import { Instance, ModelError } from '../instance.ts';
import { LevelExpander, type Transport } from './level.ts';
import type { ChunkReply, FromWorker, ToWorker, WorkerSetup } from './protocol.ts';

const setup = workerData as WorkerSetup;
const wake = new Int32Array(setup.wake);

const transport: Transport = {
  post(m: FromWorker, transfer: ArrayBuffer[] = []) {
    setup.toMain.postMessage(m, transfer);
    Atomics.add(wake, 0, 1);
    Atomics.notify(wake, 0);
  },
  reply(): ChunkReply {
    for (;;) {
      // The coordinator posts, then bumps the counter: a reply posted after this receive
      // attempt has changed the counter, and the wait returns at once.
      const seen = Atomics.load(wake, setup.id);
      const r = receiveMessageOnPort(setup.replies) as { message: ChunkReply } | undefined;
      if (r) return r.message;
      Atomics.wait(wake, setup.id, seen);
    }
  },
};

// One line, as every error this tool prints (the coordinator reports it as an internal error).
const crash = (e: unknown) => transport.post({ kind: 'crash', message: e instanceof Error ? e.message : String(e) });

async function main(): Promise<void> {
  let m: unknown = await importModule(setup.source.url);
  for (const k of setup.source.exportPath) m = (m as { [k: string]: unknown })[k];
  const inst = new Instance(m as Model<unknown>, setup.constants);
  // The same sequential prefix as the coordinator's: same states, same indices.
  const search = new Search(inst, setup.opts);
  await search.run((frontier) => frontier >= setup.prefixFrontier);
  const level = new LevelExpander(inst, search.fpOf, setup.opts, setup.id, setup.count, transport);
  const frontier = level.adopt((take) => search.handOver(take));
  transport.post({ kind: 'ready', labels: level.newLabels(), frontier });
  parentPort!.on('message', (msg: ToWorker) => {
    if (msg.kind !== 'expand') return;
    level.expandLevel(msg.table).catch((e: unknown) => (e instanceof ModelError ? level.fail(e) : crash(e)));
  });
}

main().catch(crash);

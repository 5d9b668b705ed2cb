// The benchmark's models written as users write them (bench/models/) explore exactly the state
// spaces TLC finds for the same TLA+ (bench/tla/): their quick instances, against the counts
// TLC 2.18 gave (recorded in bench/run.ts, where the large instances are measured).

import { describe, expect, it } from 'vitest';
import { checkModel } from '../src/api/check.ts';
import lamportMutex from '../bench/models/lamport-mutex.ts';
import simpleRegular from '../bench/models/simple-regular.ts';

describe("bench models against TLC's counts", () => {
  it('LamportMutex, N = 2, maxClock = 6 (LamportMutex2.cfg): 1,043 / 2,001 / depth 40, its invariants hold', async () => {
    const r = await checkModel(lamportMutex, { constants: { N: 2, maxClock: 6 } });
    expect({ status: r.status, distinct: r.distinct, generated: r.generated, depth: r.depth }).toEqual({ status: 'ok', distinct: 1043, generated: 2001, depth: 40 });
  });

  it('LamportMutex, N = 3, maxClock = 3: 10,209 / 41,533 / depth 31', async () => {
    const r = await checkModel(lamportMutex, { constants: { N: 3, maxClock: 3 } });
    expect({ status: r.status, distinct: r.distinct, generated: r.generated, depth: r.depth }).toEqual({ status: 'ok', distinct: 10209, generated: 41533, depth: 31 });
  });

  it('SimpleRegular, N = 3 (SimpleRegular3.cfg): 109 / 224 / depth 10, its invariants hold', async () => {
    const r = await checkModel(simpleRegular, { constants: { N: 3 } });
    expect({ status: r.status, distinct: r.distinct, generated: r.generated, depth: r.depth }).toEqual({ status: 'ok', distinct: 109, generated: 224, depth: 10 });
  });
});

// `npm run bench --profile` splits a workload's CPU time between the model's own code, the
// collector and the engine (bench/profile.ts): here on a real V8 profile of a process whose
// "model" bundle and "engine" do the same work in equal amounts, and on a profile written by
// hand whose shares are known exactly.

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sharesOf } from '../bench/profile.ts';

const dir = mkdtempSync(join(tmpdir(), 'migcheck-profile-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('bench/profile.ts', () => {
  it("counts a sample as the model's when a function of the models' bundle is on its stack", () => {
    const work = 'let x = 0; for (let i = 0; i < n; i++) x = (x + Math.imul(i, 2654435761)) | 0; return x;';
    writeFileSync(join(dir, 'models.mjs'), `export function model(n) { ${work} }\n`);
    writeFileSync(join(dir, 'main.mjs'), `import { model } from './models.mjs';\nfunction engine(n) { ${work} }\nlet s = 0;\nfor (let k = 0; k < 40; k++) { s ^= model(2e6); s ^= engine(2e6); }\nconsole.log(s);\n`);
    const prof = join(dir, 'prof');
    const p = spawnSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${prof}`, join(dir, 'main.mjs')], { encoding: 'utf8' });
    expect(p.status, p.stderr).toBe(0);
    const s = sharesOf(prof);
    expect(s.model + s.gc + s.engine).toBeCloseTo(1, 9);
    // Equal work on each side; start-up and the collector go to the engine's side or the gc's.
    expect(s.model).toBeGreaterThan(0.25);
    expect(s.model).toBeLessThan(0.6);
    expect(s.engine).toBeGreaterThan(0.25);
  });

  it('splits a hand-written profile exactly', () => {
    const node = (id: number, functionName: string, url: string, children: number[] = []) => ({ id, callFrame: { functionName, url }, children });
    const profile = {
      nodes: [
        node(1, '(root)', '', [2, 5]),
        node(2, 'run', 'file:///x/workload.mjs', [3]),
        node(3, 'next', 'file:///x/models.mjs', [4]),
        node(4, 'set', 'file:///x/node_modules/immutable/dist/immutable.js'),
        node(5, '(garbage collector)', ''),
      ],
      // run 10, next 20, set (called by the model) 30, gc 40.
      samples: [2, 3, 4, 5],
      timeDeltas: [10, 20, 30, 40],
    };
    const hand = join(dir, 'hand');
    mkdirSync(hand);
    writeFileSync(join(hand, 'one.cpuprofile'), JSON.stringify(profile));
    expect(sharesOf(hand)).toEqual({ model: 0.5, gc: 0.4, engine: 0.1 });
  });
});

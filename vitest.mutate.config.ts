// The tests a mutant of the engine, the liveness phase or the gate runs against (npm run
// mutate): every in-process test of them, none that spawns the CLI, packs the package or
// drives a browser (a mutant lives in this process only, and those take minutes each).
import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.ts';

export default mergeConfig(
  base,
  defineConfig({
    test: {
      include: [
        'test/always-invariant.test.ts',
        'test/api-check.test.ts',
        'test/blind-spots.test.ts',
        'test/diehard.test.ts',
        'test/differential.test.ts',
        'test/differential-liveness.test.ts',
        'test/fingerprint.test.ts',
        'test/fingerprint-contract.test.ts',
        'test/frontier.test.ts',
        'test/gate-manifest.test.ts',
        'test/liveness.test.ts',
        'test/liveness-graph.test.ts',
        'test/liveness-instances.test.ts',
        'test/puzzles.test.ts',
        'test/refinement.test.ts',
        'test/state-domain.test.ts',
        'test/state-table.test.ts',
        'test/symmetry.test.ts',
        'test/trace.test.ts',
        'test/twophase.test.ts',
      ],
    },
  }),
);

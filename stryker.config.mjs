// Mutation testing (npm run mutate): how many deliberate faults in the engine, the liveness
// phase and the gate the tests catch. Long (hours for everything on two cores), so it is not
// part of CI; `npm run mutate -- --mutate src/liveness/scc.ts` checks one file.
// The parallel search is left out: its code runs in worker threads, where a mutant is never
// switched on, so every mutant there would survive whatever the tests say.
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'vitest.mutate.config.ts' },
  mutate: ['src/engine/**/*.ts', 'src/liveness/**/*.ts', 'src/gate/**/*.ts', '!src/engine/parallel/**'],
  coverageAnalysis: 'perTest',
  ignoreStatic: true,
  concurrency: 2,
  timeoutMS: 20000,
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
};

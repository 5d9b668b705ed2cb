// Type-level tests of the model-writing API, checked by `tsc --noEmit` (the first half of
// `npm test`): what must infer does, and what must be an error is one (an `@ts-expect-error`
// whose error disappeared fails the type check).
import { List, Record } from 'immutable';
import { always, checkModel, defineModel, eventually, implies, SF, WF, type CheckReport } from 'migcheck';

const Counter = Record({ n: 0, log: List<string>() });

// The state type comes from init, the constants' types from their declarations: no annotation.
export const counter = defineModel({
  name: 'counter',
  constants: { limit: 3, mode: { default: 'up', choices: ['up', 'down'] as const }, loud: false },
  init: [Counter()],
  spec: (c) => {
    const limit: number = c.limit;
    const mode: 'up' | 'down' = c.mode;
    const loud: boolean = c.loud;
    return {
      actions: {
        Inc: (s) => (s.n < limit ? s.set('n', s.n + 1) : null),
        Log: { params: () => [{ word: 'a' }], next: (s, p: { word: string }) => (loud ? s.set('log', s.log.push(p.word)) : s) },
      },
      invariants: { Small: (s) => s.n <= limit || mode === 'down' },
      actionProperties: { Grows: (before, after) => after.n >= before.n },
      properties: { Reaches: eventually((s) => s.n === limit) },
    };
  },
});

// Constants may be left out; init may be a function of the constants.
export const bare = defineModel({ name: 'bare', init: () => [0], spec: () => ({ actions: { Inc: (n) => n + 1 } }) });

// @ts-expect-error init is required
export const noInit = defineModel({ name: 'x', spec: () => ({ actions: {} }) });

// @ts-expect-error name is required
export const noName = defineModel({ init: [0], spec: () => ({ actions: {} }) });

// @ts-expect-error actions are required
export const noActions = defineModel({ name: 'x', init: [0], spec: () => ({ invariants: {} }) });

defineModel({
  name: 'typed',
  constants: { limit: 3 },
  init: [Counter()],
  spec: (c) => ({
    actions: {
      // @ts-expect-error a constant declared as a number is not a string
      Bad: (s) => s.set('n', c.limit.toUpperCase()),
      // @ts-expect-error the state has no field m
      Worse: (s) => s.set('m', 1),
    },
  }),
});

// The checking API's report is typed by the model's state.
export async function firstState(): Promise<number | undefined> {
  const report: CheckReport<ReturnType<typeof Counter>> = await checkModel(counter, { constants: { limit: 2 } });
  return report.violations[0]?.trace?.states[0].state.n;
}

// Fairness per instance reads like TLA+'s; `implies` takes only `eventually(Q)` as its consequent.
defineModel({
  name: 'fair',
  init: [Counter()],
  // A spec that takes no constants still names its parameter: a function without parameters
  // is typed before `init` has given the state type.
  spec: (_c) => ({
    actions: { Log: { params: () => [{ word: 'a' }], next: (s, p: { word: string }) => s.set('log', s.log.push(p.word)) } },
    properties: {
      Starts: implies((s) => s.n === 0, eventually((s) => s.log.size > 0)),
      // @ts-expect-error the consequent must be eventually(Q)
      Always: implies((s) => s.n === 0, always((s) => s.log.size > 0)),
    },
    fairness: [WF.each('Log'), WF.each('Log', (p: { word: string }) => p.word !== 'b'), SF.each('Log', (p) => p.word === 'a'), WF('Log(word=a)')],
  }),
});

import { Record } from 'immutable';
import { describe, expect, it } from 'vitest';
import { defineModel } from '../src/api/model.ts';
import { check } from '../src/api/check.ts';
import { Instance } from '../src/engine/instance.ts';
import { INITIAL_LABEL } from '../src/engine/instance.ts';

describe('trace replay', () => {
  it('picks, among several successors of one label, the one the search recorded', async () => {
    // Every action yields several successors, so replay must match by fingerprint, not take
    // the first. A shortest path from 1 to 23 has 6 steps, e.g. 1 →Grow 2 →Grow 4 →Grow 8 →Shift(by=3) 11 →Grow 22 →Grow 23.
    const model = defineModel({
      name: 'several',
      init: [1],
      spec: () => ({
        actions: {
          Grow: (s: number) => (s < 40 ? [s + 1, s * 2] : null),
          Shift: { params: () => [{ by: 1 }, { by: 3 }], next: (s: number, { by }: { by: number }) => (s >= 3 && s < 40 ? [s + by, s - by] : null) },
        },
        invariants: { Not23: (s: number) => s !== 23 },
      }),
    });
    const r = await check(Instance.create(model), { checkDeadlock: false });
    const states = r.violations[0].trace!.states;
    expect(states).toHaveLength(7);
    expect(states[0]).toMatchObject({ label: INITIAL_LABEL, state: 1, step: null });
    expect(states[6].state).toBe(23);
    // Each step is one of its label's successors.
    for (let k = 1; k < states.length; k++) {
      const a = states[k - 1].state, b = states[k].state, step = states[k].step!;
      const ok = step.action === 'Grow' ? b === a + 1 || b === a * 2 : b === a + (step.params!.by as number) || b === a - (step.params!.by as number);
      expect(ok, `${states[k].label}: ${a} -> ${b}`).toBe(true);
    }
  });

  it('replays through a view, where the recorded state and the replayed one may differ outside the view', async () => {
    // The view keeps only x: states differing in `path` are one state. Replay matches on the
    // view, so it succeeds and yields a real path even though `path` is whatever it replays to.
    const S = Record({ x: 0, path: '' });
    type S = ReturnType<typeof S>;
    const model = defineModel({
      name: 'viewed',
      init: [S()],
      spec: () => ({
        actions: {
          A: (s: S) => (s.x < 6 ? s.merge({ x: s.x + 1, path: s.path + 'a' }) : null),
          B: (s: S) => (s.x < 5 ? s.merge({ x: s.x + 2, path: s.path + 'b' }) : null),
        },
        invariants: { Below6: (s: S) => s.x < 6 },
        view: (s: S) => s.x,
      }),
    });
    const r = await check(Instance.create(model), { checkDeadlock: false });
    expect(r.distinct).toBe(7); // x = 0..6, whatever the path
    const states = r.violations[0].trace!.states;
    expect(states.map((x) => x.state.x)).toEqual([0, 2, 4, 6]);
    expect(states.map((x) => x.label)).toEqual([INITIAL_LABEL, 'B', 'B', 'B']);
    expect(states[3].state.path).toBe('bbb');
  });

  it('reports a nondeterministic model instead of printing a wrong trace', async () => {
    // The action reads hidden mutable state: after the search's three calls it yields other
    // successors, so replaying its label cannot reproduce the recorded path.
    let calls = 0;
    const model = defineModel({
      name: 'nondeterministic',
      init: [0],
      spec: () => ({
        actions: { Next: (s: number) => (s < 3 ? s + 1 + (calls++ >= 3 ? 100 : 0) : null) },
        invariants: { Small: (s: number) => s < 3 },
      }),
    });
    const r = await check(Instance.create(model), { checkDeadlock: false });
    expect(r.status).toBe('error');
    expect(r.error).toMatchObject({ part: 'action', name: 'Next', fault: true });
    expect(r.error!.message).toMatch(/not deterministic/);
  });

  it('reports nondeterministic initial states', async () => {
    let calls = 0;
    const model = defineModel({
      name: 'nondeterministic-init',
      init: () => [calls++],
      spec: () => ({
        actions: {},
        invariants: { Never: () => false },
      }),
    });
    const r = await check(Instance.create(model), { checkDeadlock: false });
    // The violation is kept, though its trace cannot be rebuilt.
    expect(r.violations.map((v) => v.property)).toEqual(['Never']);
    expect(r.error).toMatchObject({ part: 'init', fault: true });
    expect(r.error!.message).toMatch(/initial states are not deterministic/);
  });
});

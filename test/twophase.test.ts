import { describe, expect, it } from 'vitest';
import { Set as ISet } from 'immutable';
import twophase from '../model/examples/twophase.ts';
import { defineModel } from '../src/api/model.ts';
import { check } from '../src/api/check.ts';
import { Instance } from '../src/engine/instance.ts';

// TLC's own figures for TwoPhase.tla (deadlock checking off, no symmetry), matched exactly.
describe('TwoPhase (TLC figures)', () => {
  it.each([
    [3, 288, 1146, 11],
    [5, 8832, 58146, 17],
  ])('%i RMs: %i distinct, %i generated, depth %i; TPTypeOK and TCConsistent hold', async (rms, distinct, generated, depth) => {
    const r = await check(Instance.create(twophase, { rms }), { checkDeadlock: false, symmetry: false });
    expect(r.status).toBe('ok');
    expect(r.complete).toBe(true);
    expect([r.distinct, r.generated, r.depth]).toEqual([distinct, generated, depth]);
  });

  it('has no deadlock: a decided TM leaves a receive action enabled', async () => {
    const r = await check(Instance.create(twophase, { rms: 3 }), { symmetry: false });
    expect(r.violations).toEqual([]);
    expect(r.distinct).toBe(288);
  });

  it('TCConsistent catches a TM that commits without every RM prepared', async () => {
    // Mutant: TMCommit without its `tmPrepared = RM` guard, so a commit can meet an abort.
    const mutant = defineModel({
      ...twophase,
      spec: (c) => {
        const sp = twophase.spec(c);
        const commit = sp.actions.TMCommit as (s: any) => any;
        const all = ISet([1, 2]);
        const eager = (s: any) => commit(s.set('tmPrepared', all))?.set('tmPrepared', s.tmPrepared) ?? null;
        return { ...sp, actions: { ...sp.actions, TMCommit: eager } };
      },
    });
    const r = await check(Instance.create(mutant, { rms: 2 }), { checkDeadlock: false });
    expect(r.violations.map((v) => v.property)).toEqual(['TCConsistent']);
    // Shortest: one RM aborts, the TM commits, the other RM receives the commit.
    expect(r.violations[0].trace!.states).toHaveLength(4);
  });
});

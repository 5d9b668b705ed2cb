import { describe, expect, it } from 'vitest';
import migration from '../model/migration/model.ts';
import { SENDER_ACTIONS } from '../model/migration/model.ts';
import { isTerminal, type Mig } from '../model/migration/state.ts';
import { check } from '../src/api/check.ts';
import { Instance } from '../src/engine/instance.ts';
import type { Trace } from '../src/engine/search/trace.ts';
import { EXIT, UserError } from '../src/errors.ts';
import { classify } from '../model/migration/classify.ts';

type Consts = { [name: string]: string | number | boolean };

async function run(constants: Consts) {
  const r = await check(Instance.create(migration, constants), { continueAfterViolation: true });
  expect(r.complete).toBe(true);
  // The sender never gets stuck: only done, crashed and aborted (the model's terminal states) lack successors.
  expect(r.violations.filter((v) => v.kind === 'deadlock')).toEqual([]);
  const cx = (p: string) => r.violations.find((v) => v.property === p)?.trace as Trace<Mig> | undefined;
  return { r, cx, holds: (p: string) => cx(p) === undefined };
}

const labels = (t: Trace<Mig>) => t.states.map((s) => s.label);

describe('migration model: verdicts derived from docs/migration-model.md and the review', () => {
  it('committed, crash: a B.I MCE makes the sender read a broken page, and the host dies', async () => {
    // Review, case B.I: the type snapshot is taken before the read, so an MCE in between goes
    // unseen and the memcpy consumes the poison. Shortest: batch, map, query, header, MCE, read
    // (BFS tries sender actions before the MCE, so the MCE lands after the header).
    const { cx } = await run({ variant: 'committed', readBroken: 'crash' });
    const t = cx('NoBrokenRead')!;
    expect(labels(t)).toEqual(['Initial predicate', 'TakeBatch', 'MapBatch', 'QueryTypes', 'SendHeader', 'MCE(page=0)', 'Read(page=0)']);
    expect(t.states.at(-1)!.state.phase).toBe('crashed');
    expect(classify('NoBrokenRead', t)).toEqual({ page: 0, mceStep: 5, case: 'B.I' });
  });

  it('committed, crash: TargetIntegrity holds whatever the MCEs do', async () => {
    // Per page: broken before the query → typed BROKEN → fenced; broken after its read → the
    // target already has the latest data (B.II); broken in between → crash, the target never
    // resumes (B.I); not in to_send → the target holds the latest data (A).
    const { holds } = await run({ variant: 'committed', readBroken: 'crash' });
    expect(holds('TargetIntegrity')).toBe(true);
    expect(holds('NoNeedlessDiscard')).toBe(true);
  });

  it('committed, corrupt: a B.I MCE leaves poisoned data unfenced at the target', async () => {
    // With readBroken=corrupt the sender survives the B.I read and the target resumes with it.
    const { cx } = await run({ variant: 'committed', readBroken: 'corrupt' });
    const t = cx('TargetIntegrity')!;
    expect(t.states.at(-1)!.state.pages.get(0)!.target).toBe('corrupt');
    expect(classify('TargetIntegrity', t)!.case).toBe('B.I');
  });

  it('prepatch: a page broken before the type query is sent as XTAB and the target keeps stale data', async () => {
    // Xen 4.2: XTAB is ignored by the receiver, so the earlier (stale) copy survives.
    const { cx } = await run({ variant: 'prepatch' });
    const t = cx('TargetIntegrity')!;
    expect(t.states.at(-1)!.state.pages.get(0)!.toObject()).toMatchObject({ type: 'xtab', target: 'stale', fenced: false });
    expect(classify('TargetIntegrity', t)!.case).toBe('before query');
  });

  it('v2: no fencing, so a page broken before the query stays stale at the target', async () => {
    // v2 queries first and skips BROKEN pages' data, but its receiver does not fence them.
    const { cx } = await run({ variant: 'v2' });
    expect(classify('TargetIntegrity', cx('TargetIntegrity')!)!.case).toBe('before query');
  });

  it.each(['prepatch', 'committed', 'loop', 'v2'])('%s: BrokenPropagated fails through case A', async (variant) => {
    // A page not in to_send is never queried, so no design can fence it (review: "this is good
    // and proper"). Shortest: no page dirty, MCE, finish.
    const { cx } = await run({ variant });
    const t = cx('BrokenPropagated')!;
    expect(labels(t)).toEqual(['Initial predicate', 'MCE(page=0)', 'Finish']);
    expect(classify('BrokenPropagated', t)!.case).toBe('A');
  });

  it('loop/rescan with the real hypervisor (MCE does not mark dirty): the extra CLEAN finds nothing', async () => {
    // The rescan re-reads the log-dirty bitmap, which no MCE touches: every verdict equals committed's.
    const loop = await run({ variant: 'loop', loopShape: 'rescan' });
    const committed = await run({ variant: 'committed' });
    for (const p of ['NoBrokenRead', 'TargetIntegrity', 'NoNeedlessDiscard', 'BrokenPropagated']) expect(loop.holds(p)).toBe(committed.holds(p));
    expect(loop.r.reachability.find((x) => x.name === 'LoopActs')!.reached).toBe(true);
  });

  it('loop/resend fences a page the target already got (B.II): a needless discard', async () => {
    // Review, case B.II: the target has a good copy; re-sending the page as BROKEN throws it away.
    const { cx } = await run({ variant: 'loop', loopShape: 'resend' });
    const t = cx('NoNeedlessDiscard')!;
    expect(classify('NoNeedlessDiscard', t)!.case).toBe('B.II');
    expect(t.states.at(-2)!.label).toBe('Requery');
  });

  it('loop/resend, corrupt: the poisoned page of B.I is fenced afterwards, so TargetIntegrity holds', async () => {
    // The re-query sees the page broken after its (corrupt) read and fences it at the target.
    const { holds } = await run({ variant: 'loop', loopShape: 'resend', readBroken: 'corrupt' });
    expect(holds('TargetIntegrity')).toBe(true);
    expect(holds('NoBrokenRead')).toBe(false);
  });

  it('loop/rescan, corrupt, MCE marks dirty: the extra iteration fences the poisoned page', async () => {
    // Dirty bit → CLEAN puts it back in to_send → queried as BROKEN → fenced.
    const { holds } = await run({ variant: 'loop', loopShape: 'rescan', readBroken: 'corrupt', mceMarksDirty: true });
    expect(holds('TargetIntegrity')).toBe(true);
  });

  it.each<Consts>([
    { variant: 'prepatch' },
    { variant: 'committed' },
    { variant: 'committed', readBroken: 'corrupt', batchSize: 1 },
    { variant: 'loop', loopShape: 'rescan', mceMarksDirty: true },
    { variant: 'loop', loopShape: 'resend', batchSize: 2 },
    { variant: 'v2' },
  ])('%o: every reachability check is witnessed (the model is not vacuous)', async (constants) => {
    const { r } = await run(constants);
    expect(r.reachability.length).toBeGreaterThan(1);
    expect(r.reachability.filter((x) => x.reached !== true)).toEqual([]);
  });

  it('batches of one page: TargetIntegrity still holds for committed under crash', async () => {
    // The per-page argument above does not depend on how pages are grouped into batches.
    const { holds, r } = await run({ variant: 'committed', batchSize: 1 });
    expect(holds('TargetIntegrity')).toBe(true);
    expect(r.coverage.find((c) => c.label === 'TakeBatch')!.distinct).toBeGreaterThan(0);
  });

  it('Termination fails without fairness: the sender may stop forever (stutter) right at the start', async () => {
    // With no fairness a behaviour may stutter forever in any state, so the shortest lasso is
    // the initial state stuttering. This is why the model asks for WF(sender).
    const unfair = { ...migration, spec: (c: Parameters<typeof migration.spec>[0]) => ({ ...migration.spec(c), fairness: [] }) };
    const r = await check(Instance.create(unfair), { continueAfterViolation: true, properties: ['Termination'] });
    const v = r.violations.find((x) => x.property === 'Termination');
    expect(v?.kind).toBe('liveness');
    expect(v?.trace?.stuttering).toBe(true);
    expect(v?.trace?.states).toHaveLength(1);
  });

  it.each(['committed', 'loop'])('%s: Termination by construction — acyclic graph, a sender step in every non-terminal state', async (variant) => {
    // <>(done ∨ crashed ∨ aborted) under WF(sender) holds when the reachable graph has no cycle
    // (MCEs are bounded, every sender step advances) and every non-terminal state enables a
    // sender action (so fairness forbids stuttering there). Checked directly on the graph, as a
    // cross-check independent of the liveness phase (necessity.test.ts asserts its verdict).
    const inst = Instance.create(migration, { variant, loopShape: 'rescan', mceMarksDirty: true, readBroken: 'corrupt' });
    const r = await check(inst, { checkDeadlock: false, continueAfterViolation: true, graph: { atoms: [{ owner: 'isTerminal', test: isTerminal }] } });
    const g = r.graph!;
    const sender = new Set(SENDER_ACTIONS);
    for (let i = 0; i < g.size; i++) {
      const out = [...g.labels.subarray(g.offsets[i], g.offsets[i + 1])].map((l) => inst.labels.steps[l].action);
      expect(g.atoms[0][i] === 1 || out.some((a) => sender.has(a))).toBe(true);
    }
    // Kahn's algorithm consumes every state exactly when the graph is acyclic.
    const indeg = new Int32Array(g.size);
    for (const t of g.targets) indeg[t]++;
    const ready = [...indeg.keys()].filter((i) => indeg[i] === 0);
    let seen = 0;
    while (ready.length) {
      const i = ready.pop()!;
      seen++;
      for (const t of g.targets.subarray(g.offsets[i], g.offsets[i + 1])) if (--indeg[t] === 0) ready.push(t);
    }
    expect(seen).toBe(g.size);
  });

  it('a constant outside its domain is a config error (exit 151)', () => {
    expect(() => Instance.create(migration, { variant: 'v3' })).toThrow(UserError);
    try {
      Instance.create(migration, { pages: 0 });
    } catch (e) {
      expect((e as UserError).exitCode).toBe(EXIT.config);
    }
  });
});

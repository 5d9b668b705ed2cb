// Symmetry reduction (src/engine/state/symmetry.ts) on TwoPhase's interchangeable RMs: same verdicts,
// one state per orbit (counted here independently), valid traces, a wrong declaration caught.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { is, Set as ISet, type Record as IRecord } from 'immutable';
import { describe, expect, it } from 'vitest';
import twophase from '../model/examples/twophase.ts';
import { defineModel, type Model } from '../src/api/model.ts';
import { eventually } from '../src/api/temporal.ts';
import { parseCfg } from '../src/config/cfg.ts';
import { selectChecks } from '../src/config/selection.ts';
import { check } from '../src/api/check.ts';
import { Instance } from '../src/engine/instance.ts';
import { checkSymmetry, permutations } from '../src/engine/state/symmetry.ts';
import type { Trace } from '../src/engine/search/trace.ts';
import { UserError } from '../src/errors.ts';

type TP = IRecord<{ rmState: any; tmState: string; tmPrepared: any; msgs: any }> & { rmState: any; tmState: string; tmPrepared: any; msgs: any };

/** Orbits of TwoPhase's reachable states, counted by a plain BFS over all states and a canonical form of its own: the sorted per-RM tuples. */
function orbitCount(rms: number): number {
  const inst: Instance<any> = Instance.create(twophase, { rms });
  const orbit = (s: TP) => {
    const perRm = Array.from({ length: rms }, (_, i) => `${s.rmState.get(i)}/${s.tmPrepared.has(i + 1)}/${s.msgs.some((m: any) => m.get('rm') === i + 1)}`).sort();
    return `${s.tmState}|${s.msgs.some((m: any) => m.get('type') === 'Commit')}|${s.msgs.some((m: any) => m.get('type') === 'Abort')}|${perRm.join(',')}`;
  };
  const seen: TP[] = [];
  const keys = new Set<string>();
  const orbits = new Set<string>();
  for (const s of inst.initialStates() as TP[]) (seen.push(s), keys.add(JSON.stringify(s.toJS())));
  for (let i = 0; i < seen.length; i++) {
    orbits.add(orbit(seen[i]));
    inst.successors(seen[i], (n) => {
      const k = JSON.stringify((n as TP).toJS());
      if (!keys.has(k)) (keys.add(k), seen.push(n as TP));
    });
  }
  return orbits.size;
}

/** Each step of `trace` is a real step of the spec: the next state is a successor by its label (value equality). */
function expectValidTrace<S>(model: Model<S>, constants: { [name: string]: unknown }, trace: Trace<S>): void {
  const inst = Instance.create(model, constants);
  expect(inst.initialStates().some((s) => is(s, trace.states[0].state))).toBe(true);
  for (let k = 1; k < trace.states.length; k++) {
    let found = false;
    inst.successors(trace.states[k - 1].state, (n, id) => (found ||= inst.labels.texts[id] === trace.states[k].label && is(n, trace.states[k].state)));
    expect(found, `step ${k} (${trace.states[k].label})`).toBe(true);
  }
}

describe('permutations', () => {
  it('lists all n! permutations once, the identity first', () => {
    for (const n of [0, 1, 2, 3, 5]) {
      const ps = permutations(n);
      expect(ps.length).toBe([1, 1, 2, 6, 24, 120][n]);
      expect(new Set(ps.map((p) => p.join())).size).toBe(ps.length);
      expect(ps[0]).toEqual(Array.from({ length: n }, (_, i) => i));
    }
  });
});

describe('TwoPhase with symmetry', () => {
  it.each([
    [3, 288, 80, 11],
    [5, 8832, 314, 17],
  ])('%i RMs: %i states shrink to %i orbits, same depth %i; TPTypeOK and TCConsistent hold', async (rms, full, reduced, depth) => {
    const r = await check(Instance.create(twophase, { rms }), { checkDeadlock: false, symmetry: true });
    expect(r.status).toBe('ok');
    expect(r.complete).toBe(true);
    expect(r.violations).toEqual([]);
    expect([r.distinct, r.depth]).toEqual([reduced, depth]);
    const off = await check(Instance.create(twophase, { rms }), { checkDeadlock: false, symmetry: false });
    expect(off.distinct).toBe(full);
  });

  it('3 RMs: 80 is the number of orbits, counted without the engine', () => {
    expect(orbitCount(3)).toBe(80);
  });

  it('still finds a seeded bug, with a shortest trace of real (un-permuted) states', async () => {
    // "Not every RM commits" is symmetric and false: all RMs commit at depth 2n + 3.
    const seeded = defineModel({
      ...twophase,
      spec: (c) => {
        const sp = twophase.spec(c);
        return { ...sp, invariants: { ...sp.invariants, NotAllCommitted: (s: any) => !s.rmState.every((r: string) => r === 'committed') } };
      },
    });
    const on = await check(Instance.create(seeded, { rms: 3 }), { checkDeadlock: false, symmetry: true });
    const off = await check(Instance.create(seeded, { rms: 3 }), { checkDeadlock: false, symmetry: false });
    expect(on.violations.map((v) => v.property)).toEqual(['NotAllCommitted']);
    const trace = on.violations[0].trace!;
    expect(trace.states).toHaveLength(off.violations[0].trace!.states.length);
    expect(trace.states).toHaveLength(3 * 3 + 2);
    expectValidTrace(seeded, { rms: 3 }, trace);
    expect((trace.states.at(-1)!.state as TP).rmState.toArray()).toEqual(['committed', 'committed', 'committed']);
  });

  it('warns that liveness is unsound with symmetry, and not without it', async () => {
    const live = defineModel({
      ...twophase,
      spec: (c) => ({ ...twophase.spec(c), properties: { Decides: eventually((s: any) => s.tmState !== 'init') } }),
    });
    const on = await check(Instance.create(live, { rms: 2 }), { checkDeadlock: false, symmetry: true });
    expect(on.warnings!.join('\n')).toMatch(/Liveness checked together with symmetry/);
    const off = await check(Instance.create(live, { rms: 2 }), { checkDeadlock: false, symmetry: false });
    expect(off.warnings!.join('\n')).not.toMatch(/symmetry/);
  });
});

/** TwoPhase where RM 1 may not abort on its own: its declared symmetry is wrong. */
const lopsided = defineModel({
  ...twophase,
  name: 'lopsided',
  spec: (c) => {
    const sp = twophase.spec(c);
    const abort = sp.actions.RMChooseToAbort as any;
    return { ...sp, actions: { ...sp.actions, RMChooseToAbort: { params: abort.params, next: (s: any, p: any) => (p.rm === 1 ? null : abort.next(s, p)) } } };
  },
});

// Directed graphs on n labelled nodes, grown edge by edge: every one of the 2^(n(n-1)) graphs
// is reachable, and the orbits under relabelling are the unlabelled digraphs (OEIS A000273:
// 16 on 3 nodes, 218 on 4). The signature (out- and in-degree) leaves many ties whose order
// matters, which is what the signature canonicaliser must get right.
const digraphs = (signature: boolean) =>
  defineModel({
    name: 'digraphs',
    constants: { n: 3 },
    init: [ISet<string>()],
    spec: (c) => {
      const edges = Array.from({ length: c.n }, (_, i) => Array.from({ length: c.n }, (_, j) => ({ i, j }))).flat().filter(({ i, j }) => i !== j);
      const degree = (s: ISet<string>, i: number) => [s.count((e) => e.startsWith(`${i}>`)), s.count((e) => e.endsWith(`>${i}`))];
      return {
        actions: { Add: { params: () => edges, next: (s: ISet<string>, { i, j }: { i: number; j: number }) => (s.has(`${i}>${j}`) ? null : s.add(`${i}>${j}`)) } },
        symmetry: {
          size: c.n,
          permute: (s: ISet<string>, p: readonly number[]) => s.map((e) => e.split('>').map((x) => p[Number(x)]).join('>')),
          signature: signature ? degree : undefined,
        },
      };
    },
  });

describe('canonicalising by signature', () => {
  it.each([
    [3, 64, 16],
    [4, 4096, 218],
  ])('finds the %i-node digraphs: %i labelled, %i up to relabelling, as brute force does', async (n, labelled, unlabelled) => {
    const plain = await check(Instance.create(digraphs(true), { n }), { checkDeadlock: false });
    const fast = await check(Instance.create(digraphs(true), { n }), { checkDeadlock: false, symmetry: true });
    const brute = await check(Instance.create(digraphs(false), { n }), { checkDeadlock: false, symmetry: true });
    expect([plain.distinct, fast.distinct, brute.distinct]).toEqual([labelled, unlabelled, unlabelled]);
  });

  it('matches brute force on TwoPhase with 4 RMs, and --check-symmetry accepts the signature', async () => {
    const bare = defineModel({ ...twophase, spec: (c) => { const sp = twophase.spec(c); return { ...sp, symmetry: { ...sp.symmetry!, signature: undefined } }; } });
    const fast = await check(Instance.create(twophase, { rms: 4 }), { checkDeadlock: false, symmetry: true });
    const brute = await check(Instance.create(bare, { rms: 4 }), { checkDeadlock: false, symmetry: true });
    expect([fast.distinct, fast.generated, fast.depth]).toEqual([brute.distinct, brute.generated, brute.depth]);
    expect((await checkSymmetry(Instance.create(twophase, { rms: 3 }), [])).ok).toBe(true);
  });

  it('stays sound with a signature that renaming does not preserve, and --check-symmetry says so', async () => {
    // The signature names the node: every index is its own group, nothing is merged wrongly.
    const named = defineModel({ ...digraphs(true), spec: (c) => { const sp = digraphs(true).spec(c); return { ...sp, symmetry: { ...sp.symmetry!, signature: (_s: unknown, i: number) => i } }; } });
    const r = await check(Instance.create(named, { n: 3 }), { checkDeadlock: false, symmetry: true });
    expect(r.distinct).toBeGreaterThanOrEqual(16);
    expect(r.distinct).toBeLessThanOrEqual(64);
    const verdict = await checkSymmetry(Instance.create(named, { n: 3 }), []);
    expect(verdict.ok).toBe(false);
    if (verdict.ok === false) expect(verdict.reason).toMatch(/signature of index/);
  });
});

describe('checkSymmetry', () => {
  it('accepts TwoPhase', async () => {
    expect(await checkSymmetry(Instance.create(twophase, { rms: 3 }), ['TPTypeOK', 'TCConsistent'])).toEqual({ ok: true, states: 288, permutations: 6 });
  });

  it('rejects a model whose actions treat one index differently', async () => {
    const r = await checkSymmetry(Instance.create(lopsided, { rms: 3 }), []);
    expect(r.ok).toBe(false);
    if (r.ok === false) expect(r.reason).toMatch(/successors of the permuted state/);
  });

  it('rejects an invariant that tells permuted states apart', async () => {
    const biased = defineModel({
      ...twophase,
      spec: (c) => {
        const sp = twophase.spec(c);
        return { ...sp, invariants: { ...sp.invariants, FirstWorking: (s: any) => s.rmState.get(0) === 'working' } };
      },
    });
    const r = await checkSymmetry(Instance.create(biased, { rms: 2 }), ['TCConsistent', 'FirstWorking']);
    expect(r.ok).toBe(false);
    if (r.ok === false) expect(r.reason).toMatch(/invariant FirstWorking/);
  });
});

describe('command line and cfg', () => {
  const root = resolve(import.meta.dirname, '..');
  const migcheck = (...args: string[]) => {
    const r = spawnSync(process.execPath, ['bin/migcheck.js', ...args], { cwd: root, encoding: 'utf8' });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  it('--check-symmetry exits 151 with the counterexample for a wrong declaration, 0 for a right one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'migcheck-sym-'));
    const file = join(dir, 'lopsided.mts');
    writeFileSync(
      file,
      [
        `import twophase from ${JSON.stringify(join(root, 'model/examples/twophase.ts'))};`,
        `export default { ...twophase, name: 'lopsided', spec: (c) => { const sp = twophase.spec(c); const a = sp.actions.RMChooseToAbort;`,
        `  return { ...sp, actions: { ...sp.actions, RMChooseToAbort: { params: a.params, next: (s, p) => (p.rm === 1 ? null : a.next(s, p)) } } }; } };`,
      ].join('\n'),
    );
    const bad = migcheck('check', file, '--check-symmetry');
    expect(bad.code).toBe(151);
    expect(bad.stderr).toMatch(/symmetry of model lopsided is wrong: the successors .* permutation: \[/);
    const good = migcheck('check', 'twophase', '--check-symmetry');
    expect(good.code).toBe(0);
    expect(good.stdout).toContain('holds on all 288 reachable states under all 6 permutations');
  });

  it('--check-symmetry honours --json (one document) and --max-states (exit 152)', () => {
    const ok = migcheck('check', 'twophase', '--check-symmetry', '--json');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ command: 'check-symmetry', result: 'ok', exitCode: 0, states: 288, permutations: 6, counterexample: null });
    const bounded = migcheck('check', 'twophase', '--check-symmetry', '--json', '--max-states', '50');
    expect(bounded.code).toBe(152);
    expect(JSON.parse(bounded.stdout)).toMatchObject({ result: 'limit', exitCode: 152, states: 50, limit: '--max-states 50' });
    expect(migcheck('check', 'twophase', '--check-symmetry', '--max-states', '50').stdout).toContain('stopped at --max-states 50: no counterexample among the 50 states checked');
  });

  it('--symmetry on a model that declares none is an error (151), as a cfg SYMMETRY is', () => {
    const r = migcheck('check', 'diehard', '--symmetry');
    expect(r.code).toBe(151);
    expect(r.stderr).toContain('--symmetry: model diehard declares no symmetry');
  });

  it('symmetry is opt-in, as in TLC: every state by default, one per orbit with --symmetry', () => {
    expect(migcheck('check', 'twophase', '--no-deadlock').stdout).toMatch(/\b288 distinct states found/);
    expect(migcheck('check', 'twophase', '--no-deadlock', '--symmetry').stdout).toMatch(/\b80 distinct states found/);
  });

  it('a cfg SYMMETRY needs a model that declares symmetry', () => {
    const cfg = parseCfg('m.cfg', 'SYMMETRY Perms');
    expect(() => selectChecks('twophase', Instance.create(twophase).spec, cfg, {})).not.toThrow();
    const diehard = Instance.create(lopsided).spec;
    const { symmetry: _, ...noSymmetry } = diehard;
    let err: unknown;
    try {
      selectChecks('plain', noSymmetry, cfg, {});
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).exitCode).toBe(151);
    expect((err as UserError).message).toMatch(/^m\.cfg:1: SYMMETRY Perms is named, but model plain defines no symmetry/);
  });
});

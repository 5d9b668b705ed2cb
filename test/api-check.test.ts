// The public checking API as a library user calls it: options, the report, its exit code.
import { describe, expect, it } from 'vitest';
import { checkModel, constantsOf, EXIT, formatReport, toJson, UserError } from 'migcheck';
import diehard from '../model/examples/diehard.ts';
import peterson from '../model/examples/peterson.ts';

describe('checkModel', () => {
  it('reports a violation with its shortest trace and TLC exit code', async () => {
    const r = await checkModel(diehard);
    expect([r.status, r.exitCode, r.violations[0].property, r.violations[0].trace!.states.length]).toEqual(['violation', EXIT.safety, 'NotFour', 7]);
    expect(r.checked).toEqual({ invariants: ['TypeOK', 'NotFour'], actionProperties: [], reachable: [], properties: [], deadlock: true });
    expect(formatReport(r)).toContain('Error: Invariant NotFour is violated.');
    expect(JSON.parse(toJson(r))).toMatchObject({ tool: 'migcheck', command: 'check', model: 'diehard', exitCode: 12, distinct: r.distinct });
  });

  it('reads an empty list of names as none, and a list as exactly those', async () => {
    const none = await checkModel(diehard, { invariants: [] });
    expect([none.status, none.exitCode, none.distinct, none.checked.invariants]).toEqual(['ok', 0, 16, []]);
    const typeOk = await checkModel(diehard, { invariants: ['TypeOK'] });
    expect(typeOk.checked.invariants).toEqual(['TypeOK']);
    const noLiveness = await checkModel(peterson, { constants: { fair: false }, properties: [] });
    expect([noLiveness.exitCode, noLiveness.livenessMs]).toEqual([0, undefined]);
    const starving = await checkModel(peterson, { constants: { fair: false }, properties: ['StarvationFree0'] });
    expect([starving.exitCode, starving.violations.map((v) => v.property)]).toEqual([EXIT.liveness, ['StarvationFree0']]);
  });

  it('refuses an unknown name or a mistyped constant with a UserError and its exit code', async () => {
    await expect(checkModel(diehard, { invariants: ['toString'] })).rejects.toMatchObject({ exitCode: EXIT.config });
    await expect(checkModel(diehard, { constants: { goal: '4' as unknown as number } })).rejects.toBeInstanceOf(UserError);
    expect(() => constantsOf(diehard, { goal: 4.5 })).toThrow(/goal/);
    expect(constantsOf(diehard, { goal: 3 })).toEqual({ smallCap: 3, bigCap: 5, goal: 3 });
  });

  it('stops when its AbortSignal aborts, with status interrupted and exit code 130', async () => {
    const r = await checkModel(diehard, { invariants: [], signal: AbortSignal.abort() });
    expect([r.status, r.exitCode]).toEqual(['interrupted', EXIT.interrupted]);
  });
});

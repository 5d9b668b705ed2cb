import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import diehard from '../model/examples/diehard.ts';
import { parseCfg } from '../src/config/cfg.ts';
import { constantOverrides, selectChecks } from '../src/config/selection.ts';
import { pick } from '../src/engine/search/expand.ts';
import { Instance, ModelError } from '../src/engine/instance.ts';
import { UserError } from '../src/errors.ts';
import kinds from './fixtures/kinds.ts';
import { migcheck } from './support/cli.ts';

const configErrorOf = (f: () => unknown): UserError => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    expect((e as UserError).exitCode).toBe(151);
    return e as UserError;
  }
  throw new Error('expected a config error');
};

describe('parseCfg', () => {
  it('reads constants of every literal kind, lists, CHECK_DEADLOCK, and skips comments and INIT/NEXT', () => {
    const cfg = parseCfg(
      'm.cfg',
      [
        'CONSTANTS N = 3  Neg = -2',
        '  Flag = TRUE  Name = "two words"  Proc = p1 \\* a model value',
        '(* a (* nested *)',
        '   block comment *)',
        'INIT Init NEXT Next SPECIFICATION Spec',
        'INVARIANTS TypeOK Safe',
        'PROPERTY Live',
        'CONSTRAINT Bound ACTION_CONSTRAINT StepBound',
        'CHECK_DEADLOCK FALSE',
        'SYMMETRY Perms VIEW V',
      ].join('\n'),
    );
    expect(cfg.constants.map((c) => [c.value.name, c.value.value, c.line])).toEqual([
      ['N', { kind: 'number', text: '3' }, 1],
      ['Neg', { kind: 'number', text: '-2' }, 1],
      ['Flag', { kind: 'boolean', text: 'TRUE', value: true }, 2],
      ['Name', { kind: 'string', text: '"two words"', value: 'two words' }, 2],
      ['Proc', { kind: 'string', text: 'p1', value: 'p1' }, 2],
    ]);
    expect(cfg.invariants).toEqual([{ value: 'TypeOK', line: 6 }, { value: 'Safe', line: 6 }]);
    expect(cfg.properties.map((p) => p.value)).toEqual(['Live']);
    expect(cfg.constraints.map((p) => p.value)).toEqual(['Bound']);
    expect(cfg.actionConstraints.map((p) => p.value)).toEqual(['StepBound']);
    expect(cfg.checkDeadlock).toEqual({ value: false, line: 9 });
    expect(cfg.symmetry.map((p) => p.value)).toEqual(['Perms']);
    expect(cfg.view?.value).toBe('V');
  });

  it('rejects an unknown keyword with file:line and the known keywords', () => {
    const e = configErrorOf(() => parseCfg('m.cfg', '\\* comment\n\nINVARIENT B\nINVARIANT A'));
    expect(e.message).toMatch(/^m\.cfg:3: /);
    expect(e.message).toContain('INVARIENT');
    expect(e.message).toContain('known keywords');
  });

  it('rejects malformed constants, CHECK_DEADLOCK values and unterminated comments', () => {
    expect(configErrorOf(() => parseCfg('m.cfg', 'CONSTANT N =\nINVARIANT A')).message).toMatch(/^m\.cfg:1: constant N has no value/);
    expect(configErrorOf(() => parseCfg('m.cfg', 'CONSTANT N <- M')).message).toContain('substitution');
    expect(configErrorOf(() => parseCfg('m.cfg', 'CHECK_DEADLOCK maybe')).message).toContain('TRUE or FALSE');
    expect(configErrorOf(() => parseCfg('m.cfg', 'INVARIANT A\n(* open')).message).toMatch(/^m\.cfg:2: unterminated comment/);
  });
});

describe("TLC's cfg layout", () => {
  it('takes a constant\'s value on the line after "="', () => {
    const cfg = parseCfg('m.cfg', 'CONSTANTS\n  pages =\n    3\n  name =\n  "x"\nINVARIANT Inv');
    expect(cfg.constants.map((c) => [c.value.name, c.value.value.text, c.line])).toEqual([
      ['pages', '3', 2],
      ['name', '"x"', 4],
    ]);
    expect(cfg.invariants.map((i) => i.value)).toEqual(['Inv']);
  });

  it('rejects CHECK_DEADLOCK without TRUE or FALSE after it', () => {
    expect(configErrorOf(() => parseCfg('m.cfg', 'INVARIANT A\nCHECK_DEADLOCK')).message).toBe('m.cfg:2: CHECK_DEADLOCK needs TRUE or FALSE after it.');
    expect(configErrorOf(() => parseCfg('m.cfg', 'CHECK_DEADLOCK\nINVARIANT A')).message).toBe('m.cfg:1: CHECK_DEADLOCK needs TRUE or FALSE after it, before INVARIANT.');
    expect(configErrorOf(() => parseCfg('m.cfg', 'CHECK_DEADLOCK "TRUE"')).message).toContain('CHECK_DEADLOCK is TRUE or FALSE; got "TRUE"');
    expect(configErrorOf(() => parseCfg('m.cfg', 'CHECK_DEADLOCK TRUE\nCHECK_DEADLOCK FALSE')).message).toMatch(/^m\.cfg:2: CHECK_DEADLOCK takes a single value/);
  });

  it('INIT, NEXT and SPECIFICATION take one name each; a word after it that is not a keyword is an error', () => {
    const e = configErrorOf(() => parseCfg('m.cfg', 'SPECIFICATION Spec\nPOSTCONDITION Foo'));
    expect(e.message).toMatch(/^m\.cfg:2: unknown keyword "POSTCONDITION" \(known keywords: CONSTANT, CONSTANTS, .*SPECIFICATION\)\.$/);
    expect(configErrorOf(() => parseCfg('m.cfg', 'INIT Init Next')).message).toMatch(/^m\.cfg:1: unknown keyword "Next"/);
    expect(configErrorOf(() => parseCfg('m.cfg', 'NEXT\nINVARIANT A')).message).toBe('m.cfg:1: NEXT needs a name after it, before INVARIANT.');
    expect(configErrorOf(() => parseCfg('m.cfg', 'VIEW "v"')).message).toBe('m.cfg:1: VIEW takes a name; got "v".');
    expect(parseCfg('m.cfg', 'INIT Init NEXT Next INVARIANT A B').invariants.map((i) => i.value)).toEqual(['A', 'B']);
  });

  it('reads a name of any length as one word', () => {
    const long = `Inv${'x'.repeat(300)}`;
    expect(parseCfg('m.cfg', `INVARIANT ${long} B`).invariants.map((i) => i.value)).toEqual([long, 'B']);
  });

  it('keywords are its own words: valueOf or toString is a name, not a keyword', () => {
    expect(parseCfg('m.cfg', 'INVARIANT TypeOK\nvalueOf NotFour').invariants.map((i) => i.value)).toEqual(['TypeOK', 'valueOf', 'NotFour']);
    expect(configErrorOf(() => parseCfg('m.cfg', 'toString NotFour')).message).toMatch(/^m\.cfg:1: unknown keyword "toString"/);
    expect(configErrorOf(() => parseCfg('m.cfg', 'CONSTANT N = constructor\nhasOwnProperty')).message).toMatch(/^m\.cfg:2: expected "=" after constant hasOwnProperty/);
  });

  it('reads a set of model values, and only "=" as a symbol assigns', () => {
    const cfg = parseCfg('m.cfg', 'CONSTANT Procs = {p1, "p 2",\n p1} None = {}');
    expect(cfg.constants.map((c) => c.value.value)).toEqual([
      { kind: 'set', text: '{p1, "p 2", p1}', value: ['p1', 'p 2'] },
      { kind: 'set', text: '{}', value: [] },
    ]);
    expect(configErrorOf(() => parseCfg('m.cfg', 'CONSTANT P = {p1 p2}')).message).toBe('m.cfg:1: expected "," or "}" in the set for constant P; got "p2".');
    expect(configErrorOf(() => parseCfg('m.cfg', 'CONSTANT P = {p1,\nINVARIANT A}')).message).toBe('m.cfg:2: expected a model value in the set for constant P; got "INVARIANT".');
    expect(configErrorOf(() => parseCfg('m.cfg', 'CONSTANT P = {3}')).message).toContain('expected a model value in the set for constant P; got "3"');
    expect(configErrorOf(() => parseCfg('m.cfg', 'CONSTANT P = {p1')).message).toBe('m.cfg:1: the set for constant P has no closing "}".');
    expect(configErrorOf(() => parseCfg('m.cfg', 'CONSTANT P "=" 3')).message).toMatch(/^m\.cfg:1: expected "=" after constant P/);
    expect(configErrorOf(() => parseCfg('m.cfg', 'CONSTANT P = }')).message).toBe('m.cfg:1: constant P has no value after "=", but "}".');
  });
});

describe('selecting checks against the model', () => {
  const spec = Instance.create(diehard).spec;

  it('narrows invariants to the cfg list, and flags override the file', () => {
    const cfg = parseCfg('d.cfg', 'INVARIANT TypeOK\nCHECK_DEADLOCK FALSE');
    expect(selectChecks('diehard', spec, undefined, {}).invariants).toEqual(['TypeOK', 'NotFour']);
    const fromFile = selectChecks('diehard', spec, cfg, {});
    expect([fromFile.invariants, fromFile.checkDeadlock]).toEqual([['TypeOK'], false]);
    expect(selectChecks('diehard', spec, cfg, { invariants: ['NotFour'] }).invariants).toEqual(['NotFour']);
  });

  it('reports an unknown invariant with its line and the model\'s invariants', () => {
    const cfg = parseCfg('d.cfg', '\nINVARIANT NotFive');
    const e = configErrorOf(() => selectChecks('diehard', spec, cfg, {}));
    expect(e.message).toBe('d.cfg:2: unknown invariant NotFive for model diehard. Its invariants are: TypeOK, NotFour.');
  });

  it('a set of model values is a clear error at its line unless the constant is one', () => {
    const e = configErrorOf(() => constantOverrides(diehard, parseCfg('d.cfg', 'CONSTANTS\n  goal = {g1, g2}'), []));
    expect(e.message).toBe('d.cfg:2: Constant goal of model diehard is an integer in -9007199254740991..9007199254740991; got {g1, g2}: sets of model values are not supported as constants.');
    expect(constantOverrides(kinds, parseCfg('k.cfg', 'CONSTANT procs = {q1, q2}'), [])).toEqual({ procs: ['q1', 'q2'] });
  });

  it('checks constants from the file with their line, and --const values override them', () => {
    expect(constantOverrides(diehard, parseCfg('d.cfg', 'CONSTANT goal = 3'), ['goal=2'])).toEqual({ goal: 2 });
    const e = configErrorOf(() => constantOverrides(diehard, parseCfg('d.cfg', 'CONSTANTS\n  bigCap = 5\n  hugeCap = 9'), []));
    expect(e.message).toMatch(/^d\.cfg:3: Unknown constant hugeCap for model diehard\. Its constants are: smallCap, bigCap, goal\./);
  });
});

describe('--invariant and --property on the command line', () => {
  it('take one or more names after one flag, and repeat', () => {
    const both = migcheck('check', 'diehard', '--invariant', 'TypeOK', 'NotFour', '--quiet', '--json');
    expect(both.code).toBe(12);
    expect(JSON.parse(both.stdout).violations.map((v: { property: string }) => v.property)).toEqual(['NotFour']);
    expect(migcheck('check', 'diehard', '--invariant', 'TypeOK', '--invariant', 'NotFour', '--quiet').code).toBe(12);
    expect(migcheck('check', '--quiet', '--invariant', 'TypeOK', '--', 'diehard').code).toBe(0);
    const r = migcheck('check', 'peterson', '--const', 'fair=false', '--property', 'StarvationFree0', 'StarvationFree1', '--continue', '--quiet', '--json');
    expect(JSON.parse(r.stdout).violations.map((v: { property: string }) => v.property).sort()).toEqual(['StarvationFree0', 'StarvationFree1']);
  });
});

describe('names are looked up by own keys, never through the prototype', () => {
  const spec = Instance.create(diehard).spec;

  it('rejects toString, constructor, valueOf, hasOwnProperty as invariants, properties and constraints', () => {
    expect(configErrorOf(() => selectChecks('diehard', spec, undefined, { invariants: ['toString'] })).message).toBe(
      '--invariant: unknown invariant toString for model diehard. Its invariants are: TypeOK, NotFour.',
    );
    expect(configErrorOf(() => selectChecks('diehard', spec, undefined, { properties: ['constructor'] })).message).toMatch(/^--property: unknown property constructor /);
    expect(configErrorOf(() => selectChecks('diehard', spec, parseCfg('d.cfg', 'INVARIANT TypeOK\nvalueOf NotFour'), {})).message).toMatch(/^d\.cfg:2: unknown invariant valueOf /);
    expect(configErrorOf(() => selectChecks('diehard', spec, parseCfg('d.cfg', 'CONSTRAINT hasOwnProperty'), {})).message).toMatch(/^d\.cfg:1: unknown constraint hasOwnProperty /);
  });

  it('pick (what the engine checks) does not find a prototype member', () => {
    expect(() => pick('invariant', spec.invariants, ['hasOwnProperty'])).toThrow(ModelError);
    expect(pick('invariant', spec.invariants, ['NotFour']).map(([n]) => n)).toEqual(['NotFour']);
  });

  it('a cfg that names a keyword TLC has and migcheck does not is exit 151, not a run that ignores it', () => {
    const cfg = join(mkdtempSync(join(tmpdir(), 'migcheck-cfg-')), 'post.cfg');
    writeFileSync(cfg, 'SPECIFICATION Spec\nPOSTCONDITION Foo\n');
    const r = migcheck('check', 'diehard', '--config', cfg, '--invariant', 'TypeOK', '--quiet');
    expect(r.code).toBe(151);
    expect(r.stderr).toContain(`${cfg}:2: unknown keyword "POSTCONDITION"`);
  });

  it('--invariant toString is exit 151, not a run that checks nothing', () => {
    const r = migcheck('check', 'diehard', '--invariant', 'toString', '--quiet');
    expect(r.code).toBe(151);
    expect(r.stderr).toContain('unknown invariant toString for model diehard');
  });
});

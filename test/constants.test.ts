import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import diehard from '../model/examples/diehard.ts';
import twophase from '../model/examples/twophase.ts';
import { defineModel, type ConstantDecls } from '../src/api/model.ts';
import { parseCfg } from '../src/config/cfg.ts';
import { constantOverrides } from '../src/config/selection.ts';
import { Instance } from '../src/engine/instance.ts';
import { UserError } from '../src/errors.ts';
import kinds from './fixtures/kinds.ts';
import { migcheck, root } from './support/cli.ts';

/** The UserError `f` throws, after checking its exit code. */
const userErrorOf = (f: () => unknown, exitCode = 151): UserError => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    expect((e as UserError).exitCode).toBe(exitCode);
    return e as UserError;
  }
  throw new Error('expected a UserError');
};

const fromFlag = (text: string) => constantOverrides(kinds, undefined, [text]);
const fromCfg = (text: string) => constantOverrides(kinds, parseCfg('k.cfg', text), []);
const SAFE = '-9007199254740991..9007199254740991';

describe('constant names', () => {
  it("are the model's own: constructor is unknown from every source", () => {
    const known = 'Unknown constant constructor for model diehard. Its constants are: smallCap, bigCap, goal.';
    expect(userErrorOf(() => constantOverrides(diehard, undefined, ['constructor=1'])).message).toBe(`--const constructor=1: ${known}`);
    expect(userErrorOf(() => Instance.create(diehard, { constructor: 1 })).message).toBe(known);
  });
});

describe('--const text', () => {
  it('takes integers as an optional "-" and decimal digits without leading zeros', () => {
    expect(fromFlag('n=42')).toEqual({ n: 42 });
    expect(fromFlag('n=-5')).toEqual({ n: -5 });
    expect(fromFlag('n=0')).toEqual({ n: 0 });
    expect(fromFlag('big=9007199254740991')).toEqual({ big: 9007199254740991 });
    expect(fromFlag('big=-9007199254740991')).toEqual({ big: -9007199254740991 });
  });

  it('rejects reals, other notations, blanks and values beyond the range, naming the constant and its range', () => {
    for (const text of ['2.5', '0x10', '1e3', ' 3 ', '+3', '03', '', '3.0', 'Infinity', 'NaN', '1_000']) {
      expect(userErrorOf(() => fromFlag(`n=${text}`)).message).toBe(`--const n=${text}: Constant n of model kinds is an integer in -5..100; got ${JSON.stringify(text)}.`);
    }
    expect(userErrorOf(() => fromFlag('n=101')).message).toContain('is an integer in -5..100; got "101".');
    // Beyond 2^53 a double cannot hold the value: it would be rounded, so it is refused.
    expect(userErrorOf(() => fromFlag('big=9007199254740993')).message).toBe(
      `--const big=9007199254740993: Constant big of model kinds is an integer in ${SAFE}; got "9007199254740993".`,
    );
    expect(userErrorOf(() => fromFlag('big=-9007199254740992')).message).toContain(SAFE);
  });

  it('takes booleans as TRUE, FALSE, true or false', () => {
    for (const [text, value] of [['TRUE', true], ['true', true], ['FALSE', false], ['false', false]] as const) expect(fromFlag(`flag=${text}`)).toEqual({ flag: value });
    for (const text of ['True', '1', 'yes', ' true', '"TRUE"']) expect(userErrorOf(() => fromFlag(`flag=${text}`)).message).toContain('Constant flag of model kinds is TRUE or FALSE');
  });

  it('takes a string as written, or quoted (the quotes removed), and checks choices', () => {
    expect(fromFlag('label= two words ')).toEqual({ label: ' two words ' });
    expect(fromFlag('label="x=1"')).toEqual({ label: 'x=1' });
    expect(fromFlag('label=')).toEqual({ label: '' });
    expect(fromFlag('mode="y"')).toEqual({ mode: 'y' });
    expect(userErrorOf(() => fromFlag('mode=z')).message).toBe('--const mode=z: Constant mode of model kinds is one of "x", "y"; got "z".');
  });

  it('does not set a set of model values', () => {
    expect(userErrorOf(() => fromFlag('procs=p1')).message).toContain('is a set of model values (in a cfg file: {m1, m2})');
  });
});

describe('cfg literals', () => {
  it('take an integer, TRUE/FALSE, a "string" or a model value, each only for a constant of its type', () => {
    expect(fromCfg('CONSTANTS n = -3 big = 9007199254740991 flag = TRUE label = "s t" mode = y')).toEqual({
      n: -3,
      big: 9007199254740991,
      flag: true,
      label: 's t',
      mode: 'y',
    });
    expect(userErrorOf(() => fromCfg('CONSTANT\n n = 2.5')).message).toBe('k.cfg:2: Constant n of model kinds is an integer in -5..100; got 2.5.');
    expect(userErrorOf(() => fromCfg('CONSTANT big = 9007199254740993')).message).toBe(`k.cfg:1: Constant big of model kinds is an integer in ${SAFE}; got 9007199254740993.`);
    for (const [text, got] of [['n = "3"', '"3"'], ['n = TRUE', 'TRUE'], ['n = three', 'three'], ['n = 0x10', '0x10'], ['n = 03', '03'], ['n = +3', '+3']]) {
      expect(userErrorOf(() => fromCfg(`CONSTANT ${text}`)).message).toBe(`k.cfg:1: Constant n of model kinds is an integer in -5..100; got ${got}.`);
    }
    expect(userErrorOf(() => fromCfg('CONSTANT flag = "TRUE"')).message).toContain('is TRUE or FALSE; got "TRUE".');
    expect(userErrorOf(() => fromCfg('CONSTANT flag = true')).message).toContain('is TRUE or FALSE; got true.');
    expect(userErrorOf(() => fromCfg('CONSTANT label = 3')).message).toContain('is a string; got 3.');
  });
});

describe('overrides from code', () => {
  it('must already have the constant\'s type: no text parsing, no reals, no rounding', () => {
    expect(Instance.create(kinds, { n: 7, flag: true, label: '3', mode: 'y', procs: ['q'] }).constants).toMatchObject({ n: 7, flag: true, label: '3', mode: 'y', procs: ['q'] });
    for (const [name, value, got] of [
      ['n', 2.5, '2.5'],
      ['n', '3', '"3"'],
      ['n', NaN, 'NaN'],
      ['big', 2 ** 53, '9007199254740992'],
      ['big', 10n, '10'],
      ['flag', 'TRUE', '"TRUE"'],
      ['flag', 1, '1'],
      ['label', 3, '3'],
      ['procs', ['p1', 2], '{"p1", 2}'],
    ] as const) {
      const message = userErrorOf(() => Instance.create(kinds, { [name]: value })).message;
      expect([message.startsWith(`Constant ${name} of model kinds is `), message.endsWith(`; got ${got}.`)], message).toEqual([true, true]);
    }
  });

  it('a set of model values is refused, clearly, for a constant that is not one', () => {
    expect(userErrorOf(() => Instance.create(kinds, { label: ['p1'] })).message).toBe(
      'Constant label of model kinds is a string; got {"p1"}: sets of model values are not supported as constants.',
    );
  });

  it('the built-in twophase takes no rms = 2.5 (it used to report a false TPTypeOK violation)', () => {
    expect(userErrorOf(() => Instance.create(twophase, { rms: 2.5 })).message).toBe('Constant rms of model twophase is an integer in 1..12; got 2.5.');
  });
});

describe('declarations', () => {
  const model = (constants: ConstantDecls) => defineModel({ name: 'm', constants, init: [0], spec: () => ({ actions: {} }) });

  it('a default that is not an integer, outside its own bounds or not among its own choices is a load error (150)', () => {
    const cases: [ConstantDecls, string][] = [
      [{ k: 2.5 }, 'its default 2.5 is not an integer in -9007199254740991..9007199254740991'],
      [{ k: 2 ** 60 }, `its default ${2 ** 60} is not an integer in`],
      [{ k: { default: 0, min: 1 } }, 'its default 0 is not an integer in 1..9007199254740991'],
      [{ k: { default: 'c', choices: ['a', 'b'] } }, 'its default "c" is not one of "a", "b"'],
      [{ k: { default: 1, max: 1.5 } }, 'its bound 1.5 is not a safe integer'],
    ];
    for (const [constants, why] of cases) {
      expect(userErrorOf(() => Instance.create(model(constants)), 150).message).toContain(`Model m declares constant k wrongly: ${why}`);
    }
  });
});

describe('the command line', () => {
  it('--const rms=2.5 on twophase and pages = 2.5 in a cfg are config errors (151), not a violation or a crash', () => {
    const r = migcheck('check', 'twophase', '--const', 'rms=2.5', '--quiet');
    expect([r.code, r.stderr.trim()]).toEqual([151, '--const rms=2.5: Constant rms of model twophase is an integer in 1..12; got "2.5".']);
    const big = migcheck('check', 'diehard', '--const', 'goal=9007199254740993', '--quiet');
    expect([big.code, big.stderr]).toEqual([151, expect.stringContaining(`Constant goal of model diehard is an integer in ${SAFE}`)]);
    const cfg = join(mkdtempSync(join(tmpdir(), 'migcheck-consts-')), 'half.cfg');
    writeFileSync(cfg, 'CONSTANT pages = 2.5\n');
    const half = migcheck('check', 'migration', '--config', cfg, '--quiet');
    expect([half.code, half.stderr.trim()]).toEqual([151, `${cfg}:1: Constant pages of model migration is an integer in 1..12; got 2.5.`]);
    const pages = migcheck('necessity', '--pages', '2.5');
    expect([pages.code, pages.stderr.trim()]).toEqual([151, '--pages 2.5: Constant pages of model migration is an integer in 1..12; got "2.5".']);
  });

  it('a model with a bad default does not load (150), naming the model and the constant', () => {
    const r = migcheck('check', 'test/fixtures/bad-default.ts');
    expect([r.code, r.stderr.trim()]).toEqual([150, `Cannot load model ${join(root, 'test/fixtures/bad-default.ts')}: Model bad-default declares constant rate wrongly: its default 2.5 is not an integer in -9007199254740991..9007199254740991.`]);
  });
});

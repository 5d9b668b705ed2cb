// Property-based tests of what a cfg file and `--const NAME=VALUE` accept: on random texts
// (built from a small grammar, with junk mixed in) the checker either returns exactly what a
// small reference parser written here says, or throws a config error (exit 151). Any other
// exception, or an accepted text the reference reads differently or not at all, fails.
// FUZZ_RUNS=100000 npx vitest run test/config-fuzz.test.ts runs longer.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCfg, type CfgFile } from '../src/config/cfg.ts';
import { constantOverrides } from '../src/config/selection.ts';
import { UserError } from '../src/errors.ts';
import kinds from './fixtures/kinds.ts';

const numRuns = Number(process.env.FUZZ_RUNS) || 300;

// ---- The reference: the rules as the README states them, written out plainly. ----

type Decl =
  | { readonly type: 'int'; readonly min: bigint; readonly max: bigint }
  | { readonly type: 'bool' }
  | { readonly type: 'string'; readonly choices?: readonly string[] }
  | { readonly type: 'set' };

const SAFE = 2n ** 53n - 1n;
/** test/fixtures/kinds.ts's constants, as the reference sees them. */
const DECLS = new Map<string, Decl>([
  ['n', { type: 'int', min: -5n, max: 100n }],
  ['big', { type: 'int', min: -SAFE, max: SAFE }],
  ['flag', { type: 'bool' }],
  ['label', { type: 'string' }],
  ['mode', { type: 'string', choices: ['x', 'y'] }],
  ['procs', { type: 'set' }],
]);

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';

/** An optional "-", then decimal digits, with no leading zero unless the digits are "0". */
function isDecimal(text: string): boolean {
  const digits = text.startsWith('-') ? text.slice(1) : text;
  return digits.length > 0 && [...digits].every(isDigit) && (digits === '0' || digits[0] !== '0');
}

function refInteger(d: Decl & { type: 'int' }, text: string): number | undefined {
  if (!isDecimal(text)) return undefined;
  const n = BigInt(text);
  return n >= d.min && n <= d.max ? Number(n) : undefined;
}

const inChoices = (d: Decl & { type: 'string' }, v: string) => (d.choices === undefined || d.choices.includes(v) ? v : undefined);

/** `--const NAME=VALUE`: the constants it sets, or undefined for an error. */
function refFlag(flag: string): { [name: string]: unknown } | undefined {
  const eq = flag.indexOf('=');
  if (eq < 1) return undefined;
  const name = flag.slice(0, eq);
  const text = flag.slice(eq + 1);
  const d = DECLS.get(name);
  let value: unknown;
  if (d?.type === 'int') value = refInteger(d, text);
  else if (d?.type === 'bool') value = text === 'TRUE' || text === 'true' ? true : text === 'FALSE' || text === 'false' ? false : undefined;
  else if (d?.type === 'string') value = inChoices(d, text.length >= 2 && text.startsWith('"') && text.endsWith('"') ? text.slice(1, -1) : text);
  return value === undefined ? undefined : Object.fromEntries([[name, value]]);
}

type Tok = { readonly k: 'word' | 'num' | 'str' | 'sym'; readonly v: string };

function refTokens(text: string): Tok[] | undefined {
  const out: Tok[] = [];
  const isAlpha = (c: string | undefined) => c !== undefined && ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c === '_');
  let i = 0;
  const run = (from: number, more: (c: string) => boolean) => {
    let j = from;
    while (j < text.length && more(text[j])) j++;
    return j;
  };
  while (i < text.length) {
    const c = text[i];
    const two = text.slice(i, i + 2);
    if (' \t\r\n'.includes(c)) i++;
    else if (two === '\\*') i = run(i, (x) => x !== '\n');
    else if (two === '(*') {
      let depth = 0;
      do {
        const at = text.slice(i, i + 2);
        depth += at === '(*' ? 1 : at === '*)' ? -1 : 0;
        i += at === '(*' || at === '*)' ? 2 : 1;
      } while (depth > 0 && i < text.length);
      if (depth > 0) return undefined;
    } else if (c === '"') {
      const end = run(i + 1, (x) => x !== '"' && x !== '\n');
      if (text[end] !== '"') return undefined;
      out.push({ k: 'str', v: text.slice(i + 1, end) });
      i = end + 1;
    } else if (isDigit(c) || ((c === '-' || c === '+') && isDigit(text[i + 1]))) {
      const end = run(i + 1, (x) => isAlpha(x) || isDigit(x) || x === '.');
      out.push({ k: 'num', v: text.slice(i, end) });
      i = end;
    } else if (isAlpha(c)) {
      const end = run(i, (x) => isAlpha(x) || isDigit(x) || x === '!');
      out.push({ k: 'word', v: text.slice(i, end) });
      i = end;
    } else if (two === '<-') {
      out.push({ k: 'sym', v: two });
      i += 2;
    } else if ('={},'.includes(c)) out.push({ k: 'sym', v: text[i++] });
    else return undefined;
  }
  return out;
}

const LISTS = new Map([
  ['CONSTANT', 'constants'],
  ['CONSTANTS', 'constants'],
  ['INVARIANT', 'invariants'],
  ['INVARIANTS', 'invariants'],
  ['PROPERTY', 'properties'],
  ['PROPERTIES', 'properties'],
  ['CONSTRAINT', 'constraints'],
  ['CONSTRAINTS', 'constraints'],
  ['ACTION_CONSTRAINT', 'actionConstraints'],
  ['ACTION_CONSTRAINTS', 'actionConstraints'],
  ['SYMMETRY', 'symmetry'],
] as const);
const ONE_VALUE = new Set(['CHECK_DEADLOCK', 'VIEW', 'ALIAS', 'INIT', 'NEXT', 'SPECIFICATION']);
const isKeyword = (t: Tok | undefined) => t?.k === 'word' && (LISTS.has(t.v as never) || ONE_VALUE.has(t.v));

interface Summary {
  constants: { [name: string]: unknown };
  invariants: string[];
  properties: string[];
  constraints: string[];
  actionConstraints: string[];
  symmetry: string[];
  checkDeadlock?: boolean;
  view?: string;
  alias?: string;
}

/** A cfg literal's value for the constant `name`, or undefined where it has none. */
function refLiteral(name: string, t: Tok, members: readonly string[] | undefined): unknown {
  const d = DECLS.get(name);
  const bool = t.k === 'word' && (t.v === 'TRUE' || t.v === 'FALSE');
  if (d?.type === 'int') return t.k === 'num' ? refInteger(d, t.v) : undefined;
  if (d?.type === 'bool') return bool ? t.v === 'TRUE' : undefined;
  if (d?.type === 'string') return t.k === 'str' || (t.k === 'word' && !bool) ? inChoices(d, t.v) : undefined;
  if (d?.type === 'set') return members && [...new Set(members)];
  return undefined;
}

/** What a cfg text selects, with its constants applied to test/fixtures/kinds.ts; undefined for an error. */
function refCfg(text: string): Summary | undefined {
  const toks = refTokens(text);
  if (!toks) return undefined;
  const s: Summary = { constants: {}, invariants: [], properties: [], constraints: [], actionConstraints: [], symmetry: [] };
  const constants = new Map<string, unknown>();
  let list: (typeof LISTS extends Map<string, infer L> ? L : never) | undefined;
  let i = 0;
  const isName = (t: Tok | undefined) => t?.k === 'word' && !isKeyword(t);
  while (i < toks.length) {
    const t = toks[i++];
    if (isKeyword(t)) {
      list = LISTS.get(t.v as never);
      if (list) continue;
      const a = toks[i++];
      if (!isName(a)) return undefined;
      if (t.v === 'CHECK_DEADLOCK') {
        if (s.checkDeadlock !== undefined || (a.v !== 'TRUE' && a.v !== 'FALSE')) return undefined;
        s.checkDeadlock = a.v === 'TRUE';
      } else if (t.v === 'VIEW' || t.v === 'ALIAS') {
        const key = t.v === 'VIEW' ? 'view' : 'alias';
        if (s[key] !== undefined) return undefined;
        s[key] = a.v;
      }
      continue;
    }
    if (list === undefined || t.k !== 'word') return undefined;
    if (list !== 'constants') {
      s[list].push(t.v);
      continue;
    }
    const eq = toks[i++];
    const v = toks[i++];
    if (eq?.k !== 'sym' || eq.v !== '=' || v === undefined || isKeyword(v) || (v.k === 'sym' && v.v !== '{')) return undefined;
    let members: string[] | undefined;
    if (v.k === 'sym') {
      members = [];
      if (toks[i]?.v === '}' && toks[i].k === 'sym') i++;
      else {
        for (;;) {
          const m = toks[i++];
          if (!(m?.k === 'str' || (isName(m) && m.v !== 'TRUE' && m.v !== 'FALSE'))) return undefined;
          members.push(m.v);
          const sep = toks[i++];
          if (sep?.k !== 'sym' || (sep.v !== ',' && sep.v !== '}')) return undefined;
          if (sep.v === '}') break;
        }
      }
    }
    const value = refLiteral(t.v, v, members);
    if (value === undefined) return undefined;
    constants.set(t.v, value);
  }
  s.constants = Object.fromEntries(constants);
  return s;
}

// ---- The checker under test. ----

function summary(cfg: CfgFile): Summary {
  const names = (items: readonly { value: string }[]) => items.map((i) => i.value);
  return {
    constants: constantOverrides(kinds, cfg, []),
    invariants: names(cfg.invariants),
    properties: names(cfg.properties),
    constraints: names(cfg.constraints),
    actionConstraints: names(cfg.actionConstraints),
    symmetry: names(cfg.symmetry),
    ...(cfg.checkDeadlock && { checkDeadlock: cfg.checkDeadlock.value }),
    ...(cfg.view && { view: cfg.view.value }),
    ...(cfg.alias && { alias: cfg.alias.value }),
  };
}

/** The result of `f`, or undefined where it throws a config error (exit 151); anything else fails. */
function orConfigError<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch (e) {
    if (e instanceof UserError && e.exitCode === 151) return undefined;
    throw e;
  }
}

// ---- Texts. ----

const names = fc.constantFrom('n', 'big', 'flag', 'label', 'mode', 'procs', 'Inv', 'x', 'TRUE', 'valueOf', 'toString', 'constructor', '__proto__', 'hasOwnProperty');
const values = fc.oneof(
  fc.bigInt({ min: -(2n ** 55n), max: 2n ** 55n }).map(String),
  fc.integer({ min: -8, max: 110 }).map(String),
  fc.constantFrom('9007199254740991', '-9007199254740991', '9007199254740992', '2.5', '0x10', '1e3', '03', '+3', '-0', '3abc', '- 3'),
  fc.constantFrom('TRUE', 'FALSE', 'true', 'x', 'y', 'p1', '"x"', '"TRUE"', '""', '"a b"', '"3"'),
  fc.constantFrom('{p1, p2}', '{}', '{p1, p1}', '{"q", r}', '{p1,}', '{TRUE}', '{p1 p2}', '{', '{3}', '{INIT}'),
);
const separators = fc.constantFrom(' ', '\n', '  \n', '\t', '\n\n', '\r\n');
const junk = fc.string({ unit: fc.constantFrom(...'aZ_9-+.="{},<*()\\ \t!#'.split('')), maxLength: 12 });

describe('cfg texts', () => {
  const keywords = [...LISTS.keys(), ...ONE_VALUE];
  const section = fc.oneof(
    fc
      .tuple(fc.constantFrom('CONSTANT', 'CONSTANTS'), fc.array(fc.tuple(names, fc.constantFrom(' = ', '=', ' =\n  ', ' <- '), values), { maxLength: 3 }), separators)
      .map(([k, xs, sep]) => [k, ...xs.map((x) => x.join(''))].join(sep)),
    fc.tuple(fc.constantFrom(...LISTS.keys()), fc.array(names, { maxLength: 3 }), separators).map(([k, xs, sep]) => [k, ...xs].join(sep)),
    fc.tuple(fc.constantFrom(...ONE_VALUE), fc.oneof(names, fc.constantFrom('FALSE', '', '"v"'))).map(([k, x]) => `${k} ${x}`),
    fc.constantFrom('\\* a comment', '(* a (* nested *) comment *)', '(* open', '*)', 'POSTCONDITION P', 'INVARIENT I', ...keywords),
  );
  const texts = fc.array(fc.tuple(fc.oneof({ weight: 6, arbitrary: section }, { weight: 1, arbitrary: junk }), separators), { maxLength: 8 }).map((parts) => parts.flat().join(''));

  it('parse to what the reference reads, or fail with a config error', () => {
    let accepted = 0;
    fc.assert(
      fc.property(texts, (text) => {
        const got = orConfigError(() => summary(parseCfg('f.cfg', text)));
        expect(got).toEqual(refCfg(text));
        if (got) accepted++;
      }),
      { numRuns },
    );
    // Not vacuous: a fair share of the texts is valid.
    expect(accepted).toBeGreaterThan(numRuns / 50);
  });
});

describe('--const NAME=VALUE', () => {
  const name = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...DECLS.keys()) }, { weight: 2, arbitrary: names }, { weight: 1, arbitrary: fc.string({ maxLength: 4 }) });
  const value = fc.oneof({ weight: 4, arbitrary: values }, { weight: 1, arbitrary: junk }, { weight: 1, arbitrary: fc.string({ maxLength: 8 }) });
  const flags = fc.oneof({ weight: 5, arbitrary: fc.tuple(name, value).map(([n, v]) => `${n}=${v}`) }, { weight: 1, arbitrary: fc.string({ maxLength: 12 }) });

  it('set what the reference reads, or fail with a config error', () => {
    let accepted = 0;
    fc.assert(
      fc.property(flags, (flag) => {
        const got = orConfigError(() => constantOverrides(kinds, undefined, [flag]));
        expect(got).toEqual(refFlag(flag));
        if (got) accepted++;
      }),
      { numRuns },
    );
    expect(accepted).toBeGreaterThan(numRuns / 50);
  });
});

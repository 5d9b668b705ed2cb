// The gate manifest fails closed: every manifest the gate cannot read exactly as written is an
// error at file:line with exit 151, never a pass, a crash or a hang.
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTINS } from '../src/cli/builtins.ts';
import { runGate, type GateOptions } from '../src/gate/gate.ts';
import { MAX_DEPTH, parseJsonWithLines } from '../src/gate/json-lines.ts';

const dir = mkdtempSync(join(tmpdir(), 'gate-manifest-'));
let written = 0;

/** Runs the gate on a manifest with this text. */
async function gate(text: string, opts: Partial<GateOptions> = {}) {
  const manifest = join(dir, `m${written++}.json`);
  writeFileSync(manifest, text);
  const out: string[] = [];
  const err: string[] = [];
  const code = await runGate({ manifest, registry: BUILTINS, ...opts }, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, manifest, out: out.join('\n'), err: err.join('\n') };
}

/** A one-run DieHard manifest with `run` merged into the run. */
const diehard = (run: object = {}) => JSON.stringify({ runs: [{ name: 'diehard', model: 'diehard', expect: { NotFour: 'violated' }, ...run }] }, null, 2);

/** Expects a manifest error: exit 151, `file:line: path: message`, no stack trace. */
async function rejects(text: string, path: string, message: RegExp | string, opts: Partial<GateOptions> = {}) {
  const r = await gate(text, opts);
  expect(r.code).toBe(151);
  const [, line, at, what] = /^Error: .*?m\d+\.json:(\d+)(?::\d+)?: ([^:]*): (.*)$/s.exec(r.err) ?? [];
  expect(r.err.startsWith(`Error: ${r.manifest}:`), r.err).toBe(true);
  expect(Number(line), r.err).toBeGreaterThan(0);
  expect(at).toBe(path);
  expect(what).toMatch(message);
  expect(r.err).not.toMatch(/\n\s+at /);
  return r;
}

const time = <T>(f: () => T): [T, number] => {
  const started = performance.now();
  const out = f();
  return [out, performance.now() - started];
};

describe('manifest errors', () => {
  it.each([
    ['a missing key, on the line of the object that lacks it', '{\n  "runs": [\n    { "model": "diehard", "expect": { "NotFour": "holds" } }\n  ]\n}', 'runs[0].name', /expected a non-empty string/, 3],
    ['an unknown top-level key', '{ "runs": [], "run": [] }', 'run', /unknown key/, 1],
    ['an unknown run key', diehard({ maxstates: 5 }), 'runs[0].maxstates', /unknown key/, 9],
    ['a key whose value is on the next line, on the key\'s line', '{ "runs": [ { "name": "a", "model": "diehard",\n  "expect":\n  { "NotFive": "holds" } } ] }', 'runs[0].expect.NotFive', /^unknown property NotFive/, 3],
    ['a key whose colon is on the next line, on the key\'s line', '{ "runs": [ { "name": "a", "model": "diehard",\n  "expect": { "NotFive"\n  : "holds" } } ] }', 'runs[0].expect.NotFive', /^unknown property NotFive/, 2],
    ['an unknown expectation key', diehard({ expect: { NotFour: { verdict: 'violated', length: 7 } } }), 'runs[0].expect.NotFour.length', /unknown key/, 9],
  ])('name file:line and the JSON path: %s', async (_, text, path, message, line) => {
    const r = await rejects(text, path, message);
    expect(r.err).toContain(`${r.manifest}:${line}: `);
  });

  it('cover the structure of runs --only leaves out', async () => {
    const text = JSON.stringify({ runs: [JSON.parse(diehard()).runs[0], { name: 'other', model: 'diehard', maxStates: 0, expect: { NotFour: 'violated' } }] });
    await rejects(text, 'runs[1].maxStates', 'expected a positive integer', { only: 'diehard' });
  });

  it('allow a "$schema" key, for editors', async () => {
    const r = await gate(JSON.stringify({ $schema: './gate.schema.json', ...JSON.parse(diehard()) }));
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
  });
});

describe("a counterexample's class", () => {
  it('is one the model declares: a typo is an error listing them, not a gate that fails forever', async () => {
    const run = { name: 'm', model: 'migration', expect: { NoBrokenRead: { verdict: 'violated', class: 'B.III' } } };
    await rejects(JSON.stringify({ runs: [run] }, null, 2), 'runs[0].expect.NoBrokenRead.class', 'model migration classifies counterexamples as before-query, A, B.I, B.II; got B.III');
  });

  it('needs a model that classifies', async () => {
    await rejects(diehard({ expect: { NotFour: { verdict: 'violated', class: 'A' } } }), 'runs[0].expect.NotFour.class', 'model diehard has no classifyCounterexample');
  });
});

describe('a manifest checks something', () => {
  it('needs at least one run', async () => {
    await rejects('{ "runs": [] }', 'runs', /^expected at least one run/);
  });

  it('needs at least one expectation in each run', async () => {
    await rejects(diehard({ expect: {} }), 'runs[0].expect', /^expected an object mapping at least one property to its verdict/);
  });

  it('refuses an expectation on a property the .cfg does not select, which would never be compared', async () => {
    const config = resolve('test/fixtures/gate/diehard.cfg');
    await rejects(diehard({ config, expect: { NotFour: 'violated', TypeOK: 'violated' } }), 'runs[0].expect.TypeOK', `property TypeOK is not checked by this run: ${config} selects NotFour, Deadlock`);
  });

  it('needs the run --only names', async () => {
    const r = await gate(diehard(), { only: 'diehrad' });
    expect(r.code).toBe(151);
    expect(r.err).toMatch(/--only diehrad: no run of that name \(runs: diehard\)/);
  });
});

describe('duplicate keys', () => {
  it('are an error naming file:line and the JSON path, wherever they are', async () => {
    // The last value would win: this manifest passed, though NotFour is pinned to "holds" too.
    const r = await rejects('{ "runs": [ { "name": "diehard", "model": "diehard",\n  "expect": { "NotFour": "holds",\n    "NotFour": "violated" } } ] }', 'runs[0].expect.NotFour', 'duplicate key, first given on line 2; a JSON reader keeps only one of the two values');
    expect(r.err).toContain(`${r.manifest}:3: `);
    for (const [text, path] of [
      ['{ "runs": [], "runs": [] }', 'runs'],
      ['{ "runs": [ { "name": "a", "name": "b" } ] }', 'runs[0].name'],
      [diehard({ constants: { goal: 4 } }).replace('"goal": 4', '"goal": 4, "goal": 6'), 'runs[0].constants.goal'],
      [diehard({ expect: { NotFour: { verdict: 'violated', maxTraceLength: 7 } } }).replace('"maxTraceLength": 7', '"maxTraceLength": 7, "maxTraceLength": 1'), 'runs[0].expect.NotFour.maxTraceLength'],
      ['{ "$comment": "a", "runs": [], "$comment": "b" }', '$comment'],
    ]) await rejects(text, path, /^duplicate key, first given on line \d+;/);
  });
});

describe("a constant's value has the JSON type of its default", () => {
  const migration = (constants: object) => JSON.stringify({ runs: [{ name: 'm', model: 'migration', constants, expect: { NoBrokenRead: 'violated' } }] });
  it.each([
    ['"4" for a number', diehard({ constants: { goal: '4' } }), 'goal', 'constant goal of model diehard is an integer: expected a JSON integer within ±(2^53 - 1), got the string "4"'],
    ['[4] for a number', diehard({ constants: { goal: [4] } }), 'goal', 'expected a number, true or false, or a string, got an array'],
    ['4.5 for a number', diehard({ constants: { goal: 4.5 } }), 'goal', /is an integer: .*, got 4.5$/],
    ['2^53 for a number', diehard({ constants: { goal: 2 ** 53 } }), 'goal', /is an integer: .*, got 9007199254740992$/],
    ['1e400 for a number', diehard({ constants: { goal: 0 } }).replace('"goal": 0', '"goal": 1e400'), 'goal', /got Infinity$/],
    ['2.5 for a number with a range', migration({ pages: 2.5 }), 'pages', 'constant pages of model migration is an integer (1 to 12): expected a JSON integer within ±(2^53 - 1), got 2.5'],
    ['"TRUE" for a boolean', migration({ mceMarksDirty: 'TRUE' }), 'mceMarksDirty', 'constant mceMarksDirty of model migration is a boolean: expected true or false, got the string "TRUE"'],
    ['"true" for a boolean', migration({ mceMarksDirty: 'true' }), 'mceMarksDirty', /got the string "true"$/],
    ['1 for a boolean', migration({ mceMarksDirty: 1 }), 'mceMarksDirty', /expected true or false, got 1$/],
    ['true for a string', migration({ variant: true }), 'variant', 'constant variant of model migration is a string: expected a JSON string, got true'],
    ['null for a string', migration({ variant: null }), 'variant', /got null$/],
  ])('refuses %s', async (_, text, name, message) => {
    await rejects(text, `runs[0].constants.${name}`, message);
  });

  it('accepts each type as JSON writes it', async () => {
    const r = await gate(JSON.stringify({ runs: [{ name: 'm', model: 'migration', constants: { pages: 2, maxMce: 1, mceMarksDirty: true, variant: 'v2' }, expect: { NoBrokenRead: 'violated' } }] }));
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
  });
});

describe('names are looked up as own keys', () => {
  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'])('model %s is an unknown built-in model, not a crash', async (name) => {
    await rejects(diehard({ model: name }), 'runs[0].model', /^unknown built-in model /);
  });

  it.each([
    // Each of these passed before, checking something other than what it says.
    ['a top-level "__proto__" holding the runs', `{ "__proto__": ${diehard()} }`, '__proto__', /^unknown key/],
    ['a run inside "__proto__"', `{ "runs": [ { "__proto__": ${JSON.stringify(JSON.parse(diehard()).runs[0])} } ] }`, 'runs[0].__proto__', /^unknown key/],
    ['an expectation named "__proto__"', '{ "runs": [ { "name": "a", "model": "diehard", "expect": { "__proto__": { "verdict": "holds" }, "NotFour": "violated" } } ] }', 'runs[0].expect.__proto__', /^unknown property __proto__ for model diehard/],
    ['an expectation named "constructor"', diehard({ expect: { constructor: 'holds' } }), 'runs[0].expect.constructor', /^unknown property constructor/],
    ['a constant named "constructor"', diehard({ constants: { constructor: 'x' } }), 'runs[0].constants.constructor', /^unknown constant constructor for model diehard; its constants are: smallCap, bigCap, goal$/],
    ['a constant named "__proto__"', diehard({ constants: JSON.parse('{ "__proto__": 6 }') }), 'runs[0].constants.__proto__', /^unknown constant __proto__/],
  ])('%s is refused', async (_, text, path, message) => {
    await rejects(text, path, message);
  });

  it('finds no shipped classifier for a model named "constructor"', async () => {
    const model = resolve('test/fixtures/gate/misnamed.ts');
    await rejects(diehard({ model, expect: { NotFour: { verdict: 'violated', class: 'A' } } }), 'runs[0].expect.NotFour.class', /^model constructor has no classifyCounterexample/);
  });
});

describe('parsing is linear and bounded', () => {
  it('parses a 10 MB manifest in well under a second', () => {
    const run = (i: number) => ({ name: `run-${i}`, model: 'diehard', constants: { goal: i % 5 }, maxStates: 1000 + i, expect: { NotFour: { verdict: 'violated', maxTraceLength: 7 }, TypeOK: 'holds' } });
    const text = JSON.stringify({ $comment: 'x'.repeat(1000), runs: Array.from({ length: 40_000 }, (_, i) => run(i)) }, null, 2);
    expect(text.length).toBeGreaterThan(10e6);
    const [parsed, ms] = time(() => parseJsonWithLines(text));
    console.log(`parsed a ${(text.length / 1e6).toFixed(1)} MB manifest in ${ms.toFixed(0)} ms`);
    expect(ms).toBeLessThan(2000);
    // The texts are JSON.stringify's, so printing the value again must give them back.
    expect(JSON.stringify(parsed.value, null, 2)).toBe(text);
    expect(parsed.lineOf(['runs', 39_999])).toBe(text.slice(0, text.lastIndexOf('"name": "run-39999"')).split('\n').length - 1);
  });

  it.each([
    ['a 10 MB string', () => JSON.stringify({ $comment: 'é\\"'.repeat(2_000_000) })],
    ['an object of 100,000 keys', () => JSON.stringify(Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, i])))],
    ['a 1 MB key over 100,000 values', () => JSON.stringify({ ['k'.repeat(1e6)]: Array.from({ length: 100_000 }, () => [1]) })],
    ['100,000 numbers of 20 digits', () => JSON.stringify(Array.from({ length: 100_000 }, (_, i) => 12345678901234567890 + i))],
  ])('parses %s in linear time', (_, build) => {
    // Small enough to stay far below the bound on a loaded machine, and still minutes of work
    // for a reading quadratic in the number of values.
    const text = build();
    const [parsed, ms] = time(() => parseJsonWithLines(text));
    expect(ms).toBeLessThan(2000);
    expect(JSON.stringify(parsed.value)).toBe(text);
  });

  it(`accepts ${MAX_DEPTH} levels of nesting and refuses more with file:line:column, exit 151`, async () => {
    const nest = (n: number) => '['.repeat(n) + ']'.repeat(n);
    expect(() => parseJsonWithLines(nest(MAX_DEPTH))).not.toThrow();
    const r = await gate(`\n${nest(100_000)}`);
    expect(r.code).toBe(151);
    expect(r.err).toBe(`Error: ${r.manifest}:2:${MAX_DEPTH + 1}: the gate manifest is not valid JSON: arrays and objects nested more than ${MAX_DEPTH} deep`);
  });
});

describe('the gate\'s files', () => {
  // A path on one machine (a checkout, a shared folder, a temp dir) means nothing on another.
  it('name no path outside the repository', () => {
    const files = (path: string): string[] => (statSync(path).isDirectory() ? readdirSync(path).flatMap((f) => files(join(path, f))) : [path]);
    const outside = /(?<![\w.~-])\/(?:work|tmp|home|root|Users|mnt|shared|var|opt)\//;
    const offenders = ['specs', 'docs/ci.md', 'src/gate', 'test/fixtures/gate', ...readdirSync('test').filter((f) => f.startsWith('gate')).map((f) => join('test', f))]
      .flatMap(files)
      .filter((f) => outside.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });
});

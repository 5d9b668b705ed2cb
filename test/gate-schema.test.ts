// specs/gate.schema.json (for editors and other tools) and the gate's own structural checks
// (checkShape, whose messages name file:line) must describe the same manifests: the shipped
// manifests validate, and on generated manifests that differ in structure the schema and the
// gate accept and refuse alike. FUZZ_RUNS sets how many are generated (default 200).
import { readdirSync, readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EXIT, UserError } from '../src/errors.ts';
import { parseJsonWithLines } from '../src/gate/json-lines.ts';
import { checkShape, loadManifest } from '../src/gate/manifest.ts';
import classified from './fixtures/gate/classified.ts';

const schema = JSON.parse(readFileSync('specs/gate.schema.json', 'utf8'));
const validate = new Ajv2020({ strict: true, allowUnionTypes: true }).compile(schema);
const numRuns = Number(process.env.FUZZ_RUNS ?? 200);
const fixtures = 'test/fixtures/gate';

const schemaAccepts = (text: string) => validate(JSON.parse(text));
class Refused extends Error {}
const shapeAccepts = (text: string) => {
  try {
    checkShape(parseJsonWithLines(text).value, (at, what) => new Refused(`${at.join('.')}: ${what}`));
    return true;
  } catch (e) {
    if (e instanceof Refused) return false;
    throw e;
  }
};

describe('the manifest schema', () => {
  it('is a draft 2020-12 schema with an $id and a title', () => {
    expect(schema).toMatchObject({ $schema: 'https://json-schema.org/draft/2020-12/schema', $id: expect.any(String), title: expect.any(String) });
  });

  // bad-json.json is not JSON; every other fixture is well-formed and fails, if at all, on
  // something only the model can tell (an unknown name, a missing classifier).
  it.each(['specs/gate.json', ...readdirSync(fixtures).filter((f) => f.endsWith('.json') && f !== 'bad-json.json').map((f) => join(fixtures, f))])('validates %s', (file) => {
    const text = readFileSync(file, 'utf8');
    expect(schemaAccepts(text), JSON.stringify(validate.errors)).toBe(true);
    expect(shapeAccepts(text)).toBe(true);
  });

  it('is what specs/gate.json names as its $schema', () => {
    expect(JSON.parse(readFileSync('specs/gate.json', 'utf8')).$schema).toBe('./gate.schema.json');
  });
});

// Generated manifests: a well-formed manifest, then up to two edits anywhere in it (a value
// replaced by one of another type or shape, a key or element removed, a key added), so that
// about half are well-formed and the rest are wrong in every place a manifest can be.
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

interface Mode {
  readonly model: fc.Arbitrary<string>;
  readonly properties: readonly string[];
  readonly constants?: fc.Arbitrary<{ [name: string]: Json }>;
  readonly config?: fc.Arbitrary<string>;
  /** The values an edit puts in. */
  readonly junk: fc.Arbitrary<Json>;
}

function wellFormed(mode: Mode): fc.Arbitrary<Json> {
  const expectation = fc.oneof(
    fc.constantFrom('holds', 'violated'),
    fc.record({ verdict: fc.constant('holds') }),
    fc.record({ verdict: fc.constant('violated'), class: fc.constantFrom(...classified.counterexampleClasses), maxTraceLength: fc.integer({ min: 1, max: 12 }) }, { requiredKeys: ['verdict'] }),
  );
  const run = fc.record(
    {
      $comment: fc.string({ maxLength: 5 }),
      name: fc.constant('run'),
      model: mode.model,
      ...(mode.config && { config: mode.config }),
      ...(mode.constants && { constants: mode.constants }),
      checkDeadlock: fc.boolean(),
      maxStates: fc.integer({ min: 1, max: 1e6 }),
      expect: fc.dictionary(fc.constantFrom(...mode.properties), expectation, { minKeys: 1 }),
    },
    { requiredKeys: ['name', 'model', 'expect'] },
  );
  return fc.record({ $schema: fc.constant('./gate.schema.json'), $comment: fc.string({ maxLength: 5 }), runs: fc.array(run, { minLength: 1, maxLength: 3 }) }, { requiredKeys: ['runs'] });
}

// An added key is one the manifest knows, with a value it could have, or one it does not.
const added = (junk: fc.Arbitrary<Json>) =>
  fc.oneof(
    fc.constantFrom<[string, Json]>(['class', 'A'], ['maxTraceLength', 3], ['verdict', 'holds'], ['verdict', 'violated'], ['$comment', 'x'], ['name', 'run'], ['maxStates', 5], ['checkDeadlock', true]),
    fc.tuple(fc.constant('unknownKey'), junk),
  );
const edit = (junk: fc.Arbitrary<Json>) => fc.record({ at: fc.nat(), op: fc.constantFrom('replace', 'nudge', 'remove', 'add'), add: added(junk), value: junk, which: fc.nat() });
type Edit = { at: number; op: string; add: [string, Json]; value: Json; which: number };

/** A value next to `v`, just across whatever bound might hold for it: 0 for a count, "" for a name, [] for the runs. */
function nudge(v: Json, which: number): Json {
  const pick = (...xs: Json[]) => xs[which % xs.length];
  if (typeof v === 'number') return pick(0, v - 1, -v, v + 0.5, 2 ** 53);
  if (typeof v === 'string') return '';
  if (typeof v === 'boolean') return String(v);
  return Array.isArray(v) ? [] : {};
}

/** Every place in `v`, the root first: the paths of its members and elements. */
function places(v: Json, path: (string | number)[] = [], out: (string | number)[][] = []) {
  out.push(path);
  if (Array.isArray(v)) v.forEach((x, i) => places(x, [...path, i], out));
  else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) places(x, [...path, k], out);
  return out;
}

const isObject = (v: unknown): v is { [key: string]: Json } => v !== null && typeof v === 'object' && !Array.isArray(v);

function applyEdit(root: Json, e: Edit): Json {
  const node = (p: (string | number)[]): any => p.reduce((v: any, k) => v[k], root);
  // A key is added to an object, and not to expect or constants, whose keys are the model's
  // names rather than structure.
  const all = places(root).filter((p) => e.op !== 'add' || (isObject(node(p)) && p.at(-1) !== 'expect' && p.at(-1) !== 'constants'));
  if (all.length === 0) return root;
  const path = all[e.at % all.length];
  if (e.op === 'add') {
    node(path)[e.add[0]] = e.add[1];
    return root;
  }
  if (path.length === 0) return e.op === 'replace' ? e.value : e.op === 'nudge' ? nudge(root, e.which) : root;
  const parent = node(path.slice(0, -1));
  const key = path.at(-1)!;
  if (e.op === 'replace') parent[key] = e.value;
  else if (e.op === 'nudge') parent[key] = nudge(parent[key], e.which);
  else if (Array.isArray(parent)) parent.splice(key as number, 1);
  else delete parent[key];
  return root;
}

const manifests = (mode: Mode) =>
  fc.tuple(wellFormed(mode), fc.array(edit(mode.junk), { maxLength: 2 })).map(([m, edits]) => {
    // Edits change a copy: fast-check reuses generated values while shrinking.
    const edited = edits.reduce(applyEdit, JSON.parse(JSON.stringify(m)) as Json);
    // Run names are unique in a valid manifest, which the schema cannot say: number them.
    const runs = (edited as { runs?: unknown } | null)?.runs;
    if (Array.isArray(runs)) runs.forEach((r, i) => r?.name === 'run' && (r.name = `run-${i}`));
    return JSON.stringify(edited);
  });

const someValue: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom(null, true, false, 0, 1, -1, 2.5, 2 ** 53, '', 'held', 'B.III', 'holds', [], {}),
  fc.string({ maxLength: 3 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

describe('the schema and the gate agree', () => {
  const run = (patch: object) => ({ name: 'a', model: 'diehard', expect: { NotFour: 'violated' }, ...patch });
  const violated = (patch: object) => run({ expect: { NotFour: { verdict: 'violated', ...patch } } });
  it.each([
    [true, { $schema: './gate.schema.json', $comment: 'x', runs: [run({ $comment: 'x', config: 'a.cfg', constants: { goal: 4.5, x: 'y', $comment: true }, checkDeadlock: false, maxStates: 1 })] }],
    [false, { runs: [] }],
    [false, {}],
    [false, { runs: [run({})], $schema: 1 }],
    [false, { runs: [run({})], $comment: null }],
    [false, { runs: [run({ $comment: 1 })] }],
    [false, { runs: [run({ name: '' })] }],
    [false, { runs: [run({ model: '' })] }],
    [false, { runs: [run({ config: '' })] }],
    [false, { runs: [run({ constants: { goal: null } })] }],
    [false, { runs: [run({ constants: { goal: [4] } })] }],
    [false, { runs: [run({ checkDeadlock: 'true' })] }],
    [false, { runs: [run({ maxStates: 0 })] }],
    [false, { runs: [run({ maxStates: 2 ** 53 })] }],
    [false, { runs: [run({ expect: {} })] }],
    [false, { runs: [run({ expect: { NotFour: 'held' } })] }],
    [false, { runs: [run({ expect: { NotFour: { verdict: 'holds', class: 'A' } } })] }],
    [false, { runs: [run({ expect: { NotFour: { verdict: 'holds', maxTraceLength: 3 } } })] }],
    [true, { runs: [violated({ class: 'B.II', maxTraceLength: 2 ** 53 - 1 })] }],
    [false, { runs: [violated({ class: '' })] }],
    [false, { runs: [violated({ maxTraceLength: 0 })] }],
    [false, { runs: [violated({ maxTraceLength: 1.5 })] }],
    [false, { runs: [violated({ $comment: 'x' })] }],
    [false, { runs: [run({ expect: { NotFour: {} } })] }],
  ])('on the edge of each rule: %s for %j', (accepted, manifest) => {
    const text = JSON.stringify(manifest);
    expect(schemaAccepts(text)).toBe(accepted);
    expect(shapeAccepts(text)).toBe(accepted);
  });

  it('on the structure of any manifest', () => {
    const mode: Mode = {
      model: fc.constantFrom('diehard', 'no-such-model'),
      properties: ['NotFour', 'TypeOK', 'Deadlock', '__proto__', 'constructor'],
      constants: fc.dictionary(fc.constantFrom('goal', '__proto__', 'x'), someValue, { maxKeys: 2 }),
      config: fc.constantFrom('diehard.cfg', 'none.cfg'),
      junk: someValue,
    };
    fc.assert(
      fc.property(manifests(mode), (text) => {
        expect(shapeAccepts(text), text).toBe(schemaAccepts(text));
      }),
      { numRuns },
    );
  });

  it('on whole manifests whose names are all the model knows', async () => {
    // A model with a classifier and its properties; no constants (their types are the model's
    // to say), and edits that never put in a different non-empty string (a model name, say).
    const mode: Mode = {
      model: fc.constant(resolve(fixtures, 'classified.ts')),
      properties: ['NotFour', 'TypeOK'],
      junk: fc.constantFrom(null, true, false, 0, 1, 2, -1, '', [], {}),
    };
    const file = join(mkdtempSync(join(tmpdir(), 'gate-schema-')), 'manifest.json');
    await fc.assert(
      fc.asyncProperty(manifests(mode), async (text) => {
        writeFileSync(file, text);
        const accepted = await loadManifest(file).then(
          () => true,
          (e) => {
            if (e instanceof UserError && e.exitCode === EXIT.config) return false;
            throw e;
          },
        );
        expect(accepted, text).toBe(schemaAccepts(text));
      }),
      { numRuns },
    );
  });
});

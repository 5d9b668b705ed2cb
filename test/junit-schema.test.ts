// `gate --junit` against the JUnit schema CI services read (test/fixtures/junit-10.xsd, a strict
// copy of Jenkins' junit-10.xsd), validated by xmllint: a passing gate, a wrong verdict, runs
// that could not finish (a bound, a model that throws), a stop request and a manifest error.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILTINS } from '../src/cli/builtins.ts';
import { runGate } from '../src/gate/gate.ts';
import { ensureXmllint } from './support/ensure-debian-package.ts';

const SCHEMA = 'test/fixtures/junit-10.xsd';
const dir = mkdtempSync(join(tmpdir(), 'junit-schema-'));
let xmllint = '';

beforeAll(() => {
  xmllint = ensureXmllint();
}, 600_000);

function validate(file: string): { ok: boolean; out: string } {
  const r = spawnSync(xmllint, ['--noout', '--schema', SCHEMA, file], { encoding: 'utf8' });
  return { ok: r.status === 0, out: `${r.stdout}${r.stderr}` };
}

async function junitOf(name: string, manifest: string, signal?: AbortSignal): Promise<string> {
  const junit = join(dir, `${name}.xml`);
  await runGate({ manifest, junit, registry: BUILTINS, signal }, { out: () => {}, err: () => {} });
  return junit;
}

const throwing = join(dir, 'throwing.json');
writeFileSync(throwing, JSON.stringify({ runs: [{ name: 'throws', model: resolve('test/fixtures/throwing.ts'), expect: { Checked: 'holds' } }] }));
const stopped = new AbortController();
stopped.abort();

describe('gate --junit against junit-10.xsd', () => {
  it.each([
    ['pass', 'test/fixtures/gate/pass.json', undefined, { failures: 0, errors: 0 }],
    ['wrong verdict', 'test/fixtures/gate/class.json', undefined, { failures: 1, errors: 0 }],
    ['bound hit', 'test/fixtures/gate/run-error.json', undefined, { failures: 0, errors: 2 }],
    ['model throws', throwing, undefined, { failures: 0, errors: 1 }],
    ['interrupted', 'test/fixtures/gate/pass.json', stopped.signal, { failures: 0, errors: 1 }],
    ['manifest error', 'test/fixtures/gate/bad-json.json', undefined, { failures: 0, errors: 1 }],
  ] as const)('%s: valid, wrong verdicts as <failure>, unfinished runs as <error>', async (name, manifest, signal, counts) => {
    const file = await junitOf(name.replace(/ /g, '-'), manifest, signal);
    const r = validate(file);
    expect(r.ok, r.out).toBe(true);
    const xml = readFileSync(file, 'utf8');
    expect(xml).toMatch(new RegExp(`^<testsuites name="migcheck gate" tests="\\d+" failures="${counts.failures}" errors="${counts.errors}" time="`, 'm'));
    expect(xml.match(/<failure /g)?.length ?? 0).toBe(counts.failures);
    expect(xml.match(/<error /g)?.length ?? 0).toBe(counts.errors);
  });

  it('the schema is no rubber stamp: a testcase without time or classname is refused', () => {
    const file = join(dir, 'bad.xml');
    writeFileSync(file, '<testsuites><testsuite name="s" tests="1" failures="0" errors="0" time="0"><testcase name="c"/></testsuite></testsuites>');
    const r = validate(file);
    expect(r.ok).toBe(false);
    expect(r.out).toMatch(/attribute 'classname' is required/);
  });
});

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readItf } from './support/itf-reader.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const fixture = (name: string) => join('test', 'fixtures', name);
const tmp = mkdtempSync(join(tmpdir(), 'migcheck-cli-'));

function migcheck(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/migcheck.js', ...args], { cwd: root, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('migcheck check', () => {
  it('exits 12 on DieHard with the TLC-style trace and summary', () => {
    const r = migcheck('check', 'diehard');
    expect(r.code).toBe(12);
    expect(r.stdout).toContain('Error: Invariant NotFour is violated.');
    expect(r.stdout).toContain('State 1: <Initial predicate>\n/\\ small = 0\n/\\ big = 0');
    expect(r.stdout).toContain('State 2: <FillBig>\n/\\ small = 0\n/\\ big = 5');
    expect(r.stdout).toContain('State 7: <BigToSmall>\n/\\ small = 3\n/\\ big = 4');
    // TLC 2.18 on DieHard.tla with INVARIANT TypeOK, NotFour (java -jar tla2tools.jar -workers 1
    // DieHard.tla) stops at the violating state: these four lines, word for word but the time.
    expect(r.stdout).toContain(
      '73 states generated, 14 distinct states found, 1 states left on queue.\n' +
        'The depth of the complete state graph search is 7.\n' +
        'The average outdegree of the complete state graph is 1 (minimum is 0, the maximum 2 and the 95th percentile is 2).\n',
    );
    expect(r.stdout).toMatch(/^Finished in \d\ds at \(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\)$/m);
    expect(r.stdout).toMatch(/^Starting\.\.\. \(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\)\nComputing initial states\.\.\.\nFinished computing initial states: 1 distinct state generated at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.$/m);
  });

  it('--difftrace shows only the variables that changed', () => {
    const r = migcheck('check', 'diehard', '--difftrace', '--quiet');
    expect(r.stdout).toContain('State 2: <FillBig>\n/\\ big = 5\n\nState 3');
  });

  it('exits 0 with the complete figures and coverage when only TypeOK is checked', () => {
    const r = migcheck('check', 'diehard', '--invariant', 'TypeOK', '--coverage');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Model checking completed. No error has been found.');
    // TLC 2.18, DieHard.tla with INVARIANT TypeOK only: the same lines.
    expect(r.stdout).toContain(
      'Model checking completed. No error has been found.\n' +
        '  Estimates of the probability that migcheck did not check all reachable states\n' +
        '  because two distinct states had the same fingerprint:\n' +
        '  calculated (optimistic):  val = 7.0E-17\n' +
        '97 states generated, 16 distinct states found, 0 states left on queue.\n' +
        'The depth of the complete state graph search is 8.\n' +
        'The average outdegree of the complete state graph is 1 (minimum is 0, the maximum 2 and the 95th percentile is 2).\n',
    );
    expect(r.stdout).toContain('  <FillBig>: 3:16');
  });

  it('reads a .cfg file and lets flags override it', () => {
    expect(migcheck('check', 'diehard', '--config', fixture('diehard-typeok.cfg')).code).toBe(0);
    expect(migcheck('check', 'diehard', '--config', fixture('diehard-typeok.cfg'), '--invariant', 'NotFour').code).toBe(12);
    // The goal 6 is never reached: nothing to report.
    expect(migcheck('check', 'diehard', '--const', 'goal=6', '--quiet').code).toBe(0);
  });

  it('exits 13 on a liveness violation, ending the lasso with "Stuttering"; --property selects', () => {
    const r = migcheck('check', 'peterson', '--const', 'fair=FALSE', '--property', 'StarvationFree1', '--quiet');
    expect(r.code).toBe(13);
    expect(r.stdout).toContain('Error: Temporal property StarvationFree1 is violated.');
    expect(r.stdout).not.toContain('StarvationFree0');
    // TLC 2.18's lines for a liveness counterexample, and its numbered stutter.
    expect(r.stdout).toContain('Error: Temporal properties were violated.\n\nError: The following behavior constitutes a counter-example:\n\nState 1: <Initial predicate>');
    expect(r.stdout).toMatch(/State 2: <Try1>[^]*\nState \d+: Stuttering\n/);
    expect(migcheck('check', 'peterson', '--quiet').code).toBe(0);
  });

  it('exits 11 on a deadlock, and 0 with --no-deadlock', () => {
    const r = migcheck('check', fixture('deadlock.ts'), '--invariant', 'Small');
    expect(r.code).toBe(11);
    expect(r.stdout).toContain('Error: Deadlock reached.');
    expect(r.stdout).toContain('State 4: <Inc>\n/\\ n = 3');
    expect(migcheck('check', fixture('deadlock.ts'), '--invariant', 'Small', '--no-deadlock').code).toBe(0);
  });

  it('exits 75 when an action throws, naming it and showing the trace, without a stack trace', () => {
    const r = migcheck('check', fixture('throwing.ts'));
    expect(r.code).toBe(75);
    expect(r.stdout).toContain('Error: evaluating action Step threw an exception while computing the successors of state 3 below: page table not mapped');
    expect(r.stdout).toContain('State 3: <Step>\n/\\ n = 2');
    expect(r.stdout + r.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 76 when an invariant throws, naming it', () => {
    const r = migcheck('check', fixture('throwing.ts'), '--const', 'throwIn=invariant', '--quiet');
    expect(r.code).toBe(76);
    expect(r.stdout).toContain('Error: evaluating invariant Checked threw an exception on state 3 below: page table not mapped');
  });

  it('--max-depth bounds the search and says so', () => {
    const r = migcheck('check', 'diehard', '--invariant', 'TypeOK', '--max-depth', '3', '--quiet');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('The search was bounded');
    expect(r.stdout).toContain('The depth of the complete state graph search is 3.');
  });

  it('exits 150 when the model cannot be loaded, naming the file', () => {
    const missing = migcheck('check', 'no/such/model.ts');
    expect(missing.code).toBe(150);
    expect(missing.stderr).toContain('Cannot load model no/such/model.ts');
    expect(missing.stderr).toContain('diehard');
    const wrong = migcheck('check', fixture('not-a-model.ts'));
    expect(wrong.code).toBe(150);
    expect(wrong.stderr).toContain('not-a-model.ts: it exports no model');
    const broken = migcheck('check', fixture('broken.js'));
    expect(broken.code).toBe(150);
    expect(broken.stderr).toMatch(/^Cannot load model \S+broken\.js: it does not parse: .+\n$/);
  });

  it('exits 150 for a spec without actions (the model-shape check), naming the field', () => {
    const file = join(tmp, 'no-actions.mjs');
    writeFileSync(file, "export default { name: 'noactions', init: [0], spec: () => ({ invariants: {} }) };\n");
    const r = migcheck('check', file);
    expect(r.code).toBe(150);
    expect(r.stderr).toContain('must return `actions`');
  });

  it('exits 151 on config errors, naming the line, constant or invariant and the known ones', () => {
    const cfg = join(tmp, 'bad.cfg');
    writeFileSync(cfg, 'CONSTANTS\n  goal = 4\nINVARIANT NotFive\n');
    const badInv = migcheck('check', 'diehard', '--config', cfg);
    expect(badInv.code).toBe(151);
    expect(badInv.stderr).toContain(`${cfg}:3: unknown invariant NotFive for model diehard. Its invariants are: TypeOK, NotFour.`);

    writeFileSync(cfg, 'CONSTANT\n  goal = 4\nFOO bar\n');
    const badKeyword = migcheck('check', 'diehard', '--config', cfg);
    expect(badKeyword.code).toBe(151);
    expect(badKeyword.stderr).toContain(`${cfg}:3:`);
    expect(badKeyword.stderr).toContain('FOO');

    const badConst = migcheck('check', 'diehard', '--const', 'hugeCap=9');
    expect(badConst.code).toBe(151);
    expect(badConst.stderr).toContain('Unknown constant hugeCap for model diehard. Its constants are: smallCap, bigCap, goal.');
    expect(migcheck('check', 'diehard', '--invariant', 'Nope').stderr).toContain('unknown invariant Nope');
    expect(migcheck('check', 'diehard', '--max-states', 'many').code).toBe(151);
    expect(migcheck('chek', 'diehard').code).toBe(151);
    const asJson = migcheck('check', 'diehard', '--json', '--invariant', 'Nope');
    expect(JSON.parse(asJson.stdout)).toMatchObject({ tool: 'migcheck', result: 'error', exitCode: 151 });
  });

  it('exits 152 when --max-states is exceeded, with the counts so far', () => {
    const r = migcheck('check', 'diehard', '--max-states', '5');
    expect(r.code).toBe(152);
    expect(r.stdout).toContain('--max-states 5');
    expect(r.stdout).toMatch(/6 distinct states found, \d+ states left on queue/);
  });

  it('exits 152 when the --memory budget is exceeded, still printing the counts so far', () => {
    // Any Node process holds more than 1 MiB, so the first memory check (after ~100 ms) stops the search.
    const r = migcheck('check', 'twophase', '--const', 'rms=6', '--no-deadlock', '--memory', '1');
    expect(r.code).toBe(152);
    expect(r.stdout).toContain('--memory 1 (MiB of resident memory)');
    const m = r.stdout.match(/([\d,]+) distinct states found, ([\d,]+) states left on queue/)!;
    expect(Number(m[1].replace(/,/g, ''))).toBeLessThan(50816); // TwoPhase 6 has 50,816 in all
  });

  it('--workers 2 finds the sequential counts and says which levels ran in parallel', () => {
    const r = migcheck('check', 'twophase', '--const', 'rms=6', '--no-deadlock', '--workers', '2', '--json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect([doc.distinct, doc.complete, doc.parallel.workers]).toEqual([50816, true, 2]);
    expect(doc.parallel.fromLevel).toBeGreaterThan(1);
    const text = migcheck('check', 'twophase', '--const', 'rms=6', '--no-deadlock', '--workers', '2');
    expect(text.stdout).toMatch(/Levels \d+ on were expanded by 2 threads in parallel\./);
  });

  it('--workers above the number of cores is an error (151) naming the limit', () => {
    const r = migcheck('check', 'diehard', '--workers', '1000');
    expect(r.code).toBe(151);
    expect(r.stderr).toContain(`--workers 1000: this machine runs ${availableParallelism()} threads at once (os.availableParallelism()); use at most --workers ${availableParallelism()}.`);
  });

  it('--workers 2 loads a TypeScript model file in each worker thread too', () => {
    // The compiled CLI registers a TypeScript loader only when it meets a .ts model, in the
    // main thread and again in each worker.
    const r = migcheck('check', 'bench/synthetic.ts', '--const', 'n=5', '--const', 'mod=8', '--workers', '2', '--json');
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout);
    expect([doc.result, doc.distinct, doc.parallel?.workers]).toEqual(['ok', 8 ** 5, 2]);
  });

  it('--json prints one document with the documented fields and ITF-encoded states', () => {
    const r = migcheck('check', 'diehard', '--json');
    expect(r.code).toBe(12);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ tool: 'migcheck', model: 'diehard', constants: { smallCap: 3, bigCap: 5, goal: 4 }, result: 'violation', exitCode: 12, complete: false });
    for (const k of ['version', 'distinct', 'generated', 'depth', 'queueLeft', 'elapsedMs', 'collisionProbability', 'reachability', 'coverage']) expect(doc).toHaveProperty(k);
    const v = doc.violations[0];
    expect([v.property, v.kind, v.message]).toEqual(['NotFour', 'invariant', 'Invariant NotFour is violated.']);
    expect(v.trace.states[1]).toEqual({ index: 1, label: 'FillBig', action: 'FillBig', params: null, state: { small: 0, big: 5 } });
    expect(v.trace.states).toHaveLength(7);
  });

  it('--out-itf writes the counterexample; with --continue, one file per violated property', () => {
    const one = join(tmp, 'one.itf.json');
    migcheck('check', 'diehard', '--out-itf', one, '--quiet');
    const itf = readItf(one);
    expect(itf.doc.vars).toEqual(['small', 'big']);
    expect(itf.doc.states.at(-1)).toMatchObject({ '#meta': { index: 6 }, big: { '#bigint': '4' } });

    const several = join(tmp, 'dl.itf.json');
    const r = migcheck('check', fixture('deadlock.ts'), '--continue', '--out-itf', several, '--quiet');
    expect(r.code).toBe(12); // the first violation found: NotTwo, then the deadlock
    expect(r.stdout).toContain('Error: Invariant NotTwo is violated.');
    expect(r.stdout).toContain('Error: Deadlock reached.');
    expect(readItf(join(tmp, 'dl.NotTwo.itf.json')).states).toHaveLength(3);
    expect(readItf(join(tmp, 'dl.Deadlock.itf.json')).states).toHaveLength(4);
  });

  it('--dump-dot writes the state graph with labelled edges, the violating and deadlocked states in red', () => {
    const file = join(tmp, 'g.dot');
    // --continue: the graph is the search's, which otherwise stops at NotTwo.
    migcheck('check', fixture('deadlock.ts'), '--continue', '--dump-dot', file, '--quiet');
    const dot = readFileSync(file, 'utf8');
    expect(dot).toContain('2 [label="n = 2", color=red, fontcolor=red];');
    expect(dot).toMatch(/^digraph StateGraph \{/);
    expect(dot).toContain('0 [label="n = 0", shape=box, style=bold];');
    expect(dot).toContain('2 -> 3 [label="Inc"];');
    expect((dot.match(/->/g) ?? []).length).toBe(3);
    expect(dot).toContain('3 [label="n = 3", color=red, fontcolor=red];'); // the deadlock
  });
});

describe('migcheck simulate, list, --help, --version', () => {
  it('simulate finds the DieHard violation and prints the seed to reproduce it', () => {
    const r = migcheck('simulate', 'diehard', '--seed', '0x2a', '--runs', '200', '--depth', '50');
    expect(r.code).toBe(12);
    expect(r.stdout).toContain('Error: Invariant NotFour is violated.');
    expect(r.stdout).toContain('use --seed=0x2a to reproduce');
  });

  it('simulate reports a deadlock (11) unless --no-deadlock', () => {
    expect(migcheck('simulate', fixture('deadlock.ts'), '--invariant', 'Small', '--runs', '3').code).toBe(11);
    const ok = migcheck('simulate', fixture('deadlock.ts'), '--invariant', 'Small', '--runs', '3', '--no-deadlock', '--json');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ result: 'ok', runs: 3, states: 12, longest: 4 });
  });

  it('list shows the built-in models with their constants', () => {
    const r = migcheck('list');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('diehard — The DieHard jug puzzle');
    expect(r.stdout).toContain('    bigCap = 5');
  });

  it('--help lists the commands and --version prints the version', () => {
    const help = migcheck('--help');
    expect(help.stdout).toMatch(/check \[options\] <model>/);
    expect(help.stdout).toMatch(/simulate \[options\] <model>/);
    expect(migcheck('--version').stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

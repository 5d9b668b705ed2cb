// The CI gate end to end on DieHard fixtures: verdicts, exit codes, the final count line,
// manifest errors naming file and item, and the reports (JUnit parsed back, Markdown).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTINS } from '../src/cli/builtins.ts';
import { runGate, type GateOptions } from '../src/gate/gate.ts';

const fixture = (name: string) => join('test/fixtures/gate', name);

async function gate(opts: Partial<GateOptions> & { manifest: string }) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runGate({ registry: BUILTINS, ...opts }, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n'), lines: out.join('\n').split('\n') };
}

/** A minimal XML reader: checks tags nest and close, and returns the elements with attributes and text. */
function parseXml(xml: string) {
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  const stack: number[] = [];
  const elements: { name: string; attrs: Record<string, string>; text: string }[] = [];
  const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  const re = /<(\/?)([\w.-]+)((?:\s+[\w.-]+="[^"<]*")*)\s*(\/?)>|([^<]+)/gy;
  let m: RegExpExecArray | null;
  let last = 0;
  while ((m = re.exec(body))) {
    last = re.lastIndex;
    const [, close, name, attrText, selfClose, text] = m;
    if (text !== undefined) {
      if (/[<&](?!lt;|gt;|amp;|quot;|apos;)/.test(text)) throw new Error(`unescaped text: ${text}`);
      if (stack.length) elements[stack[stack.length - 1]].text += unescape(text);
      continue;
    }
    if (close) {
      if (elements[stack.pop() ?? -1]?.name !== name) throw new Error(`mismatched </${name}>`);
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of attrText.matchAll(/([\w.-]+)="([^"]*)"/g)) attrs[a[1]] = unescape(a[2]);
    elements.push({ name, attrs, text: '' });
    if (!selfClose) stack.push(elements.length - 1);
  }
  if (last !== body.length || stack.length) throw new Error('XML is not well-formed');
  return elements;
}

describe('migcheck gate', () => {
  it('passes a manifest whose expectations hold (built-in and path models, .cfg and constants)', async () => {
    const r = await gate({ manifest: fixture('pass.json') });
    expect(r.code).toBe(0);
    expect(r.lines[0]).toMatch(/^✔ diehard {2}16 distinct states {2}\d+ms$/);
    expect(r.lines.at(-1)).toBe('3 passed, 0 failed');
  });

  it('fails when a property expected to hold is violated, and prints the trace', async () => {
    const r = await gate({ manifest: fixture('flip.json') });
    expect(r.code).toBe(12);
    expect(r.out).toContain('NotFour: expected holds, got violated');
    expect(r.out).toContain('NotFour counterexample (7 states):');
    expect(r.lines.at(-1)).toBe('0 passed, 1 failed');
  });

  it('fails when an expected violation disappears', async () => {
    const r = await gate({ manifest: fixture('disappears.json') });
    expect(r.code).toBe(12);
    expect(r.out).toContain('NotFour: expected violated, got holds');
    expect(r.lines.at(-1)).toBe('0 passed, 1 failed');
  });

  it('fails when the shortest counterexample is longer than maxTraceLength', async () => {
    const r = await gate({ manifest: fixture('trace-too-long.json') });
    expect(r.code).toBe(12);
    expect(r.out).toContain('shortest trace has 7 states, more than maxTraceLength 6');
  });

  it('compares the class reported by the model classifier', async () => {
    const r = await gate({ manifest: fixture('class.json') });
    expect(r.code).toBe(12);
    expect(r.lines[0]).toMatch(/^✔ right-class /);
    expect(r.out).toContain('✘ wrong-class');
    expect(r.out).toContain('counterexample class B.I, expected A');
    expect(r.lines.at(-1)).toBe('1 passed, 1 failed');
  });

  it.each([
    ['bad-json.json', /bad-json\.json:3:46: the gate manifest is not valid JSON: expected a string, found "}"/],
    ['unknown-model.json', /unknown-model\.json:3: runs\[0\]\.model: unknown built-in model diehrad/],
    ['unknown-constant.json', /unknown-constant\.json:6: runs\[0\]\.constants\.gaol: unknown constant gaol for model diehard; its constants are: smallCap, bigCap, goal/],
    ['unknown-property.json', /unknown-property\.json:6: runs\[0\]\.expect\.NotFive: unknown property NotFive for model diehard/],
    ['class-unavailable.json', /runs\[0\]\.expect\.NotFour\.class: model diehard has no classifyCounterexample/],
  ])('rejects %s with exit 151, naming file and item, and replaces a stale passing report with a failing one', async (file, message) => {
    const dir = mkdtempSync(join(tmpdir(), 'gate-'));
    const junit = join(dir, 'junit.xml');
    const summary = join(dir, 'summary.md');
    // A stale passing report from an earlier build must not survive a broken manifest.
    writeFileSync(junit, '<testsuites tests="1" failures="0"/>');
    const r = await gate({ manifest: fixture(file), junit, summary });
    expect(r.code).toBe(151);
    expect(r.err).toMatch(message);
    const els = parseXml(readFileSync(junit, 'utf8'));
    expect(els[0].attrs).toMatchObject({ tests: '1', failures: '0', errors: '1' });
    expect(els.find((e) => e.name === 'error')!.attrs.message).toMatch(message);
    expect(readFileSync(summary, 'utf8')).toMatch(/^## migcheck gate: ✘ did not finish\n/);
  });

  it('fails with 152 when a run hits maxStates, and still writes a JUnit report with its testcases as errors', async () => {
    const junit = join(mkdtempSync(join(tmpdir(), 'gate-')), 'junit.xml');
    const r = await gate({ manifest: fixture('run-error.json'), junit });
    expect(r.code).toBe(152);
    expect(r.out).toContain('run error: the search stopped at --max-states 5');
    expect(r.lines.at(-1)).toBe('0 passed, 2 failed');
    // A run that did not finish vouches for nothing: an <error>, not a wrong verdict.
    expect(parseXml(readFileSync(junit, 'utf8'))[0].attrs).toMatchObject({ tests: '2', failures: '0', errors: '2' });
  });

  it('fails with the model error\'s code (75) when a model throws in a run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gate-'));
    const manifest = join(dir, 'm.json');
    writeFileSync(manifest, JSON.stringify({ runs: [{ name: 'throws', model: resolve('test/fixtures/throwing.ts'), expect: { Checked: 'holds' } }] }));
    const r = await gate({ manifest });
    expect(r.code).toBe(75);
    expect(r.out).toContain('run error: Error: evaluating action Step threw an exception');
  });

  it('--summary appends to an existing file, as $GITHUB_STEP_SUMMARY is meant to be written', async () => {
    const summary = join(mkdtempSync(join(tmpdir(), 'gate-')), 'summary.md');
    writeFileSync(summary, '# Earlier step\n\n');
    expect((await gate({ manifest: fixture('pass.json'), summary })).code).toBe(0);
    expect(readFileSync(summary, 'utf8')).toMatch(/^# Earlier step\n\n## migcheck gate: ✔ passed\n/);
  });

  it('a stop request ends the gate with its runs so far and a failing report saying so (130)', async () => {
    const junit = join(mkdtempSync(join(tmpdir(), 'gate-')), 'junit.xml');
    const controller = new AbortController();
    controller.abort();
    const r = await gate({ manifest: fixture('pass.json'), junit, signal: controller.signal });
    expect(r.code).toBe(130);
    expect(r.out).toContain('The gate was interrupted (Ctrl-C); not run: diehard, diehard-by-path.');
    const els = parseXml(readFileSync(junit, 'utf8'));
    expect(els.find((e) => e.name === 'error')!.attrs.message).toBe('The gate was interrupted (Ctrl-C); not run: diehard, diehard-by-path.');
  });

  it('escapes names in the Markdown summary: HTML and table syntax', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gate-'));
    const manifest = join(dir, 'm.json');
    writeFileSync(manifest, JSON.stringify({ runs: [{ name: '<script>alert(1)</script> | x', model: 'diehard', expect: { NotFour: 'holds' } }] }));
    const summary = join(dir, 'summary.md');
    await gate({ manifest, summary });
    const md = readFileSync(summary, 'utf8');
    expect(md).not.toContain('<script>');
    expect(md).toContain('| ✘ | &lt;script&gt;alert(1)&lt;/script&gt; \\| x | NotFour |');
  });

  it('fails with 150 when a model module cannot be loaded', async () => {
    const r = await gate({ manifest: fixture('missing-module.json'), json: true });
    expect(r.code).toBe(150);
    expect(JSON.parse(r.out)).toMatchObject({ exitCode: 150, error: expect.stringMatching(/missing-module\.json:1: runs\[0\]\.model: Cannot load model no-such-model\.ts: it is neither a built-in model .* nor an existing file/) });
  });

  it('rejects --only with an unknown run name', async () => {
    const r = await gate({ manifest: fixture('pass.json'), only: 'nope' });
    expect(r.code).toBe(151);
    expect(r.err).toContain('--only nope: no run of that name (runs: diehard, diehard-by-path)');
  });

  it('writes well-formed JUnit XML with the trace in the failure, and a Markdown summary', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gate-'));
    const junit = join(dir, 'junit.xml');
    const summary = join(dir, 'summary.md');
    const r = await gate({ manifest: fixture('class.json'), junit, summary });
    expect(r.code).toBe(12);
    const els = parseXml(readFileSync(junit, 'utf8'));
    expect(els[0]).toMatchObject({ name: 'testsuites', attrs: { tests: '2', failures: '1' } });
    const cases = els.filter((e) => e.name === 'testcase');
    expect(cases.map((c) => `${c.attrs.classname}/${c.attrs.name}`)).toEqual(['gate.right-class/NotFour', 'gate.wrong-class/NotFour']);
    const failure = els.find((e) => e.name === 'failure')!;
    expect(failure.attrs.message).toBe('counterexample class B.I, expected A');
    expect(failure.text).toContain('State 1: <Initial predicate>');
    expect(failure.text).toContain('State 7: <BigToSmall>\n/\\ small = 3\n/\\ big = 4');
    const md = readFileSync(summary, 'utf8');
    expect(md).toContain('1 passed, 1 failed');
    expect(md).toContain('| ✘ | wrong-class | NotFour | violated, class A | violated, class B.I | 7 | counterexample class B.I, expected A |');
  });

  it('--json prints one document on stdout with every verdict', async () => {
    const r = await gate({ manifest: fixture('pass.json'), json: true });
    const doc = JSON.parse(r.out);
    expect(doc).toMatchObject({ passed: 3, failed: 0, exitCode: 0 });
    expect(doc.runs[0].properties.map((p: { property: string; verdict: string }) => `${p.property}=${p.verdict}`)).toEqual(['TypeOK=holds', 'NotFour=violated', 'Deadlock=holds']);
    expect(r.err.split('\n').at(-1)).toBe('3 passed, 0 failed');
  });

  it('passes the migration manifest, with classes from the shipped migration classifier', async () => {
    const r = await gate({ manifest: 'specs/gate.json', json: true });
    const doc = JSON.parse(r.out);
    expect(doc).toMatchObject({ failed: 0, exitCode: 0 });
    const resend = doc.runs.find((x: { name: string }) => x.name === 'loop-resend');
    expect(resend.properties.find((p: { property: string }) => p.property === 'NoNeedlessDiscard')).toMatchObject({ verdict: 'violated', class: 'B.II', traceLength: 9 });
  });

  it('runs as a user runs it: the built CLI loads a .ts model named by path in the manifest', () => {
    // In-process, vitest's own loader reads .ts; the compiled CLI must register one itself.
    const r = spawnSync(process.execPath, ['bin/migcheck.js', 'gate', fixture('pass.json')], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n').at(-1)).toBe('3 passed, 0 failed');
  });
});

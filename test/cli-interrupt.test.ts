// Stop requests end to end: SIGINT, SIGTERM and SIGHUP stop each phase within a second or two,
// the counts and traces so far are printed, the reports asked for are written, and the exit
// code is the signal's (130, 143, 129). A second signal quits at once.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'migcheck-stop-'));

/**
 * Run migcheck; once `marker` has shown on stdout or stderr (and `delayMs` later) send it the
 * `signals`, one after the other; collect the outcome and how long it took to end after the first.
 */
async function stopWhen(marker: string, signals: NodeJS.Signals[], args: string[], delayMs = 0) {
  const child = spawn(process.execPath, ['bin/migcheck.js', ...args], { cwd: root });
  let stdout = '';
  let stderr = '';
  const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
  await new Promise<void>((resolve, reject) => {
    const look = () => (stdout + stderr).includes(marker) && resolve();
    child.stdout.on('data', (d) => ((stdout += d), look()));
    child.stderr.on('data', (d) => ((stderr += d), look()));
    void closed.then((code) => reject(new Error(`exited ${code} before "${marker}" showed: ${stdout}${stderr}`)));
  });
  await new Promise((r) => setTimeout(r, delayMs));
  const sent = Date.now();
  for (const s of signals) child.kill(s);
  const code = await closed;
  return { code, stdout, stderr, ms: Date.now() - sent };
}

const counts = (stdout: string) => {
  const m = stdout.match(/([\d,]+) distinct states found, ([\d,]+) states left on queue/)!;
  return { distinct: Number(m[1].replace(/,/g, '')), left: Number(m[2].replace(/,/g, '')) };
};

const BANNER = 'Checking';
const LIVENESS = 'Checking temporal properties for the complete state space';
// 490,000 states; the liveness phase takes several seconds over its nine properties.
const GRID = ['check', 'test/fixtures/grid.ts', '--const', 'props=8'];

describe('the safety search', () => {
  it('Ctrl-C (SIGINT) stops the search, prints the counts so far and exits 130', async () => {
    const r = await stopWhen(BANNER, ['SIGINT'], ['check', 'test/fixtures/endless.ts'], 500);
    expect(r.code).toBe(130);
    expect(r.stderr).toContain('Interrupted');
    expect(r.stdout).toContain('Interrupted (Ctrl-C)');
    expect(r.stdout).toMatch(/[\d,]+ states generated, [\d,]+ distinct states found, [\d,]+ states left on queue\./);
  });

  it.each([
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const)('%s stops the search within a second, prints the counts, writes the HTML report and exits %i', async (signal, code) => {
    const html = join(tmp, `endless-${signal}.html`);
    const r = await stopWhen(BANNER, [signal], ['check', 'test/fixtures/endless.ts', '--html', html], 300);
    expect(r.code).toBe(code);
    expect(r.ms).toBeLessThan(1500);
    expect(r.stdout).toContain(`Interrupted (${signal}): the counts below are those reached so far.`);
    expect(counts(r.stdout).distinct).toBeGreaterThan(0);
    expect(readFileSync(html, 'utf8')).toContain('The search stopped early (interrupted)');
  });

  it('SIGHUP also stops a parallel search (--workers 2), with its counts so far', async () => {
    // Long enough for the workers to have taken over (TwoPhase 9 hands over at its 5th level).
    const r = await stopWhen(BANNER, ['SIGHUP'], ['check', 'twophase', '--const', 'rms=9', '--no-deadlock', '--workers', '2'], 2500);
    expect(r.code).toBe(129);
    expect(r.ms).toBeLessThan(2000);
    expect(r.stdout).toContain('Interrupted (SIGHUP)');
    expect(r.stdout).toContain('threads in parallel');
    expect(counts(r.stdout).distinct).toBeLessThan(10_340_352);
    expect(counts(r.stdout).left).toBeGreaterThan(0);
  });
});

describe('the liveness phase', () => {
  it('SIGINT stops it within a second: the counts, the properties not checked, exit 130', async () => {
    const r = await stopWhen(LIVENESS, ['SIGINT'], GRID);
    expect(r.code).toBe(130);
    expect(r.ms).toBeLessThan(1500);
    expect(r.stdout).toContain('Interrupted (Ctrl-C)');
    expect(r.stdout).toContain('490000 distinct states found, 0 states left on queue.');
    expect(r.stdout).toMatch(/Warning: Temporal properties [\w, ]*LeftCorner were not checked: the liveness phase was interrupted\./);
  });

  it('SIGTERM: one JSON document saying so, exit 143', async () => {
    const r = await stopWhen(LIVENESS, ['SIGTERM'], [...GRID, '--json']);
    expect(r.code).toBe(143);
    expect(r.ms).toBeLessThan(1500);
    expect(JSON.parse(r.stdout)).toMatchObject({ result: 'interrupted', exitCode: 143, complete: true, distinct: 490_000, queueLeft: 0 });
  });

  it('SIGHUP: exit 129', async () => {
    const r = await stopWhen(LIVENESS, ['SIGHUP'], GRID);
    expect(r.code).toBe(129);
    expect(r.stdout).toContain('Interrupted (SIGHUP)');
  });

  it('a second signal quits at once, with its own code', async () => {
    const r = await stopWhen(LIVENESS, ['SIGINT', 'SIGTERM'], GRID);
    // Sent back to back, the two may be handled in either order: the second one's code, 143 or 130.
    expect([143, 130]).toContain(r.code);
    expect(r.stdout).not.toContain('states generated');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('--memory binds in the liveness phase: exit 152 with the counts and the properties not checked', async () => {
    // The search stays under ~150 MiB here; the liveness phase's arrays take it past 190.
    const r = await stopWhen(LIVENESS, [], [...GRID, '--memory', '190']);
    expect(r.code).toBe(152);
    expect(r.stdout).toContain('Error: the liveness phase stopped at --memory 190 (MiB of resident memory)');
    expect(r.stdout).toContain('490000 distinct states found, 0 states left on queue.');
    expect(r.stdout).toMatch(/Warning: Temporal propert[\w, ]* not checked: the liveness phase was stopped at --memory 190/);
  });
});

describe('necessity', () => {
  // One job: the checks run in order in this thread, so where the stop lands is predictable.
  const NECESSITY = ['necessity', '--pages', '6', '--max-mce', '3', '--jobs', '1'];

  it('SIGTERM between checks: the verdicts so far on stdout (JSON), --out and --html written, exit 143', async () => {
    const dir = mkdtempSync(join(tmp, 'necessity-'));
    const html = join(dir, 'report.html');
    const r = await stopWhen('(2 of 20)', ['SIGTERM'], [...NECESSITY, '--json', '--out', dir, '--html', html]);
    expect(r.code).toBe(143);
    expect(r.ms).toBeLessThan(1500);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ complete: false, stopped: expect.stringMatching(/^Interrupted \(SIGTERM\) while checking committed .*: 1 of 20 checks done\.$/) });
    expect(doc.results[0].designs.map((d: { design: string }) => d.design)).toEqual(['prepatch']);
    expect(readFileSync(join(dir, 'report.md'), 'utf8')).toContain('**Interrupted (SIGTERM) while checking committed');
    expect(readFileSync(html, 'utf8')).toContain('Interrupted (SIGTERM) while checking committed');
  });

  it.each([
    ['SIGINT', 130, 'Ctrl-C'],
    ['SIGHUP', 129, 'SIGHUP'],
  ] as const)('%s during a check stops it within a second, exit %i', async (signal, code, text) => {
    const r = await stopWhen('(1 of 20)', [signal], NECESSITY, 200);
    expect(r.code).toBe(code);
    expect(r.ms).toBeLessThan(1500);
    expect(r.stdout).toContain(`Interrupted (${text}) while checking prepatch under readBroken=crash, mceMarksDirty=false: 0 of 20 checks done.`);
  });

  it('with --jobs 2, SIGTERM ends both worker threads at once and reports the checks under way', async () => {
    const r = await stopWhen('(2 of 20)', ['SIGTERM'], [...NECESSITY, '--jobs', '2', '--json'], 200);
    expect(r.code).toBe(143);
    expect(r.ms).toBeLessThan(1500);
    expect(JSON.parse(r.stdout)).toMatchObject({ complete: false, stopped: expect.stringMatching(/^Interrupted \(SIGTERM\) while checking prepatch under .* and committed under .*: 0 of 20 checks done\.$/) });
  });

  it('a sweep stopped by SIGINT prints the scopes done and compares only those, exit 130', async () => {
    const r = await stopWhen('Scope 1 of 2 done', ['SIGINT'], ['necessity', '--sweep', 'pages=1,6', '--max-mce', '3', '--jobs', '2']);
    expect(r.code).toBe(130);
    expect(r.ms).toBeLessThan(1500);
    expect(r.stdout).toMatch(/== pages=6: [\d,]+ states, checks took [\d.]+ s ==\nInterrupted \(Ctrl-C\) while checking .*: \d+ of 20 checks done\./);
    expect(r.stdout).toContain('Interrupted: 1 of 2 scopes complete; the comparison covers those.\nThe answer is the same in every scope compared (1 of them)');
  });
});

describe('gate', () => {
  // A quick run, then one that never ends on its own.
  const manifest = join(tmp, 'slow-gate.json');
  writeFileSync(
    manifest,
    JSON.stringify({
      runs: [
        { name: 'diehard', model: 'diehard', expect: { NotFour: 'violated' } },
        { name: 'twophase', model: 'twophase', constants: { rms: 9 }, checkDeadlock: false, expect: { TPTypeOK: 'holds' } },
        { name: 'after', model: 'diehard', expect: { TypeOK: 'holds' } },
      ],
    }),
  );

  it.each([
    ['SIGINT', 130, 'Ctrl-C'],
    ['SIGTERM', 143, 'SIGTERM'],
    ['SIGHUP', 129, 'SIGHUP'],
  ] as const)('%s stops the run under way, writes JUnit, summary and JSON saying so, exit %i', async (signal, code, text) => {
    const junit = join(tmp, `gate-${signal}.xml`);
    const summary = join(tmp, `gate-${signal}.md`);
    const r = await stopWhen('✔ diehard', [signal], ['gate', manifest, '--json', '--junit', junit, '--summary', summary], 300);
    expect(r.code).toBe(code);
    expect(r.ms).toBeLessThan(1500);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ exitCode: code, passed: 1, stopped: { message: `The gate was interrupted (${text}); not run: after.`, notRun: ['after'] } });
    expect(doc.runs.map((x: { name: string; error?: string }) => [x.name, x.error ?? null])).toEqual([['diehard', null], ['twophase', 'the search was interrupted']]);
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toMatch(/<testsuites name="migcheck gate" tests="3" failures="0" errors="2"/);
    expect(xml).toContain(`<error message="The gate was interrupted (${text}); not run: after." type="gate-error">`);
    expect(readFileSync(summary, 'utf8')).toMatch(/^## migcheck gate: ✘ did not finish\n/);
  });
});

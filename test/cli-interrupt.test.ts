import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Run migcheck, send SIGINT `ms` after the banner shows the search has started, and collect the outcome. */
async function interruptAfter(ms: number, ...args: string[]) {
  const child = spawn(process.execPath, ['bin/migcheck.js', ...args], { cwd: root });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  await new Promise<void>((resolve) => child.stdout.on('data', () => stdout.includes('Checking') && resolve()));
  await new Promise((r) => setTimeout(r, ms));
  child.kill('SIGINT');
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, stdout, stderr };
}

const counts = (stdout: string) => {
  const m = stdout.match(/([\d,]+) distinct states found, ([\d,]+) states left on queue/)!;
  return { distinct: Number(m[1].replace(/,/g, '')), left: Number(m[2].replace(/,/g, '')) };
};

it('Ctrl-C (SIGINT) stops the search, prints the counts so far and exits 130', async () => {
  const r = await interruptAfter(500, 'check', 'test/fixtures/endless.ts');
  expect(r.code).toBe(130);
  expect(r.stderr).toContain('Interrupted');
  expect(r.stdout).toContain('Interrupted (Ctrl-C)');
  expect(r.stdout).toMatch(/[\d,]+ states generated, [\d,]+ distinct states found, [\d,]+ states left on queue\./);
});

it('Ctrl-C also stops a parallel search (--workers 2), with its counts so far', async () => {
  // Long enough for the workers to have taken over (TwoPhase 9 hands over at its 5th level).
  const r = await interruptAfter(2500, 'check', 'twophase', '--const', 'rms=9', '--no-deadlock', '--workers', '2');
  expect(r.code).toBe(130);
  expect(r.stdout).toContain('Interrupted (Ctrl-C)');
  expect(r.stdout).toContain('threads in parallel');
  expect(counts(r.stdout).distinct).toBeLessThan(10_340_352);
  expect(counts(r.stdout).left).toBeGreaterThan(0);
});

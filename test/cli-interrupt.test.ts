import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

it('Ctrl-C (SIGINT) stops the search, prints the counts so far and exits 130', async () => {
  const child = spawn(process.execPath, ['bin/migcheck.js', 'check', 'test/fixtures/endless.ts'], { cwd: root });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  // Interrupt once the banner shows the search has started.
  await new Promise<void>((resolve) => child.stdout.on('data', () => stdout.includes('Checking') && resolve()));
  await new Promise((r) => setTimeout(r, 500));
  child.kill('SIGINT');
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  expect(code).toBe(130);
  expect(stderr).toContain('Interrupted');
  expect(stdout).toContain('Interrupted (Ctrl-C)');
  expect(stdout).toMatch(/[\d,]+ states generated, [\d,]+ distinct states found, [\d,]+ states left on queue\./);
});

it('Ctrl-C also stops a parallel search (--workers 2), with its counts so far', async () => {
  const child = spawn(process.execPath, ['bin/migcheck.js', 'check', 'twophase', '--const', 'rms=9', '--no-deadlock', '--workers', '2'], { cwd: root });
  let stdout = '';
  child.stdout.on('data', (d) => (stdout += d));
  await new Promise<void>((resolve) => child.stdout.on('data', () => stdout.includes('Checking') && resolve()));
  // Long enough for the workers to have taken over (TwoPhase 9 hands over at its 5th level).
  await new Promise((r) => setTimeout(r, 2500));
  child.kill('SIGINT');
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  expect(code).toBe(130);
  expect(stdout).toContain('Interrupted (Ctrl-C)');
  expect(stdout).toContain('threads in parallel');
  const m = stdout.match(/([\d,]+) distinct states found, ([\d,]+) states left on queue/)!;
  expect(Number(m[1].replace(/,/g, ''))).toBeLessThan(10_340_352);
  expect(Number(m[2].replace(/,/g, ''))).toBeGreaterThan(0);
});

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

import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { newestSource } from '../scripts/build.mjs';

// bin/migcheck.js runs dist/ only while no source is newer than it: the newest source must be
// found however deep it sits, and files outside the listed sources must not count.
describe('the compiled CLI build', () => {
  it('is stale once any source, however deep, is newer than it', () => {
    const base = mkdtempSync(join(tmpdir(), 'migcheck-build-'));
    const file = (path: string, seconds: number) => {
      const full = join(base, path);
      mkdirSync(join(full, '..'), { recursive: true });
      writeFileSync(full, '');
      utimesSync(full, seconds, seconds);
    };
    file('src/a.ts', 1000);
    file('src/cli/commands/deep.ts', 3000);
    file('model/m.ts', 2000);
    file('package.json', 1500);
    file('test/newer-but-not-a-source.ts', 9000);
    expect(newestSource(base, ['src', 'model', 'package.json', 'missing.mjs'])).toBe(3000 * 1000);
    expect(newestSource(base, ['model', 'package.json'])).toBe(2000 * 1000);
  });
});

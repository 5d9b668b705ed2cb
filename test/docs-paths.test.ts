// Docs that cannot drift from the tree, and a repository that stands on its own: every file or
// folder the docs name exists, and no file names a path outside the checkout (a reader of this
// repository could not follow it; what such a source says belongs in docs/ in our own words).

import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const docs = ['ARCHITECTURE.md', 'README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

// The repository's files: tracked, or new and not ignored (generated output, such as bench
// results, may name this machine's paths).
const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' })
  .split('\n')
  .filter((f) => f !== '' && existsSync(join(root, f)));
const inTree = (p: string) => existsSync(join(root, p));

/** Paths from the root a document names (`src/…`, `model/…`, `test/…`; not `/usr/bin/…`), placeholders aside. */
function rootPaths(text: string): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(/(?<![\w./-])((?:src|model|test|bench|scripts|specs|bin|docs)\/[\w./*-]*)/g)) {
    const p = m[1].replace(/[.]+$/, '').replace(/\/$/, '');
    if (!/[*<]|\/\.build\b/.test(p) && !/^bench\/results\.json$/.test(p)) found.add(p);
  }
  return [...found];
}

/** File names in code spans given without the root (`state/table.ts`, `expand.ts`): each must end some file's path. */
function shortNames(text: string): string[] {
  const found = new Set<string>();
  for (const span of text.matchAll(/`([^`\n]+)`/g)) {
    for (const m of span[1].matchAll(/(?<![\w./-])([\w-]+(?:\/[\w-]+)*\.(?:ts|mjs))\b/g)) {
      if (!/^(src|model|test|bench|scripts|specs|bin|docs|models)\//.test(m[1])) found.add(m[1]);
    }
  }
  return [...found];
}

describe('the paths the docs name', () => {
  for (const doc of docs) {
    it(`${doc}: every path from the root exists`, () => {
      const named = rootPaths(readFileSync(join(root, doc), 'utf8'));
      expect(named.filter((p) => !inTree(p))).toEqual([]);
    });
  }

  it('ARCHITECTURE.md: every file named in short is in the tree', () => {
    const named = shortNames(readFileSync(join(root, 'ARCHITECTURE.md'), 'utf8'));
    expect(named.length).toBeGreaterThan(20);
    expect(named.filter((n) => !files.some((f) => f === n || f.endsWith(`/${n}`)))).toEqual([]);
  });

  it('are found (the extraction works)', () => {
    const named = rootPaths(readFileSync(join(root, 'ARCHITECTURE.md'), 'utf8'));
    expect(named).toContain('src/engine/state/fingerprint.ts');
    expect(rootPaths('see `/usr/bin/time` and src/x.ts.')).toEqual(['src/x.ts']);
  });
});

describe('the repository', () => {
  // Where sources outside the checkout were once named from inside it. Built from parts, so
  // that this file does not name them itself.
  const OUTSIDE = [['..', 'shared'], ['shared', 'docs'], ['', 'work', ''], ['xen-final', 'iteration'], ['seed', '']].map((p) => p.join(p[0] === 'xen-final' ? '-' : '/'));

  it('names no path outside itself', () => {
    const text = files.filter((f) => !/\.(png|jpg|gz|tgz|zip|woff2?)$/.test(f));
    expect(text.length).toBeGreaterThan(100);
    const hits = text.flatMap((f) => {
      const body = readFileSync(join(root, f), 'utf8');
      return OUTSIDE.filter((o) => body.includes(o)).map((o) => `${f}: ${o}`);
    });
    expect(hits).toEqual([]);
  });
});

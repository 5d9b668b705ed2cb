// The layout's rules, checked: no import cycle in src/ (a cycle makes module order matter and
// hides which module owns what; type-only imports aside, which vanish at run time), and only
// the CLI imports the built-in models (model/): the engine, reports and API are generic.

import { readdirSync, readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import madge from 'madge';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

describe('the layout of src/', () => {
  it('has no import cycles', async () => {
    const graph = await madge(join(root, 'src'), {
      fileExtensions: ['ts'],
      tsConfig: join(root, 'tsconfig.json'),
      detectiveOptions: { ts: { skipTypeImports: true }, es6: { skipTypeImports: true } },
    });
    expect(Object.keys(graph.obj()).length).toBeGreaterThan(50);
    expect(graph.circular()).toEqual([]);
  });

  it('imports model/ only from the CLI', () => {
    const files = readdirSync(join(root, 'src'), { recursive: true }).map(String).filter((f) => f.endsWith('.ts'));
    const importers = files.filter((f) => /from '(\.\.\/)+model\//.test(readFileSync(join(root, 'src', f), 'utf8')));
    expect(importers.length).toBeGreaterThan(0);
    expect(importers.filter((f) => !f.startsWith(`cli${sep}`))).toEqual([]);
  });
});

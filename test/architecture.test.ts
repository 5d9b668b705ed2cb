// The layout's rules, checked: no import cycle in src/ (a cycle makes module order matter and
// hides which module owns what; type-only imports aside, which vanish at run time), and only
// the CLI imports the built-in models (model/): the engine, reports and API are generic. The
// lower layers do not reach up: the engine knows nothing of front ends, and the report writers
// take plain data (type imports count here: a type from above still ties a layer to it).

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
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

  const files = readdirSync(join(root, 'src'), { recursive: true }).map(String).filter((f) => f.endsWith('.ts'));

  it('imports model/ only from the CLI', () => {
    const importers = files.filter((f) => /from '(\.\.\/)+model\//.test(readFileSync(join(root, 'src', f), 'utf8')));
    expect(importers.length).toBeGreaterThan(0);
    expect(importers.filter((f) => !f.startsWith(`cli${sep}`))).toEqual([]);
  });

  it('names no built-in model or its domain outside the CLI', () => {
    const domain = [/migration|\bxen\b|before query/i, /\bB\.II?\b/];
    const naming = files.filter((f) => !f.startsWith(`cli${sep}`) && domain.some((d) => d.test(readFileSync(join(root, 'src', f), 'utf8'))));
    expect(naming).toEqual([]);
  });

  // Each file of `layer` with the files of src/ it imports that lie above it.
  const upward = (layer: string, above: readonly string[]) =>
    files
      .filter((f) => f.startsWith(`${layer}${sep}`))
      .flatMap((f) =>
        [...readFileSync(join(root, 'src', f), 'utf8').matchAll(/from '(\.[^']+)'/g)]
          .map((m) => relative(join(root, 'src'), resolve(join(root, 'src', dirname(f)), m[1])).split(sep).join('/'))
          .filter((target) => above.some((a) => target === a || target.startsWith(`${a}/`)))
          .map((target) => `${f} -> ${target}`),
      );

  it('keeps the engine below every front end', () => {
    expect(files.filter((f) => f.startsWith(`engine${sep}`)).length).toBeGreaterThan(15);
    expect(upward('engine', ['api/check.ts', 'cli', 'config', 'gate', 'report', 'index.ts'])).toEqual([]);
  });

  it('lets the report writers depend on nothing above them', () => {
    expect(files.filter((f) => f.startsWith(`report${sep}`)).length).toBeGreaterThan(8);
    expect(upward('report', ['api/check.ts', 'cli', 'config', 'gate', 'liveness', 'index.ts'])).toEqual([]);
  });
});

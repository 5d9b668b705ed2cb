// Every migcheck command the README and docs/ show is run here as written (docs that are true,
// issue 13), in a scratch folder inside the checkout holding the README's example files, so
// that relative paths and `import 'migcheck'` resolve as in this repository. A command must
// end with one of the documented verdict codes and never with a usage, load or internal
// error. Left to others: the "Use it in your repository" commands (`npx migcheck ...`, run
// by package.test.ts in fresh projects), the usage synopses (placeholders), and
// `check twophase --const rms=8`, the `twophase-8` workload of `npm run bench`.

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const docs = ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

/** The commands a document shows: in `code spans` and sh blocks, as `migcheck ...`. */
function commandsOf(text: string): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(/`(migcheck [^`\n]+)`/g)) found.add(m[1]);
  for (const b of text.matchAll(/```sh\n([\s\S]*?)```/g)) {
    for (const raw of b[1].split('\n')) {
      const line = raw.split(/\s+#/)[0].trim();
      if (/^(migcheck|node bin\/migcheck\.js) /.test(line)) found.add(line.replace(/^node bin\/migcheck\.js/, 'migcheck'));
    }
  }
  return [...found];
}

// A synopsis, or a command named in passing (`migcheck check` needs a model, `migcheck merge` partial results).
const placeholder = (c: string) => /[<[]|\| | m\b|\.\.\./.test(c) || /^migcheck (check|simulate|merge)$/.test(c);
const elsewhere = (c: string) => /--const rms=8\b/.test(c);

const scratchParent = join(root, 'tmp');
mkdirSync(scratchParent, { recursive: true });
const scratch = mkdtempSync(join(scratchParent, 'docs-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
// The README's example files (fenced blocks whose info string names a path), and the folders
// its commands name.
for (const m of readFileSync(join(root, 'README.md'), 'utf8').matchAll(/```\w+ ((?:models|specs)\/\S+)\n([\s\S]*?)```/g)) {
  mkdirSync(dirname(join(scratch, m[1])), { recursive: true });
  writeFileSync(join(scratch, m[1]), m[2]);
}
for (const dir of ['model', 'specs', 'test', 'bench']) symlinkSync(join(root, dir), join(scratch, dir));

const VERDICTS = [0, 11, 12, 13];
// The longest command (`necessity --sweep`, 14 s on an idle machine) took over two minutes on a
// loaded one (load average 7 on 2 cores): this test is about what a command answers, not how fast,
// so it waits as long as the command may run.
const COMMAND_MS = 300_000;

describe('the commands the docs show', () => {
  const all = docs.flatMap((doc) => commandsOf(readFileSync(join(root, doc), 'utf8')).map((c) => [doc, c] as const));
  const runnable = all.filter(([, c]) => !placeholder(c) && !elsewhere(c));

  it('are found (the extraction works)', () => {
    expect(runnable.length).toBeGreaterThanOrEqual(6);
  });

  for (const [doc, command] of runnable) {
    it(`${doc}: ${command}`, () => {
      const args = command.split(/\s+/).slice(1);
      const r = spawnSync(process.execPath, [join(root, 'bin/migcheck.js'), ...args], { cwd: scratch, encoding: 'utf8', timeout: COMMAND_MS });
      expect(VERDICTS, `${r.stdout}\n${r.stderr}`).toContain(r.status);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }, COMMAND_MS + 10_000);
  }
});

// The package as a user gets it: packed, installed from the tarball into a fresh project (an
// ES module one and a CommonJS one), and used exactly as the README's "Use it in your
// repository" section says — its files written, its commands run, their exit codes checked —
// plus the packaging linters of the ecosystem (publint, @arethetypeswrong/cli).

import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { publint } from 'publint';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
let tarball = '';

/** The README section as files (fenced blocks whose info string names a path) and commands (sh blocks, `# exit N`). */
function readmeSection(title: string) {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const start = readme.indexOf(`## ${title}\n`);
  const end = readme.indexOf('\n## ', start + 1);
  const text = readme.slice(start, end < 0 ? undefined : end);
  const files: { path: string; text: string }[] = [];
  const commands: { line: string; exit: number }[] = [];
  for (const m of text.matchAll(/```(\w+)(?: (\S+))?\n([\s\S]*?)```/g)) {
    const [, lang, path, body] = m;
    if (path) files.push({ path, text: body });
    else if (lang === 'sh') {
      for (const raw of body.split('\n')) {
        const [line, comment = ''] = raw.split(/\s+#\s*/, 2);
        if (!line.trim()) continue;
        commands.push({ line: line.trim(), exit: Number(/^exit (\d+)/.exec(comment)?.[1] ?? 0) });
      }
    }
  }
  return { files, commands };
}

/** Run a shell line in `cwd` (asynchronously: the two projects are set up side by side). */
function run(cwd: string, line: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = execFile('sh', ['-c', line], { cwd, encoding: 'utf8', timeout: 120_000 }, (_e, stdout, stderr) => resolve({ code: child.exitCode, out: `${stdout}${stderr}` }));
  });
}

/** A fresh project of the given module type with the README's files and the package installed. */
function project(type: 'module' | 'commonjs') {
  const dir = mkdtempSync(join(tmpdir(), `migcheck-user-${type}-`));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `user-${type}`, version: '1.0.0', private: true, type }, null, 2));
  const { files, commands } = readmeSection('Use it in your repository');
  for (const f of files) {
    mkdirSync(join(dir, dirname(f.path)), { recursive: true });
    writeFileSync(join(dir, f.path), f.text);
  }
  return { dir, files, commands };
}

beforeAll(() => {
  const out = mkdtempSync(join(tmpdir(), 'migcheck-pack-'));
  const name = execFileSync('npm', ['pack', '--silent', '--pack-destination', out], { cwd: root, encoding: 'utf8' }).trim().split('\n').at(-1)!;
  tarball = join(out, name);
}, 300_000);

describe('the packed package', () => {
  it('ships only what a user needs: the CLI, the built library with its declarations, the licence and README', () => {
    const listing = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).trim().split('\n').map((f) => f.replace(/^package\//, ''));
    expect(listing).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE', 'bin/migcheck.js', 'dist/index.mjs', 'dist/index.cjs', 'dist/cli.mjs', 'dist/worker-entry.mjs', 'dist/necessity-job.mjs', 'dist/index.d.mts', 'dist/index.d.cts']));
    const outside = listing.filter((f) => !/^(package\.json|README\.md|LICENSE|bin\/migcheck\.js|dist\/)/.test(f));
    expect(outside).toEqual([]);
    expect(listing.some((f) => f.startsWith('dist/types/') && f.endsWith('.d.ts'))).toBe(true);
  });

  it('passes publint and @arethetypeswrong/cli', async () => {
    const { messages } = await publint({ pack: { tarball: readFileSync(tarball).buffer as ArrayBuffer }, level: 'suggestion' });
    expect(messages).toEqual([]);
    const attwBin = join(dirname(require.resolve('@arethetypeswrong/cli/package.json')), 'dist/index.js');
    const attw = spawnSync(process.execPath, [attwBin, tarball, '--format', 'json'], { encoding: 'utf8' });
    const report = JSON.parse(attw.stdout) as { analysis: { problems: unknown[] } };
    expect(report.analysis.problems).toEqual([]);
    expect(attw.status).toBe(0);
  }, 120_000);

  // One test for both kinds of project, set up concurrently: most of the time is npm's.
  it('works as the README says in a "type": "module" and a "type": "commonjs" project: install, type-check, check, checkModel, gate', async () => {
    await Promise.all((['module', 'commonjs'] as const).map(async (type) => {
      const p = project(type);
      const install = p.commands.find((c) => c.line.startsWith('npm install'))!;
      // The tarball instead of the registry's migcheck; dependencies come from the local cache where it has them.
      const installed = await run(p.dir, `${install.line.replace(/\bmigcheck\b/, JSON.stringify(tarball))} --prefer-offline --no-audit --no-fund`);
      expect(installed.code, installed.out).toBe(0);

      // The README's model type-checks without a single annotation on its callbacks.
      writeFileSync(join(p.dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', strict: true, noEmit: true, skipLibCheck: true, types: [] }, include: ['models'] }));
      const tsc = await run(p.dir, `${JSON.stringify(process.execPath)} ${JSON.stringify(require.resolve('typescript/bin/tsc'))} -p .`);
      expect(tsc.code, `${type}: ${tsc.out}`).toBe(0);

      const commands = p.commands.filter((c) => c !== install);
      expect(commands.length).toBeGreaterThanOrEqual(4);
      for (const c of commands) {
        const r = await run(p.dir, c.line);
        expect(r.code, `${type}: ${c.line}\n${r.out}`).toBe(c.exit);
        expect(r.out, c.line).not.toMatch(/Internal error|\n\s+at /);
      }
      // The gate wrote its JUnit report.
      expect(readdirSync(p.dir), type).toContain('gate-junit.xml');
    }));
  }, 300_000);
});

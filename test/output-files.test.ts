// Report files end to end: each is replaced whole or not at all (a write that fails half-way,
// here through a file size limit of 0, which fails like a full disk, leaves the previous
// report byte for byte and no temporary), a report path that is an input is refused before
// anything runs, and a target that is not a regular file is written through, never replaced.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, lstatSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Run migcheck; with `fileSizeLimit`, under `ulimit -f` (1 KiB blocks), so that writing a larger file fails with EFBIG. */
function migcheck(args: string[], fileSizeLimit?: number) {
  const argv = fileSizeLimit === undefined ? [process.execPath, 'bin/migcheck.js', ...args] : ['bash', '-c', `ulimit -f ${fileSizeLimit}; exec "$@"`, 'bash', process.execPath, 'bin/migcheck.js', ...args];
  const r = spawnSync(argv[0], argv.slice(1), { cwd: root, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const temporaries = (dir: string) => readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.tmp'));

// Build dist/ first, outside the file size limit.
beforeAll(() => void migcheck(['--version']));

describe('a report write that fails', () => {
  const PREVIOUS = 'the previous good report\n';
  it.each([
    ['check --out-itf', (f: string) => ['check', 'diehard', '--quiet', '--out-itf', f]],
    ['check --html', (f: string) => ['check', 'diehard', '--quiet', '--html', f]],
    ['check --dump-dot', (f: string) => ['check', 'diehard', '--quiet', '--dump-dot', f]],
    ['simulate --out-itf', (f: string) => ['simulate', 'diehard', '--quiet', '--seed', '1', '--out-itf', f]],
    ['necessity --html', (f: string) => ['necessity', '--pages', '2', '--max-mce', '1', '--html', f]],
    ['gate --junit', (f: string) => ['gate', 'test/fixtures/gate/flip.json', '--junit', f]],
    ['gate --summary (appended to)', (f: string) => ['gate', 'test/fixtures/gate/flip.json', '--summary', f]],
  ])('%s leaves the previous file byte for byte and no temporary, exit 153 naming the file', (_, args) => {
    const dir = mkdtempSync(join(tmpdir(), 'migcheck-write-'));
    const file = join(dir, 'report');
    writeFileSync(file, PREVIOUS);
    const r = migcheck(args(file), 0);
    expect(r.code).toBe(153);
    expect(r.stderr).toContain(`Cannot write ${file}: EFBIG`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(file, 'utf8')).toBe(PREVIOUS);
    expect(temporaries(dir)).toEqual([]);
  });

  it('necessity --out leaves the previous report.md and no temporary', () => {
    const dir = mkdtempSync(join(tmpdir(), 'migcheck-write-'));
    writeFileSync(join(dir, 'report.md'), PREVIOUS);
    const r = migcheck(['necessity', '--pages', '2', '--max-mce', '1', '--out', dir], 0);
    expect(r.code).toBe(153);
    expect(readFileSync(join(dir, 'report.md'), 'utf8')).toBe(PREVIOUS);
    expect(temporaries(dir)).toEqual([]);
  });
});

describe('report paths', () => {
  it('refuses a report path that is the model or the cfg (also through a link), before running, exit 153 naming both', () => {
    const dir = mkdtempSync(join(tmpdir(), 'migcheck-paths-'));
    const model = join(dir, 'model.ts');
    copyFileSync(join(root, 'test/fixtures/deadlock.ts'), model);
    const source = readFileSync(model, 'utf8');
    const overModel = migcheck(['check', model, '--html', model]);
    expect(overModel.code).toBe(153);
    expect(overModel.stderr).toContain(`--html ${model} is the model ${model}`);
    expect(overModel.stdout).toBe('');
    const link = join(dir, 'link.itf.json');
    symlinkSync(model, link);
    expect(migcheck(['check', model, '--out-itf', link]).stderr).toContain(`--out-itf ${link} is the model ${model}`);
    expect(readFileSync(model, 'utf8')).toBe(source);

    const cfg = join(dir, 'x.cfg');
    writeFileSync(cfg, 'INVARIANT TypeOK\n');
    const overCfg = migcheck(['check', 'diehard', '--config', cfg, '--dump-dot', cfg]);
    expect([overCfg.code, readFileSync(cfg, 'utf8')]).toEqual([153, 'INVARIANT TypeOK\n']);
    expect(overCfg.stderr).toContain(`--dump-dot ${cfg} is the config file ${cfg}`);
  });

  it('refuses gate --junit equal to the manifest, leaving the manifest as it was', () => {
    const dir = mkdtempSync(join(tmpdir(), 'migcheck-paths-'));
    const manifest = join(dir, 'm.json');
    const text = readFileSync(join(root, 'test/fixtures/gate/pass.json'), 'utf8').replace('"diehard.cfg"', JSON.stringify(join(root, 'test/fixtures/gate/diehard.cfg')));
    writeFileSync(manifest, text);
    const r = migcheck(['gate', manifest, '--junit', manifest]);
    expect(r.code).toBe(153);
    expect(r.stderr).toContain(`--junit ${manifest} is the gate manifest ${manifest}`);
    expect(readFileSync(manifest, 'utf8')).toBe(text);
  });

  it('refuses a directory as a report file before running', () => {
    const dir = mkdtempSync(join(tmpdir(), 'migcheck-paths-'));
    const r = migcheck(['check', 'diehard', '--html', dir]);
    expect(r.code).toBe(153);
    expect(r.stderr).toContain(`--html ${dir}: that is a directory`);
    expect(r.stdout).not.toContain('Invariant');
  });

  it('writes through a FIFO, which stays a FIFO (gate --summary)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'migcheck-paths-'));
    const fifo = join(dir, 'summary');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const reader = spawn('cat', [fifo]);
    let read = '';
    reader.stdout.on('data', (d) => (read += d));
    const closed = new Promise((resolve) => reader.on('close', resolve));
    const r = migcheck(['gate', 'test/fixtures/gate/flip.json', '--summary', fifo]);
    await closed;
    expect(r.code).toBe(12);
    expect(read).toContain('## migcheck gate: ✘ failed');
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  }, 20_000);

  it('replaces the file a symbolic link points to, keeping the link', () => {
    const dir = mkdtempSync(join(tmpdir(), 'migcheck-paths-'));
    const real = join(dir, 'real.dot');
    const link = join(dir, 'graph.dot');
    writeFileSync(real, 'old');
    symlinkSync(real, link);
    expect(migcheck(['check', 'diehard', '--quiet', '--dump-dot', link]).code).toBe(12);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, 'utf8')).toMatch(/^digraph StateGraph/);
  });
});

describe('terminal output', () => {
  it('a reader that goes away (check diehard | head -1) ends the output quietly: no stack trace, the run\'s exit code', async () => {
    const child = spawn(process.execPath, ['bin/migcheck.js', 'check', 'diehard'], { cwd: root });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    // Like `head -1`: read the first chunk, then close the pipe.
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(12);
  });

  it('shows control characters in names escaped, never raw', () => {
    const dir = mkdtempSync(join(tmpdir(), 'migcheck-names-'));
    const manifest = join(dir, 'm.json');
    writeFileSync(manifest, JSON.stringify({ runs: [{ name: 'red\u001b[31m <script>', model: 'diehard', expect: { NotFour: 'holds' } }] }));
    const r = migcheck(['gate', manifest]);
    expect(r.code).toBe(12);
    expect(r.stdout + r.stderr).not.toContain('\u001b');
    expect(r.stdout).toContain('✘ red\\x1b[31m <script>');
  });
});

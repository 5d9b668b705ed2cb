// Every report file (--html, --out-itf, --dump-dot, necessity --out/--html, gate --junit) is
// written here, whole or not at all: into a temporary file beside the target (one file system,
// so the rename is atomic), flushed to disk, then renamed over it. A kill, a full disk or an
// unwritable directory leaves the previous report as it was and no temporary behind (a signal
// handler removes the live ones through `removeTemporaries`; only SIGKILL can leave one, as a
// hidden `.name.<pid>.<random>.tmp`). A target that exists and is not a regular file (a FIFO, a
// terminal, /dev/stdout) is written to directly: replacing it would cut off whoever reads it.
// The same goes for a file this process's stdout or stderr is redirected to.

import { randomBytes } from 'node:crypto';
import { fstatSync, realpathSync, rmSync, statSync, type Stats } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { EXIT, UserError } from '../errors.ts';

const live = new Set<string>();
let removedOnExit = false;

/** Remove the temporaries of writes under way (a signal handler's and the process's last act). */
export function removeTemporaries(): void {
  for (const tmp of live) rmSync(tmp, { force: true });
  live.clear();
}

const writeError = (file: string, e: unknown) =>
  new UserError(`Cannot write ${file}: ${(e as Error).message}. Any previous ${file} is unchanged.`, EXIT.system);

const sameFile = (a: Stats, b: Stats | undefined) => a.dev === b?.dev && a.ino === b.ino;

/** Whether `file` must be written in place: it exists and is not a regular file, or it is where stdout or stderr goes. */
function writtenInPlace(file: string, st: Stats | undefined): boolean {
  if (st?.isDirectory()) throw new UserError(`Cannot write ${file}: it is a directory; give a file name.`, EXIT.system);
  if (!st) return false;
  return !st.isFile() || [1, 2].some((fd) => sameFile(st, statOfFd(fd)));
}

function statOfFd(fd: number): Stats | undefined {
  try {
    return fstatSync(fd);
  } catch {
    return undefined; // closed
  }
}

/** Write `text` to `file` whole, or leave the previous file untouched (a UserError, exit 153). */
export async function writeReport(file: string, text: string): Promise<void> {
  const st = statSync(file, { throwIfNoEntry: false });
  try {
    if (writtenInPlace(file, st)) {
      const h = await open(file, 'w');
      await h.writeFile(text).finally(() => h.close());
      return;
    }
    // Through a symbolic link, the file it points to is replaced and the link kept.
    const target = st ? realpathSync(file) : resolve(file);
    await mkdir(dirname(target), { recursive: true });
    const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    if (!removedOnExit) process.on('exit', removeTemporaries);
    removedOnExit = true;
    live.add(tmp);
    try {
      const h = await open(tmp, 'wx');
      try {
        if (st) await h.chmod(st.mode & 0o7777);
        await h.writeFile(text);
        await h.sync();
      } finally {
        await h.close();
      }
      await rename(tmp, target);
    } finally {
      await rm(tmp, { force: true });
      live.delete(tmp);
    }
  } catch (e) {
    throw e instanceof UserError ? e : writeError(file, e);
  }
}

/**
 * Append `text` to `file` (created if missing), as CI job summaries are meant to be written
 * (GitHub's $GITHUB_STEP_SUMMARY). If the write fails, a regular file is cut back to its
 * previous length, so what was there stays byte for byte.
 */
export async function appendReport(file: string, text: string): Promise<void> {
  const st = statSync(file, { throwIfNoEntry: false });
  try {
    const inPlace = writtenInPlace(file, st);
    if (!inPlace) await mkdir(dirname(resolve(file)), { recursive: true });
    const h = await open(file, 'a');
    const size = inPlace ? 0 : (await h.stat()).size;
    try {
      await h.writeFile(text);
      if (!inPlace) await h.sync();
    } catch (e) {
      if (!inPlace) await h.truncate(size).catch(() => {});
      throw e;
    } finally {
      await h.close();
    }
  } catch (e) {
    throw e instanceof UserError ? e : writeError(file, e);
  }
}

/**
 * Refuse, before anything is read or run, a report path that is a directory or one of the
 * inputs (the same file through any path or link): writing the report would destroy the input.
 */
export function checkReportPaths(reports: readonly (readonly [flag: string, file: string | undefined])[], inputs: readonly (readonly [what: string, file: string | undefined])[]): void {
  const inputStats = inputs.flatMap(([what, file]) => {
    const st = file === undefined ? undefined : statSync(file, { throwIfNoEntry: false });
    return st?.isFile() ? [{ what, file, st }] : [];
  });
  for (const [flag, file] of reports) {
    if (file === undefined) continue;
    const st = statSync(file, { throwIfNoEntry: false });
    if (st?.isDirectory()) throw new UserError(`${flag} ${file}: that is a directory; give the report a file name.`, EXIT.system);
    const input = st?.isFile() ? inputStats.find((i) => sameFile(i.st, st)) : undefined;
    if (input) throw new UserError(`${flag} ${file} is the ${input.what} ${input.file}: the report would overwrite it. Give the report another path.`, EXIT.system);
  }
}

// How a command is asked to stop: SIGINT (Ctrl-C), SIGTERM (kill, a CI timeout) and SIGHUP
// (the terminal went away). The first signal aborts `signal`, which every phase polls (the
// search, the liveness phase, the symmetry check, each check of `necessity` and `gate`): it
// ends with what it has, the command prints it and writes the reports asked for, and the
// process exits 128 + the signal's number. A second signal exits at once, after removing the
// temporary files of reports being written.

import { EXIT, type StopReason } from '../errors.ts';
import { removeTemporaries } from '../report/write-file.ts';

const REASONS: readonly StopReason[] = [
  { signal: 'SIGINT', text: 'Ctrl-C', exitCode: EXIT.interrupted },
  { signal: 'SIGTERM', text: 'SIGTERM', exitCode: EXIT.terminated },
  { signal: 'SIGHUP', text: 'SIGHUP', exitCode: EXIT.hangup },
];

export interface StopRequest {
  /** Aborted by the first signal; its reason is the StopReason. */
  readonly signal: AbortSignal;
  /** The exit code of a command whose own outcome is `code`: the signal's once one came. */
  exitCode(code: number): number;
}

let request: StopRequest | undefined;

/** The process's stop request, with the signal handlers installed on first use. */
export function stopRequest(): StopRequest {
  if (request) return request;
  const controller = new AbortController();
  for (const reason of REASONS) {
    process.on(reason.signal, () => {
      if (controller.signal.aborted) {
        removeTemporaries();
        process.exit(reason.exitCode);
      }
      controller.abort(reason);
      const again = reason.signal === 'SIGINT' ? 'Ctrl-C again' : `${reason.signal} again`;
      process.stderr.write(`\nInterrupted (${reason.text}): finishing with the results so far (${again} to quit at once).\n`);
    });
  }
  const signal = controller.signal;
  request = { signal, exitCode: (code) => (signal.aborted ? (signal.reason as StopReason).exitCode : code) };
  return request;
}

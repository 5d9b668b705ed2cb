// Exit codes (TLC's, so CI scripts and editors that know TLC read ours) and the error type
// every user-facing failure is raised as: one paragraph naming the file, property or action.

export const EXIT = {
  ok: 0,
  assumption: 10,
  deadlock: 11,
  safety: 12,
  liveness: 13,
  assertion: 14,
  evalNext: 75,
  evalInvariant: 76,
  evalTemporal: 77,
  loadModel: 150,
  config: 151,
  tooLarge: 152,
  system: 153,
  other: 255,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An error meant for the user: `message` is the whole paragraph; `exitCode` is documented. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
  ) {
    super(message);
  }
}

export const configError = (message: string) => new UserError(message, EXIT.config);

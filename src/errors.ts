// Exit codes (TLC's, so CI scripts and editors that know TLC read ours, plus the shell's codes
// for a run stopped by a signal) and the error type every user-facing failure is raised as: one
// paragraph naming the file, property or action. Every code the CLI can return is here, and
// which outcome of a run owes which code.

export const EXIT = {
  ok: 0,
  assumption: 10,
  deadlock: 11,
  safety: 12,
  liveness: 13,
  assertion: 14,
  /** The model is at fault: init or an action threw, a state holds a value outside the state domain, an action mutated its state or is not deterministic, a predicate returned a non-boolean. */
  evalNext: 75,
  /** An invariant, action property or reachability predicate threw. */
  evalInvariant: 76,
  /** A temporal property's predicate threw. */
  evalTemporal: 77,
  /** The model (or a gate manifest's model) could not be loaded. */
  loadModel: 150,
  /** A config file, manifest or command-line error; also an output asked for that cannot carry the model's states (ITF of a state holding null or a fraction). */
  config: 151,
  /** --max-states, --memory or a manifest's maxStates was exceeded. */
  tooLarge: 152,
  /** A system error: a file could not be read or written. */
  system: 153,
  /** Stopped by SIGHUP (128 + 1), SIGINT / Ctrl-C (128 + 2) or SIGTERM (128 + 15). */
  hangup: 129,
  interrupted: 130,
  terminated: 143,
  /** A bug in migcheck itself (the stack trace is printed with --debug). */
  other: 255,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

const modelErrorCodes: { readonly [part: string]: ExitCode } = {
  invariant: EXIT.evalInvariant,
  actionProperty: EXIT.evalInvariant,
  reachable: EXIT.evalInvariant,
  temporal: EXIT.evalTemporal,
};

/** The exit code of a model error, by the part of the model that failed. */
export const exitCodeOfModelError = (part: string): ExitCode => (Object.hasOwn(modelErrorCodes, part) ? modelErrorCodes[part] : EXIT.evalNext);

/** The exit code each kind of violation owes; its keys are the kinds of violation there are. */
const violationCodes = {
  deadlock: EXIT.deadlock,
  invariant: EXIT.safety,
  // TLC exits 13 for an action property: it is the temporal property [][A]_v.
  action: EXIT.liveness,
  reachability: EXIT.safety,
  liveness: EXIT.liveness,
  // TLC exits 13 for a violated PROPERTY A!Spec, its initial state or a step alike.
  refinement: EXIT.liveness,
} as const satisfies { readonly [kind: string]: ExitCode };

export type ViolationKind = keyof typeof violationCodes;

/**
 * The exit code of a run: 130 when it was interrupted (as a shell reports a process stopped by
 * Ctrl-C, whatever it found before), else the model error's, else the first violation's, else
 * 152 for a limit.
 */
export function exitCodeOf(r: { readonly status: string; readonly violations: readonly { readonly kind: ViolationKind }[]; readonly error?: { readonly part: string } | null }): ExitCode {
  if (r.status === 'interrupted') return EXIT.interrupted;
  // A model error outranks violations: a model that throws or is not deterministic makes
  // every count and trace of the run doubtful.
  if (r.error) return exitCodeOfModelError(r.error.part);
  if (r.violations.length > 0) return violationCodes[r.violations[0].kind];
  if (r.status === 'limit') return EXIT.tooLarge;
  return EXIT.ok;
}

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

/**
 * The `reason` of an AbortSignal aborted by a signal (see src/cli/stop.ts): which signal, how
 * the output names it, and the exit code it owes (128 + its number).
 */
export interface StopReason {
  readonly signal: 'SIGHUP' | 'SIGINT' | 'SIGTERM';
  readonly text: string;
  readonly exitCode: ExitCode;
}

const isStopReason = (r: unknown): r is StopReason => typeof r === 'object' && r !== null && typeof (r as StopReason).exitCode === 'number' && typeof (r as StopReason).text === 'string';

/** How to name what stopped a run in the output: the signal, or Ctrl-C for any other abort. */
export const stopText = (signal: AbortSignal | undefined): string => (isStopReason(signal?.reason) ? signal.reason.text : 'Ctrl-C');

/** The exit code of a run stopped through `signal`: the signal's own, else 130 (an abort from a library caller). */
export const stopExitCode = (signal: AbortSignal | undefined): ExitCode => (isStopReason(signal?.reason) ? signal.reason.exitCode : EXIT.interrupted);

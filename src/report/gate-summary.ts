// What the gate's reports (JUnit, Markdown) need of a gate's outcome, as plain data: the report
// writers depend on this shape, not on the gate, so that nothing in report/ imports from above.

export interface GatedProperty {
  readonly property: string;
  readonly verdict: string;
  /** States in the shortest counterexample, and the trace as text. */
  readonly traceLength?: number;
  readonly traceText?: string;
  readonly class?: string;
  /** Set on the properties the manifest gates. */
  readonly expected?: { readonly verdict: string; readonly class?: string; readonly maxTraceLength?: number };
  /** Why the expectation is not met; empty when it is. */
  readonly mismatches: readonly string[];
}

export interface GatedRun {
  readonly name: string;
  readonly elapsedMs: number;
  /** The run could not produce verdicts (the model threw, a bound or a stop request cut it). */
  readonly error?: string;
  readonly properties: readonly GatedProperty[];
}

export interface GateSummary {
  readonly manifest: string;
  readonly runs: readonly GatedRun[];
  readonly passed: number;
  readonly failed: number;
  /** Why the gate did not run every check. */
  readonly stopped?: { readonly message: string };
}

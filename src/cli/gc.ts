// Garbage-collector tuning for a search, set once per process (V8 flags are process-wide, so
// worker threads share it). A search allocates successors at a high rate, nearly all of which
// die young, while what survives (the seen set, the compact frontier) lives in typed arrays.
// - V8 grows the young generation up to 3 x 16 MiB for such a rate; kept at its initial size,
//   TwoPhase with 8 RMs peaked at 129 MB instead of 150 MB at the same speed.
// - Each of those many small scavenges was split into tasks for helper threads: waking and
//   joining them (futex calls and joins, ~5% of TwoPhase 8's samples under perf, gone since)
//   cost more than they saved on 2 cores. Scavenging on the allocating thread alone: TwoPhase 7
//   1.08x less CPU time (median of 9 runs), TwoPhase 8 between 0.93x and 1.11x (medians of 3,
//   two sessions), counters 1.02-1.05x, two workers 1.04-1.06x.
// Both flags are read whenever V8 grows or scavenges the young generation, so they are set here
// at start-up (`--semi-space-growth-factor` given on node's command line had no effect on Node 20).

import { setFlagsFromString } from 'node:v8';

export function tuneGarbageCollector(): void {
  setFlagsFromString('--semi-space-growth-factor=1');
  setFlagsFromString('--no-parallel-scavenge');
}

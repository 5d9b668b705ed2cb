// TCommit (from the TLA+ Examples, Lamport's TCommit.tla): the specification of transaction
// commit that TwoPhase implements. Each of `rms` resource managers goes from working to
// prepared, then commits (once all are prepared or committed) or aborts (while none has
// committed). TLC's figures for 3 RMs: 34 distinct states, 94 generated, depth 7.
// TwoPhase refines it through the mapping rmState ↦ rmState (docs/refinement.md).

import { List, Record } from 'immutable';
import { defineModel } from 'migcheck';

type RMState = 'working' | 'prepared' | 'committed' | 'aborted';

/** A TCommit state: rmState[r - 1] is the state of RM r (RM = 1..rms). */
export const TC = Record({ rmState: List<RMState>() });
export type TC = ReturnType<typeof TC>;

export default defineModel({
  name: 'tcommit',
  doc: 'Transaction commit (TLA+ Examples, TCommit.tla), the spec TwoPhase refines; TCConsistent holds.',
  constants: { rms: { default: 3, min: 1, max: 12, doc: 'number of resource managers' } },
  init: (c) => [TC({ rmState: List(Array.from({ length: c.rms }, (): RMState => 'working')) })],
  spec: (c) => {
    const rmParams = Array.from({ length: c.rms }, (_, i) => ({ rm: i + 1 }));
    const set = (s: TC, rm: number, to: RMState) => s.set('rmState', s.rmState.set(rm - 1, to));
    const canCommit = (s: TC) => s.rmState.every((r) => r === 'prepared' || r === 'committed');
    const notCommitted = (s: TC) => s.rmState.every((r) => r !== 'committed');
    return {
      actions: {
        Prepare: { params: () => rmParams, next: (s: TC, { rm }: { rm: number }) => s.rmState.get(rm - 1) === 'working' && set(s, rm, 'prepared') },
        // Decide's two disjuncts: commit, or abort; both may be enabled.
        Decide: {
          params: () => rmParams,
          next: (s: TC, { rm }: { rm: number }) => {
            const r = s.rmState.get(rm - 1);
            return [
              ...(r === 'prepared' && canCommit(s) ? [set(s, rm, 'committed')] : []),
              ...((r === 'working' || r === 'prepared') && notCommitted(s) ? [set(s, rm, 'aborted')] : []),
            ];
          },
        },
      },
      invariants: {
        TCConsistent: (s) => !(s.rmState.includes('committed') && s.rmState.includes('aborted')),
      },
      // A decided transaction has nothing left to do: not a deadlock.
      terminal: (s) => s.rmState.every((r) => r === 'committed' || r === 'aborted'),
    };
  },
});

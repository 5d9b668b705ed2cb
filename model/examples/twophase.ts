// TwoPhase (from the TLA+ Examples, Lamport's TwoPhase.tla): two-phase commit with a
// transaction manager (TM) and `rms` resource managers (RMs). The encoding follows the TLA+
// spec action for action, so TLC's published figures apply unchanged: with deadlock checking
// off, 3 RMs give 288 distinct / 1,146 generated / depth 11 and 5 RMs give 8,832 / 58,146 / 17.
// There is no deadlock even with checking on: once the TM has decided, RMRcvCommitMsg or
// RMRcvAbortMsg stays enabled (a self-loop), and before that TMAbort is enabled.

import { List, Map, Record, Set } from 'immutable';
import { defineModel } from 'migcheck';

type RMState = 'working' | 'prepared' | 'committed' | 'aborted';
type TMState = 'init' | 'committed' | 'aborted';

// Messages: [type |-> "Prepared", rm |-> r], [type |-> "Commit"], [type |-> "Abort"]. They are
// Maps, not Records, because they are Set members: Immutable caches a Map's hash but
// recomputes a Record's on every lookup, which made message lookups half of the run time.
// Each is hashed once when made: a small Set finds a member by comparing it with each entry,
// and two Maps whose hashes are known compare in O(1) (else entry by entry: 11% of the time).
type Msg = Map<'type' | 'rm', string | number>;
const message = (m: Msg): Msg => (m.hashCode(), m);
const COMMIT = message(Map({ type: 'Commit' }));
const ABORT = message(Map({ type: 'Abort' }));

const TP = Record({
  // rmState[r - 1] is the state of RM r (RM = 1..rms).
  rmState: List<RMState>(),
  tmState: 'init' as TMState,
  tmPrepared: Set<number>(),
  msgs: Set<Msg>(),
});
type TP = ReturnType<typeof TP>;

const RM_STATES: readonly string[] = ['working', 'prepared', 'committed', 'aborted'];
const TM_STATES: readonly string[] = ['init', 'committed', 'aborted'];
const NO_RM: readonly { rm: number }[] = [];

export default defineModel({
  name: 'twophase',
  doc: 'Two-phase commit with a transaction manager (TLA+ Examples, TwoPhase.tla); TCConsistent holds.',
  constants: { rms: { default: 3, min: 1, max: 12, doc: 'number of resource managers' } },
  init: (c) => [TP({ rmState: List(Array.from({ length: c.rms }, (): RMState => 'working')) })],
  spec: (c) => {
    const n = c.rms;
    // One params object per RM, built once: label interning hits its identity cache.
    const rmParams = Array.from({ length: n }, (_, i) => ({ rm: i + 1 }));
    const prepared = rmParams.map(({ rm }) => message(Map({ type: 'Prepared', rm })));
    const setRm = (s: TP, rm: number, to: RMState) => s.set('rmState', s.rmState.set(rm - 1, to));
    // An RM action tries every RM, or none where its guard on the rest of the state fails:
    // that guard is then evaluated once per state instead of once per RM.
    const perRm = (next: (s: TP, p: { rm: number }) => TP | null, enabled?: (s: TP) => boolean) => ({
      params: enabled ? (s: TP) => (enabled(s) ? rmParams : NO_RM) : () => rmParams,
      next,
    });

    return {
      actions: {
        TMCommit: (s: TP) =>
          s.tmState === 'init' && s.tmPrepared.size === n ? s.merge({ tmState: 'committed', msgs: s.msgs.add(COMMIT) }) : null,
        TMAbort: (s: TP) => (s.tmState === 'init' ? s.merge({ tmState: 'aborted', msgs: s.msgs.add(ABORT) }) : null),
        TMRcvPrepared: perRm(
          (s, { rm }) => (s.msgs.has(prepared[rm - 1]) ? s.set('tmPrepared', s.tmPrepared.add(rm)) : null),
          (s) => s.tmState === 'init',
        ),
        RMPrepare: perRm((s, { rm }) =>
          s.rmState.get(rm - 1) === 'working' ? setRm(s, rm, 'prepared').set('msgs', s.msgs.add(prepared[rm - 1])) : null,
        ),
        RMChooseToAbort: perRm((s, { rm }) => (s.rmState.get(rm - 1) === 'working' ? setRm(s, rm, 'aborted') : null)),
        RMRcvCommitMsg: perRm((s, { rm }) => setRm(s, rm, 'committed'), (s) => s.msgs.has(COMMIT)),
        RMRcvAbortMsg: perRm((s, { rm }) => setRm(s, rm, 'aborted'), (s) => s.msgs.has(ABORT)),
      },
      invariants: {
        TPTypeOK: (s: TP) =>
          s.rmState.size === n &&
          s.rmState.every((r) => RM_STATES.includes(r)) &&
          TM_STATES.includes(s.tmState) &&
          s.tmPrepared.every((r) => Number.isInteger(r) && r >= 1 && r <= n) &&
          // Identity first: the actions only ever send these message objects.
          s.msgs.every((m) => m === COMMIT || m === ABORT || prepared.includes(m) || [COMMIT, ABORT, ...prepared].some((x) => x.equals(m))),
        // No RM has committed while another has aborted.
        TCConsistent: (s: TP) => !(s.rmState.includes('committed') && s.rmState.includes('aborted')),
      },
      // RMs are interchangeable: RM r becomes RM perm[r - 1] + 1 in its state, in the TM's
      // prepared set and in its Prepared message.
      symmetry: {
        size: n,
        permute: (s: TP, perm: readonly number[]) =>
          s.merge({
            rmState: List(s.rmState).withMutations((l) => s.rmState.forEach((st, i) => l.set(perm[i], st))),
            tmPrepared: s.tmPrepared.map((rm) => perm[rm - 1] + 1),
            msgs: s.msgs.map((m) => (m.has('rm') ? prepared[perm[(m.get('rm') as number) - 1]] : m)),
          }),
        // RM i + 1 without its name: its state, whether the TM has its vote, whether it voted.
        signature: (s: TP, i: number) => [s.rmState.get(i), s.tmPrepared.has(i + 1), s.msgs.has(prepared[i])],
      },
    };
  },
});

/* TwoPhase.tla (TLA+ Examples) in Promela, for SPIN: the same state space as
   model/examples/twophase.ts (TLC's counts: 8 RMs give 1,745,408 states). Each TLA+ action
   instance is one d_step alternative of one process's loop, so a state is the variables and
   one program counter. N is the number of RMs (up to 10): spin -DN=8 -a twophase.pml (bench/run.ts does it). */

#ifndef N
#define N 8
#endif

#define WORKING 0
#define PREPARED 1
#define COMMITTED 2
#define ABORTED 3

byte rmState[N];      /* all WORKING */
byte tmState;         /* 0 init, 1 committed, 2 aborted */
bit tmPrepared[N];
bit msgPrepared[N];   /* [type |-> "Prepared", rm |-> r] \in msgs */
bit msgCommit;
bit msgAbort;

/* Functions of the variables above, kept so that guards and the property stay short (they
   add no states): how many RMs the TM has, and whether some RM has committed or aborted (an
   RM that has stays so: Commit is sent only once every RM has prepared, Abort only if no
   Commit was). TCConsistent is checked as [] of no RM committed while another aborted. */
byte nPrepared;
bit anyCommitted, anyAborted;
ltl TCConsistent { [] !(anyCommitted && anyAborted) }

#define RM_ACTIONS(r) \
  :: d_step { tmState == 0 && msgPrepared[r] -> if :: !tmPrepared[r] -> tmPrepared[r] = 1; nPrepared++ :: else -> skip fi } \
  :: d_step { rmState[r] == WORKING -> rmState[r] = PREPARED; msgPrepared[r] = 1 } \
  :: d_step { rmState[r] == WORKING -> rmState[r] = ABORTED; anyAborted = 1 } \
  :: d_step { msgCommit -> rmState[r] = COMMITTED; anyCommitted = 1 } \
  :: d_step { msgAbort -> rmState[r] = ABORTED; anyAborted = 1 }

active proctype TwoPhase() {
  do
  :: d_step { tmState == 0 && nPrepared == N -> tmState = 1; msgCommit = 1 }
  :: d_step { tmState == 0 -> tmState = 2; msgAbort = 1 }
  RM_ACTIONS(0)
#if N > 1
  RM_ACTIONS(1)
#endif
#if N > 2
  RM_ACTIONS(2)
#endif
#if N > 3
  RM_ACTIONS(3)
#endif
#if N > 4
  RM_ACTIONS(4)
#endif
#if N > 5
  RM_ACTIONS(5)
#endif
#if N > 6
  RM_ACTIONS(6)
#endif
#if N > 7
  RM_ACTIONS(7)
#endif
#if N > 8
  RM_ACTIONS(8)
#endif
#if N > 9
  RM_ACTIONS(9)
#endif
  od
}

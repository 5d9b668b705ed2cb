// Peterson's mutual exclusion algorithm for two processes. Each process i: Try (raise its
// flag), SetTurn (give the turn away), Enter (when the other's flag is down or the turn is
// its own), Exit (lower its flag). Mutual exclusion holds outright; starvation freedom
// (a trying process eventually enters) holds under weak fairness of each process's steps
// after Try — and fails without fairness, by the waiting process stuttering forever.

import { List, Record } from 'immutable';
import { defineModel, leadsTo, WF } from 'migcheck';

type Pc = 'idle' | 'setTurn' | 'wait' | 'cs';
const Procs = Record({ pc: List<Pc>(['idle', 'idle']), flag: List<boolean>([false, false]), turn: 0 });
type Procs = ReturnType<typeof Procs>;

const trying = (i: number) => (s: Procs) => s.pc.get(i) === 'setTurn' || s.pc.get(i) === 'wait';
const critical = (i: number) => (s: Procs) => s.pc.get(i) === 'cs';

const process = (i: number) => {
  const j = 1 - i;
  return {
    [`Try${i}`]: (s: Procs) => s.pc.get(i) === 'idle' && s.merge({ pc: s.pc.set(i, 'setTurn'), flag: s.flag.set(i, true) }),
    [`SetTurn${i}`]: (s: Procs) => s.pc.get(i) === 'setTurn' && s.merge({ pc: s.pc.set(i, 'wait'), turn: j }),
    [`Enter${i}`]: (s: Procs) => s.pc.get(i) === 'wait' && (!s.flag.get(j) || s.turn === i) && s.set('pc', s.pc.set(i, 'cs')),
    [`Exit${i}`]: (s: Procs) => s.pc.get(i) === 'cs' && s.merge({ pc: s.pc.set(i, 'idle'), flag: s.flag.set(i, false) }),
  };
};

export default defineModel({
  name: 'peterson',
  doc: "Peterson's two-process mutual exclusion; StarvationFree needs the fair flag (WF per process).",
  constants: { fair: true },
  init: [Procs()],
  spec: (c) => ({
    actions: { ...process(0), ...process(1) },
    invariants: {
      MutualExclusion: (s: Procs) => !(s.pc.get(0) === 'cs' && s.pc.get(1) === 'cs'),
    },
    properties: {
      StarvationFree0: leadsTo(trying(0), critical(0)),
      StarvationFree1: leadsTo(trying(1), critical(1)),
    },
    // Try is left out: a process may stay idle forever, as in the critical-section problem.
    fairness: c.fair ? [{ ...WF('SetTurn0', 'Enter0', 'Exit0'), name: 'process0' }, { ...WF('SetTurn1', 'Enter1', 'Exit1'), name: 'process1' }] : [],
  }),
});

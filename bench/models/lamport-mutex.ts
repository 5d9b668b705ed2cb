// Lamport's distributed mutual exclusion (CACM 1978), from the TLA+ Examples
// (specifications/lamport_mutex/LamportMutex.tla by Stephan Merz, MIT License; the TLA+ the
// bench runs TLC on is bench/tla/LamportMutex.tla). Written as a TLA+ user new to migcheck
// would write it, for the benchmark: one Immutable value per TLA+ variable, functions over
// processes as Maps, the network as a Map of Maps of Lists of message Records, nothing tuned.
// TLC's counts (N = 3, maxClock = 6): 724,274 distinct states, 2,729,079 generated, depth 61.

import { List, Map, Record, Set } from 'immutable';
import { defineModel } from 'migcheck';

type Proc = number;

// [type |-> "req", clock |-> c], [type |-> "ack", clock |-> 0], [type |-> "rel", clock |-> 0]
const Message = Record({ type: 'req' as 'req' | 'ack' | 'rel', clock: 0 });
type Message = ReturnType<typeof Message>;
const ReqMessage = (c: number) => Message({ type: 'req', clock: c });
const AckMessage = Message({ type: 'ack', clock: 0 });
const RelMessage = Message({ type: 'rel', clock: 0 });

const State = Record({
  /** clock[p]: the local clock of process p */
  clock: Map<Proc, number>(),
  /** req[p][q]: the clock of q's request as p received it, 0 if none */
  req: Map<Proc, Map<Proc, number>>(),
  /** ack[p]: the processes that have acknowledged p's request */
  ack: Map<Proc, Set<Proc>>(),
  /** network[p][q]: the messages from p to q not yet received (FIFO) */
  network: Map<Proc, Map<Proc, List<Message>>>(),
  /** the processes in the critical section */
  crit: Set<Proc>(),
});
type State = ReturnType<typeof State>;

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

export default defineModel({
  name: 'lamport-mutex',
  doc: "Lamport's distributed mutual exclusion (TLA+ Examples, LamportMutex.tla)",
  constants: {
    N: { default: 3, min: 1, doc: 'number of processes' },
    maxClock: { default: 6, min: 1, doc: 'explore only states whose clocks are at most this' },
  },
  init: (c) => {
    const Proc = range(c.N);
    return [
      State({
        clock: Map(Proc.map((p) => [p, 1])),
        req: Map(Proc.map((p) => [p, Map(Proc.map((q) => [q, 0]))])),
        ack: Map(Proc.map((p) => [p, Set<Proc>()])),
        network: Map(Proc.map((p) => [p, Map(Proc.map((q) => [q, List<Message>()]))])),
        crit: Set<Proc>(),
      }),
    ];
  },
  spec: (c) => {
    const Proc = range(c.N);

    // p believes its request has priority over q's
    const beats = (s: State, p: Proc, q: Proc) => {
      const rp = s.req.getIn([p, p]) as number;
      const rq = s.req.getIn([p, q]) as number;
      return rq === 0 || rp < rq || (rp === rq && p < q);
    };

    // send m to every process but the sender
    const broadcast = (s: State, sender: Proc, m: Message) =>
      s.network.get(sender)!.map((queue, r) => (r === sender ? queue : queue.push(m)));

    const channel = (s: State, from: Proc, to: Proc) => s.network.getIn([from, to]) as List<Message>;

    return {
      actions: {
        Request: {
          params: () => Proc.map((p) => ({ p })),
          next: (s, { p }: { p: Proc }) => {
            if (s.req.getIn([p, p]) !== 0) return null;
            return s.merge({
              req: s.req.setIn([p, p], s.clock.get(p)),
              network: s.network.set(p, broadcast(s, p, ReqMessage(s.clock.get(p)!))),
              ack: s.ack.set(p, Set([p])),
            });
          },
        },
        Enter: {
          params: () => Proc.map((p) => ({ p })),
          next: (s, { p }: { p: Proc }) => {
            if (!s.ack.get(p)!.equals(Set(Proc))) return null;
            if (!Proc.filter((q) => q !== p).every((q) => beats(s, p, q))) return null;
            return s.set('crit', s.crit.add(p));
          },
        },
        Exit: {
          params: () => Proc.map((p) => ({ p })),
          next: (s, { p }: { p: Proc }) => {
            if (!s.crit.has(p)) return null;
            return s.merge({
              crit: s.crit.remove(p),
              network: s.network.set(p, broadcast(s, p, RelMessage)),
              req: s.req.setIn([p, p], 0),
              ack: s.ack.set(p, Set()),
            });
          },
        },
        ReceiveRequest: {
          params: () => Proc.flatMap((p) => Proc.filter((q) => q !== p).map((q) => ({ p, q }))),
          next: (s, { p, q }: { p: Proc; q: Proc }) => {
            const queue = channel(s, q, p);
            if (queue.isEmpty() || queue.first()!.type !== 'req') return null;
            const c = queue.first()!.clock;
            const clock = s.clock.get(p)!;
            return s.merge({
              req: s.req.setIn([p, q], c),
              clock: s.clock.set(p, c > clock ? c + 1 : clock + 1),
              network: s.network.updateIn([q, p], (l) => (l as List<Message>).shift()).updateIn([p, q], (l) => (l as List<Message>).push(AckMessage)),
            });
          },
        },
        ReceiveAck: {
          params: () => Proc.flatMap((p) => Proc.filter((q) => q !== p).map((q) => ({ p, q }))),
          next: (s, { p, q }: { p: Proc; q: Proc }) => {
            const queue = channel(s, q, p);
            if (queue.isEmpty() || queue.first()!.type !== 'ack') return null;
            return s.merge({
              ack: s.ack.update(p, (a) => a!.add(q)),
              network: s.network.updateIn([q, p], (l) => (l as List<Message>).shift()),
            });
          },
        },
        ReceiveRelease: {
          params: () => Proc.flatMap((p) => Proc.filter((q) => q !== p).map((q) => ({ p, q }))),
          next: (s, { p, q }: { p: Proc; q: Proc }) => {
            const queue = channel(s, q, p);
            if (queue.isEmpty() || queue.first()!.type !== 'rel') return null;
            return s.merge({
              req: s.req.setIn([p, q], 0),
              network: s.network.updateIn([q, p], (l) => (l as List<Message>).shift()),
            });
          },
        },
      },
      invariants: {
        TypeOK: (s) =>
          Proc.every((p) => Number.isInteger(s.clock.get(p)) && s.clock.get(p)! >= 1) &&
          Proc.every((p) => Proc.every((q) => Number.isInteger(s.req.getIn([p, q])) && (s.req.getIn([p, q]) as number) >= 0)) &&
          Proc.every((p) => s.ack.get(p)!.every((q) => Proc.includes(q))) &&
          Proc.every((p) => Proc.every((q) => channel(s, p, q).every((m) => (m.type === 'req' ? m.clock >= 1 : m.clock === 0 && (m.type === 'ack' || m.type === 'rel'))))) &&
          s.crit.every((p) => Proc.includes(p)),
        BoundedNetwork: (s) => Proc.every((p) => Proc.every((q) => channel(s, p, q).size <= 3)),
        Mutex: (s) => s.crit.size <= 1,
      },
      constraints: {
        ClockConstraint: (s) => Proc.every((p) => s.clock.get(p)! <= c.maxClock),
      },
    };
  },
});

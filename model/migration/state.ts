// The state of the last iteration of legacy live migration (tools/libxc/xc_domain_save.c)
// after the guest is paused: the sender's phase, and per page where it is in the iteration,
// what the hardware did to it and what the target holds. Small enums keep the state compact.

import { List, Record, type RecordOf } from 'immutable';

/**
 * Where a page is in the last iteration, in order:
 * - `clean`: not in `to_send` (not dirty at CLEAN): the target holds its latest data;
 * - `toSend`: waiting in `to_send`;
 * - `batched`: in the current batch, its type not yet queried;
 * - `queried`: its type snapshot is taken, its data not yet read (or, v2, mapped);
 * - `sent`: its entry was sent in the current batch (data read, or announced as no-data);
 * - `past`: sent in an earlier batch.
 */
export type Stage = 'clean' | 'toSend' | 'batched' | 'queried' | 'sent' | 'past';

/** The type snapshot sent in the header: `-` before the query in this batch. */
export type PageType = '-' | 'normal' | 'broken' | 'xtab';

/** What the target holds for the page: the latest data, an older copy, or poisoned bytes. */
export type TargetData = 'latest' | 'stale' | 'corrupt';

export const Page = Record({
  stage: 'clean' as Stage,
  /** The page's bit in the log-dirty bitmap (set only by an MCE, when `mceMarksDirty`). */
  dirty: false,
  /** The frame is broken at the source (an MCE hit it). */
  broken: false,
  /** dom0 holds a foreign mapping of the page for the current batch. */
  mapped: false,
  type: '-' as PageType,
  target: 'latest' as TargetData,
  /** The target's p2m entry is `p2m_ram_broken` (xc_set_broken_page_p2m). */
  fenced: false,
});
export type Page = ReturnType<typeof Page>;

/**
 * The sender's phase. Legacy: batch → map → query → header → data → batch ...;
 * v2: batch → query → map → header → data → batch ...; terminal: done, crashed, aborted.
 */
export type Phase = 'batch' | 'map' | 'query' | 'header' | 'data' | 'done' | 'crashed' | 'aborted';

export const Mig = Record({
  phase: 'batch' as Phase,
  pages: List<Page>(),
  /** MCEs so far (bounded by `maxMce`). */
  mces: 0,
  /** Times the V4 loop acted (a rescan's CLEAN or a resend): bounded by the MCEs. */
  extra: 0,
  /**
   * A history (ghost) variable, kept only when `mceHistory` is on: per page, the review's case
   * its MCE landed in (`-`: no MCE yet). The sender never reads it; it lets a state say which
   * case the behaviours reaching it are in, which the other variables cannot (the case census).
   */
  mceCases: List<string>(),
});
export type Mig = ReturnType<typeof Mig>;

export const TERMINAL: readonly Phase[] = ['done', 'crashed', 'aborted'];
export const isTerminal = (s: Mig) => TERMINAL.includes(s.phase);

/**
 * `r` with these fields set: Record.merge's meaning at the cost of one set() per field
 * (Immutable 5's merge builds a Seq from the object first: 7x slower, which was a third of
 * this model's time).
 */
export function update<T extends object>(r: RecordOf<T>, fields: Partial<T>): RecordOf<T> {
  let out = r;
  for (const k in fields) out = out.set(k, fields[k] as T[typeof k]);
  return out;
}

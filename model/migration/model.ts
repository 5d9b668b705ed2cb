// The last iteration of Xen live migration after the guest is paused, with asynchronous MCEs:
// the domain, the designs, the assumptions, the properties and the review's cases are in
// docs/migration-model.md (§ below are its sections; each action names the Xen function it
// models). One sender step per action, pages in increasing pfn order; `MCE(page=p)` may strike
// at any moment before the sender stops.

import { List } from 'immutable';
import { defineModel, eventually, WF } from 'migcheck';
import { CASES, caseOf, classify, type Case } from './classify.ts';
import { isTerminal, Mig, Page, update, type Stage } from './state.ts';

const variants = ['prepatch', 'committed', 'loop', 'v2'] as const;
export type Variant = (typeof variants)[number];

/** The sender's actions: the group weak fairness applies to (the MCE is the environment). */
export const SENDER_ACTIONS = ['TakeBatch', 'MapBatch', 'QueryTypes', 'SendHeader', 'Read', 'EndBatch', 'Requery', 'Finish'];

const className = (c: Case) => c.replace(/ /g, '-');

const withStage = (stages: readonly Stage[]) => (pg: Page) => stages.includes(pg.stage);

export default defineModel({
  name: 'migration',
  doc: 'Xen live migration, last iteration (guest paused) with asynchronous MCEs: prepatch, committed (b7a98e60d4), the V4 re-query loop, migration v2.',
  constants: {
    pages: { default: 3, min: 1, max: 12, doc: 'Number of guest pages (pfns 0..pages-1).' },
    batchSize: { default: 0, min: 0, doc: 'Pages per batch; 0 means one batch of all pages (Xen batches 1024 pfns, more than the model has).' },
    maxMce: { default: 2, min: 0, doc: 'At most this many MCEs happen during the last iteration.' },
    variant: { default: 'committed', choices: variants, doc: 'prepatch (Xen 4.2), committed (Xen 4.3), loop (the V4 patch), v2 (xc_sr_save.c).' },
    loopShape: { default: 'rescan', choices: ['rescan', 'resend'], doc: 'For variant=loop: what the re-query does when it finds more broken pages.' },
    readBroken: { default: 'crash', choices: ['crash', 'corrupt'], doc: 'Reading a broken page kills the sender (crash) or returns bad data silently (corrupt).' },
    mceMarksDirty: { default: false, doc: 'The MCE path sets the page log-dirty bit (Xen code: no; the 2012 review assumes yes).' },
    mceHistory: { default: false, doc: 'Keep a history variable: per page, the review\'s case its MCE landed in (for the case census; more states, the same verdicts).' },
  },
  // Every subset of pages may be dirty at CLEAN: those are in to_send and the target holds
  // stale data for them; it holds the latest data of the others.
  init: (c) =>
    Array.from({ length: 2 ** c.pages }, (_, mask) =>
      Mig({
        pages: List(Array.from({ length: c.pages }, (_, p) => (mask & (1 << p) ? Page({ stage: 'toSend', target: 'stale' }) : Page()))),
        mceCases: c.mceHistory ? List(Array.from({ length: c.pages }, () => '-')) : List(),
      }),
    ),
  spec: (c) => {
    const v2 = c.variant === 'v2';
    const batchSize = c.batchSize === 0 ? c.pages : c.batchSize;
    const fences = c.variant === 'committed' || c.variant === 'loop';
    const pfns = [...Array(c.pages).keys()];
    // One params object per page, made once: the checker finds a step's label by its identity.
    const pageParams = pfns.map((page) => ({ page }));
    const setPages = (s: Mig, f: (pg: Page, pfn: number) => Page) => s.set('pages', s.pages.map(f));
    const setPage = (s: Mig, pfn: number, pg: Page) => s.set('pages', s.pages.set(pfn, pg));
    const any = (s: Mig, p: (pg: Page) => boolean) => s.pages.some(p);
    // The next page to read: the lowest pfn of the batch whose data is still to be sent.
    const nextToRead = (s: Mig) => s.pages.findIndex((pg) => pg.stage === 'queried');
    // Close the batch: its pages join those sent earlier.
    const closeBatch = (s: Mig) => setPages(s, (pg) => (pg.stage === 'sent' ? pg.set('stage', 'past') : pg)).set('phase', 'batch');
    const resumed = (s: Mig) => s.phase === 'done';

    return {
      actions: {
        /** §1; Xen: the batch loop of xc_domain_save(): scan `to_send` (the bitmap XEN_DOMCTL_SHADOW_OP_CLEAN produced) for the next batch, up to batchSize pfns in increasing order. */
        TakeBatch: (s) => {
          if (s.phase !== 'batch') return null;
          let room = batchSize;
          const next = setPages(s, (pg) => (pg.stage === 'toSend' && room-- > 0 ? update(pg, { stage: 'batched', mapped: false, type: '-' }) : pg));
          return room === batchSize ? null : next.set('phase', v2 ? 'query' : 'map');
        },
        /**
         * §1, §3, §4; Xen: xc_map_foreign_bulk, from xc_domain_save() (legacy) or write_batch() (v2,
         * xc_sr_save.c). Legacy: map every batch page; a page already broken fails to map
         * (a per-page error, not fatal). v2: map only the pages typed with data; a failure aborts
         * the migration (fail-stop: the source guest keeps running).
         */
        MapBatch: (s) => {
          if (s.phase !== 'map') return null;
          if (!v2) return setPages(s, (pg) => (pg.stage === 'batched' ? pg.set('mapped', !pg.broken) : pg)).set('phase', 'query');
          const wanted = (pg: Page) => pg.stage === 'queried' && pg.type === 'normal';
          if (any(s, (pg) => wanted(pg) && pg.broken)) return s.set('phase', 'aborted');
          return setPages(s, (pg) => (wanted(pg) ? pg.set('mapped', true) : pg)).set('phase', 'header');
        },
        /**
         * §1, §2; Xen: xc_get_pfn_type_batch (XEN_DOMCTL_getpageframeinfo3, answered by
         * arch_do_domctl in xen/arch/x86/domctl.c): a snapshot of each batch page's type. A broken
         * page is typed BROKEN (committed, loop, v2) or XTAB (prepatch: Xen 4.2 reported it as
         * XTAB). In legacy a failed mapping also means XTAB, but only broken pages fail to map, and
         * those the query already types as broken.
         */
        QueryTypes: (s) => {
          if (s.phase !== 'query') return null;
          const brokenType = c.variant === 'prepatch' ? 'xtab' : 'broken';
          return setPages(s, (pg) => (pg.stage === 'batched' ? update(pg, { stage: 'queried', type: pg.broken ? brokenType : 'normal' }) : pg)).set(
            'phase',
            v2 ? 'map' : 'header',
          );
        },
        /**
         * §1, §2, §4; Xen: xc_domain_save() writes the batch header (count and every entry's type)
         * to the stream; the receiver's apply_batch() (xc_domain_restore.c) calls
         * xc_set_broken_page_p2m on each BROKEN entry in committed and loop; it ignores XTAB entries
         * (prepatch), and v2 never fences. No-data entries are sent with the header.
         */
        SendHeader: (s) => {
          if (s.phase !== 'header') return null;
          return setPages(s, (pg) => {
            if (pg.stage !== 'queried' || pg.type === 'normal') return pg;
            return update(pg, { stage: 'sent', fenced: pg.fenced || (fences && pg.type === 'broken') });
          }).set('phase', 'data');
        },
        /**
         * §1, §3; Xen: the data loop of xc_domain_save(), for one normal page: the memcpy of its data
         * through its mapping into the output buffer, then the write. A broken page consumes the
         * poison: the sender dies (crash) or sends bad data (corrupt), per `readBroken`.
         */
        Read: {
          params: (s) => {
            const p = s.phase === 'data' ? nextToRead(s) : -1;
            return p < 0 ? [] : [pageParams[p]];
          },
          next: (s, { page }: { page: number }) => {
            const pg = s.pages.get(page)!;
            if (pg.broken && c.readBroken === 'crash') return s.set('phase', 'crashed');
            return setPage(s, page, update(pg, { stage: 'sent', target: pg.broken ? 'corrupt' : 'latest' }));
          },
        },
        /** §1; Xen: the end of the batch's data loop in xc_domain_save() (every design but the V4 loop): on to the next batch. */
        EndBatch: (s) => (c.variant !== 'loop' && s.phase === 'data' && nextToRead(s) < 0 ? closeBatch(s) : null),
        /**
         * §6; Xen: the V4 patch's re-query in xc_domain_save() (never committed), after the batch is
         * sent: xc_get_pfn_type_batch again; if more pages are
         * broken than the first query saw, either (rescan) XEN_DOMCTL_SHADOW_OP_CLEAN the
         * log-dirty bitmap into to_send for one more iteration, or (resend) send the newly
         * broken pages again in a header-only batch typed BROKEN, which the target fences.
         */
        Requery: (s) => {
          if (c.variant !== 'loop' || s.phase !== 'data' || nextToRead(s) >= 0) return null;
          const newlyBroken = (pg: Page) => pg.stage === 'sent' && pg.broken && pg.type === 'normal';
          if (!any(s, newlyBroken)) return closeBatch(s);
          const acted = s.set('extra', s.extra + 1);
          if (c.loopShape === 'rescan') {
            return closeBatch(setPages(acted, (pg) => (pg.dirty ? update(pg, { stage: 'toSend', dirty: false }) : pg)));
          }
          return closeBatch(setPages(acted, (pg) => (newlyBroken(pg) ? update(pg, { type: 'broken', fenced: true }) : pg)));
        },
        /** §1; Xen: the end of xc_domain_save(): to_send is empty, the tail (vcpu state, HVM context, end marker) is sent, and xc_domain_restore() resumes the guest on the target. */
        Finish: (s) => (s.phase === 'batch' && !any(s, withStage(['toSend'])) ? s.set('phase', 'done') : null),
        /**
         * §3, the environment; Xen: mc_memerr_dhandler() (xen/arch/x86/cpu/mcheck/mcaction.c), for an
         * asynchronous MCE (patrol scrub) on a guest frame, taken as atomic: the frame is marked
         * broken (offline_page), its p2m entry becomes p2m_ram_broken (unmmap_broken_page) and a
         * vMCE is queued (inject_vmce).
         * Existing mappings stay valid. The log-dirty bit is set only when mceMarksDirty.
         */
        MCE: {
          params: (s) => (isTerminal(s) || s.mces >= c.maxMce ? [] : pageParams.filter(({ page }) => !s.pages.get(page)!.broken)),
          next: (s, { page }: { page: number }) => {
            const pg = s.pages.get(page)!;
            const hit = c.mceHistory ? s.set('mceCases', s.mceCases.set(page, className(caseOf(pg)))) : s;
            return setPage(hit.set('mces', s.mces + 1), page, update(pg, { broken: true, dirty: pg.dirty || c.mceMarksDirty }));
          },
        },
      },
      // The sender stops on purpose here; a stop anywhere else is a deadlock (a stuck sender).
      terminal: isTerminal,
      invariants: {
        /** The sender never reads a page broken at the moment of the read (crash, or corrupt data sent). */
        NoBrokenRead: (s) => s.phase !== 'crashed' && !any(s, (pg) => pg.target === 'corrupt'),
        /** When the target resumes, every page holds its latest data or is fenced broken. */
        TargetIntegrity: (s) => !resumed(s) || s.pages.every((pg) => pg.target === 'latest' || pg.fenced),
        /** When the target resumes, no page holding its latest good data is fenced broken. */
        NoNeedlessDiscard: (s) => !resumed(s) || !any(s, (pg) => pg.target === 'latest' && pg.fenced),
        /** When the target resumes, every page broken at the source is fenced at the target. */
        BrokenPropagated: (s) => !resumed(s) || s.pages.every((pg) => !pg.broken || pg.fenced),
      },
      // Guards against vacuity: each must be witnessed, else the properties hold for nothing.
      reachable: {
        /** An MCE lands between a page's type query and its read (the review's case B.I). */
        MceBetweenQueryAndRead: (s) => any(s, (pg) => pg.stage === 'queried' && pg.type === 'normal' && pg.broken),
        ...(fences ? { ResumesWithFencedPage: (s) => resumed(s) && any(s, (pg) => pg.fenced) } : {}),
        ...(c.variant === 'loop' ? { LoopActs: (s) => s.extra > 0 } : {}),
        ...(c.readBroken === 'crash' ? { SenderCrashes: (s) => s.phase === 'crashed' } : {}),
        ...(v2 ? { V2Aborts: (s) => s.phase === 'aborted' } : {}),
      },
      properties: { Termination: eventually(isTerminal) },
      fairness: [{ ...WF(...SENDER_ACTIONS), name: 'sender' }],
      alias: (s) => ({ phase: s.phase, mces: s.mces, extra: s.extra, pages: s.pages.toArray().map((pg) => pg.toObject()), ...(c.mceHistory && { mceCases: s.mceCases.toArray() }) }),
    };
  },
  // The review's cases, by the names a gate manifest uses (one word: `before-query`).
  counterexampleClasses: CASES.map(className),
  classifyCounterexample: (states, property) => {
    const c = classify(property, { states });
    return c ? className(c.case) : undefined;
  },
});

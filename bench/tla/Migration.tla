------------------------------ MODULE Migration ------------------------------
(***************************************************************************)
(* The last iteration of Xen's legacy live migration after the guest is    *)
(* paused, with asynchronous MCEs: migcheck's built-in `migration` model   *)
(* (model/migration/model.ts, the domain in docs/migration-model.md) in    *)
(* TLA+, for the benchmark's TLC rows.  It encodes one configuration of    *)
(* that model, the one the bench explores: variant "committed" (Xen 4.3),  *)
(* readBroken "crash" (reading a broken page kills the sender),            *)
(* mceMarksDirty FALSE and batchSize 0 (one batch of all pages).  Its      *)
(* states and steps are exactly the model's, so TLC's distinct and         *)
(* generated counts equal migcheck's; the bench checks no invariant (the   *)
(* committed design violates some) and no deadlock.                        *)
(***************************************************************************)
EXTENDS Naturals

CONSTANTS Pages,  \* guest pages, pfns 0..Pages-1
          MaxMce  \* at most this many MCEs during the iteration

Pfn == 0 .. Pages - 1

VARIABLES
  phase,  \* the sender: "batch", "map", "query", "header", "data", or it
          \* stopped: "done" (the target resumes), "crashed", "aborted"
  pages,  \* pages[p]: where page p is in the iteration and what happened to it
  mces,   \* MCEs so far
  extra   \* times the V4 re-query loop acted (always 0 in "committed")

vars == <<phase, pages, mces, extra>>

(* A page's stage: "clean" (not in to_send), "toSend", "batched" (in the   *)
(* current batch), "queried" (its type snapshot taken), "sent" (in this    *)
(* batch), "past" (in an earlier batch).  type is the queried type ("-"    *)
(* before the query), target what the target holds ("latest", "stale",     *)
(* "corrupt"), fenced whether the target made it p2m_ram_broken.           *)
Page == [stage : {"clean", "toSend", "batched", "queried", "sent", "past"},
         dirty : BOOLEAN, broken : BOOLEAN, mapped : BOOLEAN,
         type : {"-", "normal", "broken", "xtab"},
         target : {"latest", "stale", "corrupt"}, fenced : BOOLEAN]

CleanPage == [stage |-> "clean", dirty |-> FALSE, broken |-> FALSE,
              mapped |-> FALSE, type |-> "-", target |-> "latest",
              fenced |-> FALSE]

TypeOK == /\ phase \in {"batch", "map", "query", "header", "data",
                        "done", "crashed", "aborted"}
          /\ pages \in [Pfn -> Page]
          /\ mces \in 0 .. MaxMce
          /\ extra = 0

Terminal == phase \in {"done", "crashed", "aborted"}

(* Every subset of pages may be dirty at CLEAN: those are in to_send and   *)
(* the target holds stale data for them, the latest data of the others.   *)
Init == /\ phase = "batch"
        /\ pages \in { [p \in Pfn |-> IF p \in D
                                        THEN [CleanPage EXCEPT !.stage = "toSend",
                                                               !.target = "stale"]
                                        ELSE CleanPage] : D \in SUBSET Pfn }
        /\ mces = 0
        /\ extra = 0

(* pages with f applied to the pages in stage st *)
InStage(st) == {p \in Pfn : pages[p].stage = st}

(* Scan to_send for the next batch: all of it (batchSize 0). *)
TakeBatch == /\ phase = "batch"
             /\ InStage("toSend") # {}
             /\ pages' = [p \in Pfn |-> IF pages[p].stage = "toSend"
                                        THEN [pages[p] EXCEPT !.stage = "batched",
                                                              !.mapped = FALSE,
                                                              !.type = "-"]
                                        ELSE pages[p]]
             /\ phase' = "map"
             /\ UNCHANGED <<mces, extra>>

(* xc_map_foreign_bulk: a page already broken fails to map. *)
MapBatch == /\ phase = "map"
            /\ pages' = [p \in Pfn |-> IF pages[p].stage = "batched"
                                       THEN [pages[p] EXCEPT !.mapped = ~pages[p].broken]
                                       ELSE pages[p]]
            /\ phase' = "query"
            /\ UNCHANGED <<mces, extra>>

(* xc_get_pfn_type_batch: a broken page is typed BROKEN. *)
QueryTypes == /\ phase = "query"
              /\ pages' = [p \in Pfn |-> IF pages[p].stage = "batched"
                                         THEN [pages[p] EXCEPT !.stage = "queried",
                                                 !.type = IF pages[p].broken THEN "broken"
                                                                             ELSE "normal"]
                                         ELSE pages[p]]
              /\ phase' = "header"
              /\ UNCHANGED <<mces, extra>>

(* The batch header; the receiver fences the BROKEN entries, and the       *)
(* entries without data are sent with it.                                  *)
SendHeader == /\ phase = "header"
              /\ pages' = [p \in Pfn |->
                             IF pages[p].stage = "queried" /\ pages[p].type # "normal"
                             THEN [pages[p] EXCEPT !.stage = "sent",
                                     !.fenced = pages[p].fenced \/ pages[p].type = "broken"]
                             ELSE pages[p]]
              /\ phase' = "data"
              /\ UNCHANGED <<mces, extra>>

(* The next page to read: the lowest pfn of the batch still to be sent. *)
NextToRead == CHOOSE p \in InStage("queried") : \A q \in InStage("queried") : p <= q

(* The memcpy of one normal page; a broken one kills the sender. *)
Read == /\ phase = "data"
        /\ InStage("queried") # {}
        /\ LET p == NextToRead IN
             IF pages[p].broken
             THEN phase' = "crashed" /\ UNCHANGED pages
             ELSE /\ pages' = [pages EXCEPT ![p].stage = "sent", ![p].target = "latest"]
                  /\ UNCHANGED phase
        /\ UNCHANGED <<mces, extra>>

(* The end of the batch: its pages join those sent earlier. *)
EndBatch == /\ phase = "data"
            /\ InStage("queried") = {}
            /\ pages' = [p \in Pfn |-> IF pages[p].stage = "sent"
                                       THEN [pages[p] EXCEPT !.stage = "past"]
                                       ELSE pages[p]]
            /\ phase' = "batch"
            /\ UNCHANGED <<mces, extra>>

(* to_send is empty: the target resumes. *)
Finish == /\ phase = "batch"
          /\ InStage("toSend") = {}
          /\ phase' = "done"
          /\ UNCHANGED <<pages, mces, extra>>

(* An MCE on page p at any moment before the sender stops. *)
MCE(p) == /\ ~Terminal
          /\ mces < MaxMce
          /\ ~pages[p].broken
          /\ mces' = mces + 1
          /\ pages' = [pages EXCEPT ![p].broken = TRUE]
          /\ UNCHANGED <<phase, extra>>

Next == \/ TakeBatch \/ MapBatch \/ QueryTypes \/ SendHeader \/ Read
        \/ EndBatch \/ Finish \/ \E p \in Pfn : MCE(p)

(* The model's invariant NoBrokenRead, for the tests of counts at a violation. *)
NoBrokenRead == phase # "crashed" /\ \A p \in Pfn : pages[p].target # "corrupt"

Spec == Init /\ [][Next]_vars
==============================================================================

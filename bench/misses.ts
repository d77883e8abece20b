/**
 * Why each missed target is missed, with its cause and the next step: kept by the benchmark's
 * report generator (bench/benchmarks-file.ts) in BENCHMARKS.md's "Misses explained", for every
 * figure missed in any run. Written by hand from profiles and the runs' own diagnostics; a missed
 * figure without an entry here is printed as "not explained yet". Keep an entry when its figure is
 * met in one run and missed in another (e.g. only at the large size or only under load).
 */
export interface MissExplained {
  cause: string;
  next: string;
}

export const MISSES: Record<string, MissExplained> = {
  '1a': {
    cause:
      'the target is above the raw-insert baseline itself: storing the same rows with the full-text word index and the trigram index kept by their triggers runs at about 1M words/s on this machine (the import diagnostics: the same inserts take a seventh of the time without the index triggers), and the import adds parsing (parseFile) and word counting on top. countWords now takes one regex step per word instead of two (about 30 % less). At the large size the index maintenance grows faster than the words (FTS5 merges more and larger segments), as the baseline shows too.',
    next: 'index a batch once instead of per document: insert the batch with the index triggers off and run FTS5 \'rebuild\'/merge for the new rows at the end of the batch (inside its transaction, so a cancelled batch still leaves nothing); parse the next file in a worker while the current one is stored.',
  },
  '2': {
    cause:
      'project.open itself is now tens of ms; the rest is the first documents.list and codes.list, which count every coding (per document, and per code with its subtree) from a cold page cache: at 500,000 codings that is most of the second.',
    next: 'keep the counts per code and per document in a table the mutations update (they already compute these deltas for the changes they return), so the first lists read a few hundred rows instead of every coding.',
  },
  '3a': {
    cause:
      'p99 on a shared 2-core machine is the scheduler and the disk: the raw INSERT alone has a p99 of several ms here (synchronous=FULL: one fsync per coding), and the HTTP hop between two processes adds 1–2.5 ms at p50 depending on the load. A CPU profile of codings.create in-process (default project, fsync off) puts the service\'s own work at about 0.6 ms per coding: describing the change for the window (trackCodingChanges) about half of it, zod validation and the after-call hooks (checkpoint scheduling, integrity nudge) a few per cent; the rest of a call is the COMMIT\'s fsync. So no per-call overhead of the dispatcher or bridge explains the p99; it follows the raw INSERT\'s. The target is met only on an idle machine.',
    next: 'measure on an unloaded machine; in Electron the API goes over a MessagePort to the utility process (no HTTP), so measure that path; describe a single coding\'s change without the per-document GROUP BY (its counts are known from the row written).',
  },
  '3c': {
    cause: 'merging the returned changes costs well under a millisecond: 3c is codings.create over the bridge (3a) plus the merge, so it misses exactly when 3a\'s p99 does (load, fsync).',
    next: 'as 3a.',
  },
  '3d': {
    cause: 'a backup step holds the service\'s thread while it copies; steps are now 1 MB (were 4 MB), so a call waits a few ms behind one.',
    next: 'run the backup on its own connection in a worker thread.',
  },
  '4': {
    cause:
      'the full list is large by nature: 10,000 extracts are about 8 MB of JSON (each with its text, 240 characters of context on each side, attribution and quote attributes). In-process the call takes about what the raw baseline takes (reading the texts of the code\'s documents); serialising, sending and parsing the 8 MB is the rest. The window no longer asks for it: the retrieval panel pages (4b). At the large size the list is 5× longer and the machine was busier.',
    next: 'exports and the CLI read extracts.page page by page (the cursor exists) and stream what they write; a `context: 0` option for callers that do not show context.',
  },
  '4b': {
    cause:
      'the first page must sort all of the code\'s codings in the one order (documents\' position, document, start) before its LIMIT, because no index gives that order, and count them: at 50,000 codings (large) that sort dominates, as the raw baseline shows.',
    next: 'walk the documents in position order and each document\'s codings through the (code_id, document_id, start) order of an index, stopping at the page\'s end; keep the count until the project changes.',
  },
  '5': {
    cause:
      'common-word queries match most documents: the search builds the first page\'s snippets and offsets from FTS5 over 5× more hits at the large size; its p99 is a few such queries on a loaded machine (p50 is about 20 ms).',
    next: 'rank and cut to the first page inside SQL before offsets and snippets are made (only the page\'s documents), and keep the hit count of the last query until the project changes.',
  },
  '6a': {
    cause: 'at the large size the transcript is 510,000 words with 25,000 codings, five times what the target is for; the static plain-text page of the same text takes as long (ratio about 1×).',
    next: 'none for the 100k-word target (met at the default size); for longer transcripts, send and lay out the text in pieces as the view reaches them.',
  },
  '6b': {
    cause:
      'the cold load no longer waits for one answer before the next question (renderer/main.tsx, store/session.ts boot): the entry script is the store and the API client only; it asks for project.current together with documents.list, codes.list and the document open last in this browser, and the document\'s text and codings as soon as the list is in, before anything is drawn; the page preloads React and the views, which are evaluated and rendered while the backend answers. Back to back at the default size, 8 cold loads each: at load 3 the document\'s request went out at a median 278 ms after navigation instead of 515 ms, but the text was painted at 675 ms instead of 707 ms — the backend, now answering the script files and the document at the same time, is what the load waits for (codings.forDocument ended between 256 and 780 ms); under load 9–16 the median went from 1.43 s to about 0.8–1.1 s. One default run at load 6 measured 888 ms (timeline: DOMContentLoaded 433, documents.get 491–724, painted 888). A trace shows after the data only the transcript\'s first render (about 120 ms) and its paint. What remains: the backend\'s answers for the document (figure 13) and, before the first request, the page and its script (about 230 ms: navigation, a 90 KB entry and its evaluation). The benchmark\'s browser starts with empty storage, so the remembered document (asked for with project.current) does not show in this figure; after a reload it saves the list\'s round trip.',
    next: 'the backend\'s answer for the open document (figure 13: the text and codings over the bridge); draw the first screen of paragraphs from the text while the codings are on their way (it needs the stripe margin kept at its final width to avoid a reflow).',
  },
  '6c': {
    cause:
      'a profile of the scroll (Chromium trace, default size) showed each scrolled frame re-rendering the virtualised rows in the scroll event, the new rows laid out, measured for their coding stripes and rendered a second time with the measurements, and 20 rows of overscan each side styled, laid out and painted with every frame (Chromium paints well beyond the viewport). Now the rows entering measure their stripes in one pass that reads every row first and then writes every stripe\'s place, without a second render (renderer/features/documents/stripe-layout.ts), overscan is 4 rows, rows are placed with top instead of a transform each, and the label rule no longer uses :has(). Back to back at the default size and load 3, two scrolls each: p95 10.4 and 11.7 ms before, 9.4 and 8.7 ms after, the static page 5.6 ms (about 2.0× → 1.6×), the whole scroll 8.7–10.0 s → 7.6–7.8 s; one default run at load 6 measured p95 9.9 ms against the static page\'s 5.3 ms (1.87×). What remains per frame: React rendering the rows entering (text runs, stripes and their labels), their layout, and painting the highlight backgrounds (diagonal gradients where codes overlap), where the static page only scrolls text laid out once.',
    next: 'render only the rows\' text and highlights in the scroll event and their stripes and labels a frame later (or with directDomUpdates of @tanstack/react-virtual, re-rendering only when the row range changes); estimate row heights from the measured characters per line, so the scroll height (353k px estimated vs 196k px in the static page) and the rows\' moves after measuring shrink.',
  },
  '7a': {
    cause:
      'the export writes the whole project XML (every coding with its GUIDs, coder, dates and selection, every case and attribute) and each source\'s text as its own entry, escaping and converting offsets on the way; the baseline only deflates the texts and a bare list of codings.',
    next: 'profile the export; build the XML in chunks written to the deflate stream as they are made, and convert offsets per document once.',
  },
  '7b': {
    cause:
      'the import reads and parses the whole project.qde (about 50 MB at the default size, 254 MB at the large size, more than the 128 MiB a single entry may inflate to by default, so the benchmark raises that limit as a researcher would) before it stores anything, then checks and converts every coding\'s offsets.',
    next: 'read project.qde as a stream (a SAX-style reader) and store sources and codings as they arrive, inside the one transaction.',
  },
  '8a': {
    cause:
      'the peak comes from the largest answers the backend builds whole: the full extracts.list (8 MB of JSON and ten thousand objects at the default size, five times that at the large size) and the render project\'s document with its codings; V8 keeps the heap it grew to.',
    next: 'the full list in pages or streamed (see 4); build large answers as JSON text without holding both the objects and the text.',
  },
  '8c': {
    cause: 'the .qdpx import holds the whole project.qde text and its parsed tree at once (see 7b); the export\'s own peak is far lower.',
    next: 'a streaming reader of project.qde (see 7b), so the peak no longer grows with the project.',
  },
  '9': {
    cause: 'through the job the small import costs about what one documents.importFiles call costs (ratio about 1×): what remains is the import\'s own transaction (fsync, index) on a loaded machine.',
    next: 'none for the UI path itself (push replaced polling); measure on an unloaded machine.',
  },
  '10': {
    cause:
      'the import runs in a worker thread, but on a 2-core machine shared with other work the worker, the service\'s thread and the calling client compete for the same cores, so a call waits for a core now and then; the idle calls\' p99 is itself noisy.',
    next: 'give the worker a lower priority (setpriority on its thread) and yield between its batches; measure on an unloaded machine.',
  },
  '11b': {
    cause:
      'the review\'s first page comes with the whole theme\'s groups, counts and prevalence, which are computed over every coding of the theme (502,000 at the large size): the page is cheap, the totals grow with the theme.',
    next: 'keep the theme\'s totals until the project changes (kept-until-change.ts), or keep counts per code and participant in a table the mutations update, and add the totals of the theme\'s codes.',
  },
  '11c': {
    cause: 'the matrix counts every coding by code and participant attribute on each call (a GROUP BY over all codings): fine at 100,000 codings, over the target at 500,000.',
    next: 'keep the counts per code and case until the project changes (as themes.list is kept), so a repeated view is transport only.',
  },
  '11d': {
    cause: 'as 11c: the ranking is computed from the same full GROUP BY on each call.',
    next: 'as 11c.',
  },
  '11e': {
    cause: 'co-occurrence compares overlapping codings per document on each call; at 500,000 codings that is the work of a self-join (its raw baseline takes seconds).',
    next: 'keep the pair counts until the project changes and update them from a coding\'s changes.',
  },
  '12': {
    cause:
      'the idle backend was about 97 MB, a quarter of it the PDF, Word and Excel libraries (pdfjs-dist, exceljs, docx, mammoth: 6 MB of the 8.8 MB bundle) parsed at start although only imports and exports use them; the backends are now built split (scripts/build.mjs), those libraries load with the first call that needs them, and the idle backend is about 72 MB (97 MB → 72 MB, same machine, same run of the old and the new bundle; 10,000 codings: 185 MB → 142 MB). What remains grows with the first thousands of codings: in-process, a full GC after 10,000 codings leaves a small heap, so the growth is V8\'s young generation growing to its maximum and SQLite\'s page cache (better-sqlite3\'s default: up to 16 MB per connection) filling.',
    next: 'start the service process with a smaller young generation (--max-semi-space-size in the utility process\'s execArgv and the bridge\'s command line): the same run with --max-semi-space-size=2 gave 130 MB at 10,000 codings and 101 MB at 2,000 (142 and 128 MB without), so measure what the more frequent scavenges cost the import and exchange figures before adopting it.',
  },
  '13': {
    cause:
      'the first open sends the whole text (580,000 characters) and every turn (2,206) as JSON: building the answer was about a third of the server\'s work. documents.get now reads the document\'s row once and its turns as arrays, taking speakers\' names from the document\'s speakers instead of a join per turn (in-process 6.0 → 3.7 ms, and opening again with the hash 3.9 → 2.0 ms, p10 of 300 alternating calls on one file), a document\'s codings are read as arrays too (5,000 codings: 17.3 → 12.2 ms), and the bridge encodes each answer once (Node measured a string\'s UTF-8 length and then encoded it again as it wrote). What is left is inherent to JSON over HTTP: JSON.stringify and UTF-8 encoding of 856 KB (about 4.5 ms here), the socket write, and the client\'s JSON.parse (the raw baseline reads the same rows without any of it).',
    next: 'send a document\'s text outside the JSON envelope (as text/plain on its own request, or over the Electron MessagePort as a string, no JSON), and give the turns a hash of their own so that, as 13b shows, they are not sent again when the text is not.',
  },
};

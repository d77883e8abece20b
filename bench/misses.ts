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
      'the cold page load waits for the renderer bundle to start, then for documents.list and codes.list, and only then asks for the open document\'s text and codings (documents.get, codings.forDocument: about 1.9 MB at the default size) and paints 100,000 words with 5,000 codings — the timeline in the diagnostics shows the steps one after another. The Themes, Analysis, Team and Import & export views now load when first shown (React.lazy): the script parsed before the first call is 462 KB instead of 604 KB (DOMContentLoaded about 140 ms earlier in a 7-load comparison on this loaded machine). Under load the backend\'s answers are most of what remains.',
    next: 'ask for the remembered document\'s text and codings at start, in parallel with the lists (its id is in the saved place); lazy-load the dialogs that are rarely opened (team server, backups, conflicts) too.',
  },
  '6c': {
    cause:
      'each scrolled frame renders the rows entering the window with their coding marks (highlight spans and margin bars over 5,000 codings); the static page only paints text that is already laid out.',
    next: 'profile a scroll in Chromium\'s performance panel; memoise rows by paragraph and coding set, and draw margin bars for a paragraph from a precomputed layout.',
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
      'what is left is the server\'s own reading (documents.open in-process about 3.7 ms, about the raw baseline: the 580,000-character text turned from SQLite\'s UTF-8 into a string, 2,206 turns, 300 codings and their hash), the client\'s decoding of the text (TextDecoder UTF-16LE, about 0.9 ms in Node, 1.5–2.2 ms in Chromium) and one loopback round trip; on this shared 2-core machine the figure misses whenever other work runs (raw baseline itself 2–4× slower then). Measured before the change (load 0.1, main): 14.2 ms, 2.75× the raw baseline, of which JSON was most: per documents.get over HTTP, JSON.stringify 2.3 ms + UTF-8 encoding 1.8 ms on the server, then receiving 856 KB 1.8 ms, UTF-8 decoding 1.8 ms and JSON.parse 1.8 ms in the client. Now the window opens a document with one documents.open, and the answer is framed (shared/api/frame.ts): a small JSON header, the turns as float64 columns and the text as its UTF-16 code units (1.3 MB instead of 856 KB, but Node copies the string\'s bytes instead of escaping and encoding them): framing costs the server 0.7 ms (JSON.stringify of the same answer 2.4 ms, same process) and reading it back 1.4 ms. Back to back at load average 4.5: main 17.4 ms (3.30× its raw baseline), this 10.4 ms (2.01×; raw 5.15 ms), and in the same run the two old calls 10.7 ms framed and 15.4 ms as JSON; the old pair framed in a quieter run: 9.5 ms (1.89×). Under load (average 10–19, four runs) the same-run diagnostic keeps the ordering: the old pair as JSON 31.8–108 ms, framed 22.3–64 ms; documents.open is about the framed pair (43.1 vs 43.8 ms, 56.3 vs 46.0 ms): one round trip less saves little when the two parallel calls let the server and the client overlap on 2 cores. In Chromium, decoding the framed text takes 1.5–2.2 ms where decoding and parsing the JSON took 3.3–3.8 ms. Electron\'s MessagePort carries the same frame: over a Node MessagePort (the same V8 serializer), cloning the answer 3.2 ms, framing, cloning and reading it 2.5 ms (medians of 80, interleaved, load 4.5; 5.9–8.2 against 3.8–3.9 ms at load 10–17).',
    next: 'read the text as bytes and hand them to the bridge without making a string in the service (SQLite stores UTF-8: the window could decode UTF-8 once instead of the service decoding and the window decoding again), give the turns a hash of their own so that, as 13b shows (104 KB framed), they are not sent again when the text is not, and measure the Electron path (contextBridge copies the answer again into the page) where Electron runs.',
  },
};

/** Full-text search across all documents, with results in context and auto-coding of the hits. */
import { useState } from 'react';
import { InterviewerToggle } from './InterviewerToggle';
import type { AutoCodeScope } from '../../../shared/analysis/types';
import { searchTable, tableRows } from '../../../shared/analysis/tables';
import { useAppStore } from '../../store';
import { flattenTree } from '../codebook/tree';
import { safeFileName } from './download';

export function SearchPanel() {
  const result = useAppStore((s) => s.searchResult);
  const autoResult = useAppStore((s) => s.autoCodeResult);
  const runSearch = useAppStore((s) => s.runSearch);
  const moreHits = useAppStore((s) => s.moreSearchHits);
  const autoCode = useAppStore((s) => s.autoCodeSearch);
  const codes = useAppStore((s) => s.codes);
  const openDocument = useAppStore((s) => s.openDocument);
  const setView = useAppStore((s) => s.setView);
  const exportXlsx = useAppStore((s) => s.exportXlsx);
  const downloadCsv = useAppStore((s) => s.downloadCsv);
  const [query, setQuery] = useState('');
  const [codeId, setCodeId] = useState<number | '' | 'new'>('');
  const [newCodeName, setNewCodeName] = useState('');
  const [scope, setScope] = useState<AutoCodeScope>('hit');
  const tree = flattenTree(codes);
  return (
    <div className="search-panel">
      <form
        className="search-form"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          void runSearch(query);
        }}
      >
        <label className="grow">
          Search text
          <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder='words, "a phrase", prefix*, a OR b' />
        </label>
        <InterviewerToggle />
        <button type="submit" className="primary">
          Search
        </button>
      </form>
      <p className="muted small">All words must occur in a document; case and accents are ignored. Chinese, Japanese, Korean and Thai text is matched as written, without regard to case.</p>
      {result ? (
        <section className="analysis-card" aria-label="Search results">
          <div className="card-head">
            <h3 aria-live="polite">
              {result.total}
              {result.nextCursor ? '+' : ''} {result.total === 1 ? 'hit' : 'hits'} in {result.documents} {result.documents === 1 ? 'document' : 'documents'}
              {result.truncated ? <span className="muted small"> (first {result.hits.length} shown)</span> : null}
            </h3>
            <button
              type="button"
              disabled={result.hits.length === 0}
              onClick={() => downloadCsv(tableRows(searchTable(result)), `${safeFileName(`search ${result.query}`)}.csv`)}
            >
              Export results as CSV
            </button>
            <button type="button" disabled={result.hits.length === 0} onClick={() => void exportXlsx([searchTable(result)], `${safeFileName(`search ${result.query}`)}.xlsx`)}>
              Export results as XLSX
            </button>
          </div>
          {result.hits.length > 0 ? (
            <form
              className="autocode"
              aria-label="Auto-code"
              onSubmit={(e) => {
                e.preventDefault();
                if (codeId === 'new') {
                  if (newCodeName.trim()) void autoCode(result.query, { newCode: newCodeName.trim() }, scope).then(() => setNewCodeName(''));
                } else if (codeId !== '') void autoCode(result.query, codeId, scope);
              }}
            >
              <label>
                Code for hits
                <select value={codeId} onChange={(e) => setCodeId(e.target.value === 'new' ? 'new' : e.target.value ? Number(e.target.value) : '')}>
                  <option value="">Choose a code…</option>
                  <option value="new">New code…</option>
                  {tree.map(({ code, depth }) => (
                    <option key={code.id} value={code.id}>
                      {'\u00a0\u00a0'.repeat(depth)}
                      {code.name}
                    </option>
                  ))}
                </select>
              </label>
              {codeId === 'new' ? (
                <label>
                  New code name
                  <input value={newCodeName} onChange={(e) => setNewCodeName(e.target.value)} maxLength={500} />
                </label>
              ) : null}
              <label>
                Scope
                <select value={scope} onChange={(e) => setScope(e.target.value as AutoCodeScope)}>
                  <option value="hit">The hit</option>
                  <option value="sentence">Its sentence</option>
                  <option value="paragraph">Its paragraph</option>
                  <option value="turn">Its speaker turn</option>
                </select>
              </label>
              <button type="submit" disabled={codeId === '' || (codeId === 'new' && !newCodeName.trim())}>
                Code all hits
              </button>
              {autoResult ? (
                <span role="status" className="small">
                  Coded {autoResult.created} {autoResult.created === 1 ? 'passage' : 'passages'} with “{autoResult.code}”
                  {autoResult.skipped ? `; ${autoResult.skipped} already coded` : ''}.
                </span>
              ) : null}
            </form>
          ) : null}
          <ol className="hit-list">
            {result.hits.map((h) => (
              <li key={`${h.documentId}:${h.start}`} data-start={h.start} data-end={h.end}>
                <div className="small">
                  <button
                    type="button"
                    className="link"
                    onClick={() => {
                      setView('coding');
                      void openDocument(h.documentId);
                    }}
                  >
                    {h.documentName}
                  </button>
                  {h.speaker ? <span className="muted"> · {h.speaker}</span> : null}
                  <span className="muted">
                    {' '}
                    · {h.start}–{h.end}
                  </span>
                </div>
                <p className="hit-context">
                  {h.before}
                  <mark>{h.match}</mark>
                  {h.after}
                </p>
              </li>
            ))}
          </ol>
          {result.nextCursor ? (
            <button type="button" onClick={() => void moreHits()}>
              Show more hits
            </button>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}

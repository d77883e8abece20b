/** The extracts behind a matrix cell or a co-occurrence: document, code, case, coder and the text. */
import type { Extract } from '../../../shared/analysis/types';
import { extractsTable, tableRows } from '../../../shared/analysis/tables';
import { useAppStore } from '../../store';
import { safeFileName } from './download';
import { PassageTime } from '../media/PassageTime';

export function ExtractList({ extracts }: { extracts: Extract[] }) {
  const openDocument = useAppStore((s) => s.openDocument);
  const setView = useAppStore((s) => s.setView);
  return (
    <ol className="extract-list">
      {extracts.map((e) => (
        <li key={e.codingId} className="extract" data-coding={e.codingId}>
          <div className="extract-meta small">
            <button
              type="button"
              className="link"
              title="Open in the coding view"
              onClick={() => {
                setView('coding');
                void openDocument(e.documentId);
              }}
            >
              {e.documentName}
            </button>
            <span>{e.codePath}</span>
            {e.cases.length ? <span>{e.cases.join(', ')}</span> : null}
            <span className="muted">
              {e.coder} · {e.start}–{e.end}
            </span>
          </div>
          <PassageTime documentId={e.documentId} start={e.start} end={e.end} time={e.time} />
          <blockquote className="extract-text">{e.text}</blockquote>
        </li>
      ))}
    </ol>
  );
}

export function DrillDownPanel() {
  const drill = useAppStore((s) => s.drillDown);
  const close = useAppStore((s) => s.closeDrillDown);
  const exportXlsx = useAppStore((s) => s.exportXlsx);
  const downloadCsv = useAppStore((s) => s.downloadCsv);
  if (!drill) return null;
  return (
    <section className="analysis-card drilldown" aria-label="Extracts">
      <div className="card-head">
        <h3>
          {drill.title} <span className="muted small">({drill.extracts.length} extracts)</span>
        </h3>
        <button
          type="button"
          onClick={() =>
            downloadCsv(tableRows(extractsTable(drill.extracts)), `${safeFileName(drill.title)} - extracts.csv`)
          }
        >
          Export extracts as CSV
        </button>
        <button type="button" onClick={() => void exportXlsx([extractsTable(drill.extracts, drill.title)], `${safeFileName(drill.title)} - extracts.xlsx`)}>
          Export extracts as XLSX
        </button>
        <button type="button" onClick={close} aria-label="Close extracts">
          Close
        </button>
      </div>
      {drill.extracts.length === 0 ? <p className="muted">No extracts.</p> : <ExtractList extracts={drill.extracts} />}
    </section>
  );
}

import { useAppStore } from '../../store';
import { CodesPanel } from '../codebook/CodesPanel';
import { DocumentList } from '../documents/DocumentList';
import { DocumentView } from '../documents/DocumentView';

/** The coding workspace: documents, the open transcript, and the codebook. */
export function CodingView() {
  const activeDocument = useAppStore((s) => s.activeDocument);
  const selection = useAppStore((s) => s.selection);
  return (
    <div className="panes">
      <DocumentList />
      <section className="center" aria-label="Document">
        {activeDocument ? (
          <DocumentView document={activeDocument} />
        ) : (
          <div className="empty-state">
            <p>No document open.</p>
            <p className="muted">Import transcripts with “Import files…”, or drop files here.</p>
          </div>
        )}
        {selection ? (
          <div className="selection-bar" role="status" aria-label="Selection">
            <span className="muted">Selected:</span> <q data-testid="selection-text">{selection.text.length > 120 ? `${selection.text.slice(0, 120)}…` : selection.text}</q>
            <span className="muted small">
              {' '}
              ({selection.start}–{selection.end})
            </span>
          </div>
        ) : null}
      </section>
      <CodesPanel />
    </div>
  );
}

import { useAppStore, type AppState } from '../../store';
import { CodesPanel } from '../codebook/CodesPanel';
import { CodeDialogs } from '../codebook/CodeDialogs';
import { DocumentList } from '../documents/DocumentList';
import { DocumentView } from '../documents/DocumentView';
import { CodingPopover } from './CodingPopover';
import { CodingToolbar } from './CodingToolbar';
import { MemosPanel } from './MemosPanel';
import { QuickCodePalette } from './QuickCodePalette';
import { RetrievalPanel } from './RetrievalPanel';
import { useCodingKeys } from './useCodingKeys';
import './coding.css';
import { useUndoKeys } from '../workspace/useUndoKeys';
import { MediaPlayer } from '../media/MediaPlayer';
import { useMediaKeys } from '../media/useMediaKeys';

const selectActiveDocument = (s: AppState) => s.activeDocument;
const selectSelection = (s: AppState) => s.selection;
const selectSidePanel = (s: AppState) => s.codingSidePanel;

/** The coding workspace: documents, the open transcript, the codebook, and retrieval/memos. */
export function CodingView() {
  const activeDocument = useAppStore(selectActiveDocument);
  const selection = useAppStore(selectSelection);
  const side = useAppStore(selectSidePanel);
  useCodingKeys();
  useUndoKeys();
  useMediaKeys();
  return (
    <div className={`panes coding-panes${side ? ' with-side' : ''}`}>
      <DocumentList />
      <section className="center coding-center" aria-label="Document">
        <CodingToolbar />
        {activeDocument ? (
          <>
            <MediaPlayer key={`media-${activeDocument.id}`} document={activeDocument} />
            <DocumentView key={activeDocument.id} document={activeDocument} />
          </>
        ) : (
          <div className="empty-state">
            <p>No document open.</p>
            <p className="muted">Import transcripts with “Import files…”, or drop files here.</p>
          </div>
        )}
        {selection ? (
          <div className="selection-bar" role="status" aria-label="Selection">
            <span className="muted">Selected:</span>{' '}
            <q data-testid="selection-text">{selection.text.length > 120 ? `${selection.text.slice(0, 120)}…` : selection.text}</q>
            <span className="muted small">
              {' '}
              ({selection.start}–{selection.end})
            </span>
            <span className="muted small selection-hint"> · Ctrl+K code · Ctrl+I in vivo · 1–9 recent · drag a code here</span>
          </div>
        ) : null}
      </section>
      <CodesPanel />
      {side === 'extracts' ? <RetrievalPanel /> : side === 'memos' ? <MemosPanel /> : null}
      <QuickCodePalette />
      <CodingPopover />
      <CodeDialogs />
    </div>
  );
}

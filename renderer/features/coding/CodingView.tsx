import { useRef } from 'react';
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
const selectHasDocuments = (s: AppState) => s.documents.length > 0;

/** No document open: a project without documents offers to import (the first thing to do in it). */
function EmptyState() {
  const hasDocuments = useAppStore(selectHasDocuments);
  const readOnly = useAppStore((s) => !!s.project?.readOnly);
  const importing = useAppStore((s) => s.importJob?.state === 'running');
  const input = useRef<HTMLInputElement>(null);
  if (hasDocuments) {
    return (
      <div className="empty-state">
        <p>No document open.</p>
        <p className="muted">Choose a document on the left.</p>
      </div>
    );
  }
  return (
    <div className="empty-state import-prompt" role="region" aria-label="Import transcripts">
      <h2>Import transcripts to begin</h2>
      <p className="muted">Plain text, Word (.docx), Otter, Zoom and Teams (.vtt), subtitles (.srt); or drop files here. “Import from folder…” at the top takes a whole folder.</p>
      <button type="button" className="primary" onClick={() => input.current?.click()} disabled={readOnly || importing}>
        Import files…
      </button>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        aria-label="Choose transcript files to import"
        onChange={(e) => {
          const files = [...(e.target.files ?? [])];
          e.target.value = '';
          void useAppStore.getState().startImport({ files });
        }}
      />
    </div>
  );
}

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
          <EmptyState />
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

import { useCallback, useEffect, useRef, useState } from 'react';
import { chooseImportFiles } from '../import/choose-files';
import { useAppStore, type AppState } from '../../store';
import { Splitter } from '../../components/Splitter';
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
import { gridColumns, loadLayout, PANE_LIMITS, PANE_STEP, saveLayout, visiblePanes, type Pane, type PaneLayout } from './pane-layout';

const selectActiveDocument = (s: AppState) => s.activeDocument;
const selectSelection = (s: AppState) => s.selection;
const selectSidePanel = (s: AppState) => s.codingSidePanel;
const selectProjectPath = (s: AppState) => s.project?.path ?? '';

/** The pane layout of this project, remembered on this computer (pane-layout.ts). */
function usePaneLayout() {
  const path = useAppStore(selectProjectPath);
  const [state, setState] = useState(() => ({ path, layout: loadLayout(path) }));
  const layout = state.path === path ? state.layout : loadLayout(path);
  const update = useCallback(
    (change: (l: PaneLayout) => PaneLayout) =>
      setState((cur) => {
        const next = change(cur.path === path ? cur.layout : loadLayout(path));
        saveLayout(path, next);
        return { path, layout: next };
      }),
    [path],
  );
  return [layout, update] as const;
}

const PANE_NAMES: Record<Pane, string> = { docs: 'the document list', codes: 'the codebook', side: 'the side panel' };

function PaneSplitter({ pane, at, layout, update }: { pane: Pane; at: 'before' | 'after'; layout: PaneLayout; update: (f: (l: PaneLayout) => PaneLayout) => void }) {
  const [min, max] = PANE_LIMITS[pane];
  return (
    <Splitter
      label={`Resize ${PANE_NAMES[pane]}`}
      controls={pane === 'docs' ? 'coding-docs' : pane === 'codes' ? 'coding-codes' : 'coding-side'}
      pane={at}
      value={layout[pane]}
      min={min}
      max={max}
      step={PANE_STEP}
      onChange={(w) => update((l) => ({ ...l, [pane]: w }))}
      onCollapse={() => {
        if (pane === 'side') useAppStore.getState().setCodingSidePanel(null);
        else update((l) => (pane === 'docs' ? { ...l, docsOpen: false } : { ...l, codesOpen: false }));
      }}
    />
  );
}

/** The narrow strip a collapsed pane leaves: one button that shows it again. */
function PaneRail({ label, onOpen }: { label: string; onOpen(): void }) {
  return (
    <div className="pane-rail">
      <button type="button" aria-label={label} title={label} onClick={onOpen}>
        <span aria-hidden="true">{label.replace(/^Show /, '')}</span>
      </button>
    </div>
  );
}

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
      <p className="muted">Plain text, Word (.docx), Otter, Zoom and Teams (.vtt), subtitles (.srt); or drop files here. “Import ▾ › Import from folder…” at the top takes a whole folder.</p>
      <button type="button" className="primary" onClick={() => chooseImportFiles(input.current)} disabled={readOnly || importing}>
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
  const [layout, update] = usePaneLayout();
  const shown = visiblePanes(layout, side !== null);
  const toggleFocus = useCallback(() => update((l) => ({ ...l, focus: !l.focus })), [update]);
  useCodingKeys();
  useUndoKeys();
  useMediaKeys();
  // Ctrl/⌘+Shift+F: focus mode (only the transcript and the codebook)
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || !e.shiftKey || e.altKey || e.key.toLowerCase() !== 'f') return;
      if ((e.target as Element | null)?.closest('dialog, [role="dialog"]')) return;
      e.preventDefault();
      toggleFocus();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [toggleFocus]);
  return (
    <div className={`panes coding-panes${layout.focus ? ' focus-mode' : ''}`} style={{ gridTemplateColumns: gridColumns(layout, side !== null) }}>
      {layout.focus ? null : shown.docs ? (
        <>
          <DocumentList />
          <PaneSplitter pane="docs" at="before" layout={layout} update={update} />
        </>
      ) : (
        <PaneRail label="Show documents" onOpen={() => update((l) => ({ ...l, docsOpen: true }))} />
      )}
      <section className="center coding-center" aria-label="Document">
        <CodingToolbar focusMode={layout.focus} onToggleFocus={toggleFocus} />
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
      {shown.codes ? (
        <>
          <PaneSplitter pane="codes" at="after" layout={layout} update={update} />
          <CodesPanel />
        </>
      ) : (
        <PaneRail label="Show codes" onOpen={() => update((l) => ({ ...l, codesOpen: true }))} />
      )}
      {shown.side ? (
        <>
          <PaneSplitter pane="side" at="after" layout={layout} update={update} />
          {side === 'extracts' ? <RetrievalPanel /> : <MemosPanel />}
        </>
      ) : null}
      <QuickCodePalette />
      <CodingPopover />
      <CodeDialogs />
    </div>
  );
}

import { useEffect, useRef, useState } from 'react';
import { FileDialog } from '../../components/FileDialog';
import { useAppStore } from '../../store';
import { CodesPanel, flattenTree } from '../codebook/CodesPanel';
import { DocumentList } from '../documents/DocumentList';
import { DocumentView } from '../documents/DocumentView';
import { ImportReportDialog } from './ImportReportDialog';

export function Workspace() {
  const project = useAppStore((s) => s.project)!;
  const activeDocument = useAppStore((s) => s.activeDocument);
  const selection = useAppStore((s) => s.selection);
  const importing = useAppStore((s) => s.importing);
  const importFiles = useAppStore((s) => s.importFiles);
  const importPaths = useAppStore((s) => s.importPaths);
  const closeProject = useAppStore((s) => s.closeProject);
  const [pathDialog, setPathDialog] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);

  // Number keys 1–9 apply the n-th code to the current selection.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement;
      if (target.closest('input, textarea, [contenteditable="true"], [role="dialog"]')) return;
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      if (/^[1-9]$/.test(e.key)) {
        const state = useAppStore.getState();
        const entry = flattenTree(state.codes)[Number(e.key) - 1];
        if (entry && state.selection) {
          e.preventDefault();
          void state.applyCode(entry.code.id);
        }
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);


  return (
    <div
      className="workspace"
      onDragOver={(e) => {
        if (e.dataTransfer.types.includes('Files')) e.preventDefault();
      }}
      onDrop={(e) => {
        if (e.dataTransfer.files.length) {
          e.preventDefault();
          void importFiles([...e.dataTransfer.files]);
        }
      }}
    >
      <header className="topbar">
        <strong className="project-name" title={project.path}>
          {project.name}
        </strong>
        <div className="topbar-actions">
          <button type="button" onClick={() => fileInput.current?.click()} disabled={importing}>
            Import files…
          </button>
          <button type="button" onClick={() => setPathDialog(true)} disabled={importing}>
            Import from folder…
          </button>
          <input
            ref={fileInput}
            type="file"
            multiple
            hidden
            aria-label="Choose transcript files"
            data-testid="import-input"
            onChange={(e) => {
              const files = [...(e.target.files ?? [])];
              e.target.value = '';
              void importFiles(files);
            }}
          />
          <button type="button" onClick={() => void closeProject()}>
            Close project
          </button>
        </div>
        {importing ? (
          <span className="muted" role="status">
            Importing…
          </span>
        ) : null}
      </header>
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
      <ImportReportDialog />
      {pathDialog ? (
        <FileDialog
          title="Import transcripts"
          mode="open-many"
          confirmLabel="Import"
          onCancel={() => setPathDialog(false)}
          onConfirm={(paths) => {
            setPathDialog(false);
            void importPaths(paths);
          }}
        />
      ) : null}
    </div>
  );
}

import { Suspense, lazy, useEffect, useRef, useState } from 'react';
import { FileDialog } from '../../components/FileDialog';
import { useAppStore } from '../../store';
import { CodingView } from '../coding/CodingView';
import { CoderBar } from '../team/CoderBar';
import type { ViewId } from '../../store/view';
import { ImportDialog } from '../import/ImportDialog';
import { ImportPreviewDialog } from '../import/ImportPreviewDialog';
import { SpeakersDialog } from '../import/SpeakersDialog';
import { ReadOnlyBanner } from '../../components/ReadOnlyBanner';
import { BackupsDialog } from '../backups/BackupsDialog';
import { StorageBanner } from '../backups/StorageBanner';
import { nativeDialogs } from '../../browser/host';
import { chooseImportFiles } from '../import/choose-files';
import { MenuButton } from '../../components/Menu';
import { SyncStatusLine } from '../sync/SyncStatusLine';
import { ConflictsDialog } from '../sync/ConflictsDialog';
import { KeyboardShortcutsDialog } from './KeyboardShortcutsDialog';

export const VIEWS: { id: ViewId; label: string; key: string }[] = [
  { id: 'coding', label: 'Coding', key: '1' },
  { id: 'themes', label: 'Themes', key: '2' },
  { id: 'analysis', label: 'Analysis', key: '3' },
  { id: 'team', label: 'Team', key: '4' },
  { id: 'exchange', label: 'Import & export', key: '5' },
];

// The views other than Coding load when first shown: a cold start (the transcript painted) parses
// only what the coding workspace needs (bench figure 6b).
const ThemesView = lazy(() => import('../themes/ThemesView').then((m) => ({ default: m.ThemesView })));
const AnalysisView = lazy(() => import('../analysis/AnalysisView').then((m) => ({ default: m.AnalysisView })));
const TeamView = lazy(() => import('../team/TeamView').then((m) => ({ default: m.TeamView })));
const ExchangeView = lazy(() => import('../exchange/ExchangeView').then((m) => ({ default: m.ExchangeView })));

function renderView(view: ViewId) {
  switch (view) {
    case 'coding':
      return <CodingView />;
    case 'themes':
      return <ThemesView />;
    case 'analysis':
      return <AnalysisView />;
    case 'team':
      return <TeamView />;
    case 'exchange':
      return <ExchangeView />;
  }
}

export function Workspace() {
  const project = useAppStore((s) => s.project)!;
  const view = useAppStore((s) => s.view);
  const setView = useAppStore((s) => s.setView);
  const importing = useAppStore((s) => s.importJob?.state === 'running');
  const readOnly = useAppStore((s) => !!s.project?.readOnly);
  const startImport = useAppStore((s) => s.startImport);
  const openSpeakers = useAppStore((s) => s.openSpeakersDialog);
  const closeProject = useAppStore((s) => s.closeProject);
  const [pathDialog, setPathDialog] = useState(false);
  const [copyDialog, setCopyDialog] = useState(false);
  const [keysDialog, setKeysDialog] = useState(false);
  const openBackups = useAppStore((s) => s.openBackups);
  const openTeamServer = useAppStore((s) => s.openTeamServer);
  const saveCopyAs = useAppStore((s) => s.saveCopyAs);
  const fileInput = useRef<HTMLInputElement>(null);

  // Alt+1…5 switch views; F1 shows the keys. (Number keys 1–9 apply the last-used codes: see features/coding/useCodingKeys.ts.)
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'F1' && !e.altKey && !e.ctrlKey && !e.metaKey && !e.shiftKey) {
        e.preventDefault();
        setKeysDialog(true);
        return;
      }
      if (e.altKey && !e.ctrlKey && !e.metaKey) {
        const target = VIEWS.find((v) => v.key === e.key);
        if (target) {
          e.preventDefault();
          useAppStore.getState().setView(target.id);
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
          void startImport({ files: [...e.dataTransfer.files] });
        }
      }}
    >
      <header className="topbar">
        <strong className="project-name" title={`${project.name} — ${project.path}`}>
          {project.name}
        </strong>
        <nav className="view-tabs" aria-label="Views">
          <div role="tablist" aria-label="Views" className="view-tabs-list">
          {VIEWS.map((v) => (
            <button
              key={v.id}
              type="button"
              role="tab"
              aria-selected={view === v.id}
              className={view === v.id ? 'active' : undefined}
              title={`${v.label} (Alt+${v.key})`}
              onClick={() => setView(v.id)}
            >
              {v.label}
            </button>
          ))}
          </div>
        </nav>
        <CoderBar />
        <SyncStatusLine />
        <div className="topbar-actions">
          <MenuButton
            label="Import"
            title="Import transcripts (files or a whole folder)"
            items={[
              { label: 'Import files…', onSelect: () => chooseImportFiles(fileInput.current), disabled: importing || readOnly },
              { label: 'Import from folder…', onSelect: () => setPathDialog(true), disabled: importing || readOnly },
            ]}
          >
            Import ▾
          </MenuButton>
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
              void startImport({ files });
            }}
          />
          <button type="button" onClick={() => openSpeakers([])}>
            Participants…
          </button>
          <MenuButton
            label="Project"
            title="Backups, a copy of the project, closing it"
            items={[
              { label: 'Restore a backup…', onSelect: () => void openBackups() },
              { label: 'Save a copy as…', onSelect: () => setCopyDialog(true) },
              { label: 'Team server…', onSelect: () => openTeamServer() },
              { label: 'Keyboard shortcuts (F1)', onSelect: () => setKeysDialog(true) },
              { label: 'Close project', onSelect: () => void closeProject() },
            ]}
          >
            Project ▾
          </MenuButton>
        </div>
      </header>
      <ReadOnlyBanner />
      <StorageBanner />
      <div className="view-body">
        <Suspense fallback={<p className="loading">Loading…</p>}>{renderView(view)}</Suspense>
      </div>
      <ImportPreviewDialog />
      <ImportDialog />
      <SpeakersDialog />
      <BackupsDialog />
      <ConflictsDialog />
      {keysDialog ? <KeyboardShortcutsDialog onClose={() => setKeysDialog(false)} /> : null}
      {copyDialog ? (
        <FileDialog
          title="Save a copy of the project as"
          mode="save"
          confirmLabel="Save copy"
          extensions={['weft']}
          initialName={`${project.name} copy.weft`}
          native={nativeDialogs ? async () => ((await nativeDialogs!.saveProject()) ?? null) : undefined}
          onCancel={() => setCopyDialog(false)}
          onConfirm={(paths) => {
            void saveCopyAs(paths[0]!).then((ok) => ok && setCopyDialog(false));
          }}
        />
      ) : null}
      {pathDialog ? (
        <FileDialog
          title="Import transcripts"
          mode="open-many"
          confirmLabel="Import"
          onCancel={() => setPathDialog(false)}
          onConfirm={(paths) => {
            setPathDialog(false);
            void startImport({ paths });
          }}
        />
      ) : null}
    </div>
  );
}

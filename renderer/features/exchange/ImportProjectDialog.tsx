/**
 * Import a REFI-QDA project (.qdpx, or a bare .qde) as a NEW Weft project: choose the file
 * (upload or a path), read the preview (what will be created, every element that will be
 * dropped or repaired), choose where the new project file goes, create it. Used from the
 * Welcome screen and from Import & export.
 */
import { useEffect, useRef, useState } from 'react';
import { host, nativeDialogs } from '../../browser/host';
import { FileDialog } from '../../components/FileDialog';
import { JobProgress } from '../../components/JobProgress';
import { Modal } from '../../components/Modal';
import { useAppStore } from '../../store';
import { baseName } from '../../browser/files';
import { ArchiveLimitsFields } from './ArchiveLimitsFields';
import { ReportCounts, WarningsList } from './Report';
import { detectionFor, SpeakersChoice } from '../import/SpeakersChoice';
import './exchange.css';

export function ImportProjectDialog({ onClose }: { onClose(): void }) {
  const state = useAppStore((s) => s.projectImport);
  const busy = useAppStore((s) => s.exchangeBusy);
  const preview = useAppStore((s) => s.previewProjectImport);
  const importAsNew = useAppStore((s) => s.importProjectAsNew);
  const closeImport = useAppStore((s) => s.closeProjectImport);
  const job = useAppStore((s) => s.projectImportJob);
  const cancelJob = useAppStore((s) => s.cancelProjectImportJob);
  const [target, setTarget] = useState('');
  const [dialog, setDialog] = useState<'source' | 'target' | null>(null);
  const input = useRef<HTMLInputElement>(null);

  // a new suggestion for where to save the copy replaces the field's text
  const [suggestionSeen, setSuggestionSeen] = useState<string | undefined>(undefined);
  if (state?.suggestedTarget !== suggestionSeen) {
    setSuggestionSeen(state?.suggestedTarget);
    if (state?.suggestedTarget) setTarget(state.suggestedTarget);
  }

  // a fresh dialog starts from the file choice
  useEffect(() => {
    closeImport();
    return () => closeImport();
  }, [closeImport]);

  const close = () => {
    closeImport();
    onClose();
  };
  const p = state?.preview ?? null;
  // speaker detection, per document (source GUIDs turned off) and for the batch; a new preview starts with all on
  const [speakersOff, setSpeakersOff] = useState<ReadonlySet<string>>(new Set());
  const [previewSeen, setPreviewSeen] = useState(p);
  if (p !== previewSeen) {
    setPreviewSeen(p);
    setSpeakersOff(new Set());
  }
  const create = async () => {
    const detection = detectionFor(p?.speakers ?? [], speakersOff);
    if (target.trim() && (await importAsNew(target.trim(), detection))) onClose();
  };

  return (
    <Modal title="Import a REFI-QDA project" label="Import REFI-QDA project" onClose={close} busy={busy !== null} className="wide exchange-dialog">
        <p className="muted small">
          A .qdpx file from NVivo, ATLAS.ti, MAXQDA, QualCoder, Taguette or Weft becomes a new Weft project. The file you choose is only
          read; nothing is overwritten.
        </p>
        <div className="exchange-row">
          <button type="button" className={state ? undefined : 'primary'} onClick={() => input.current?.click()} disabled={busy !== null}>
            Choose a .qdpx file…
          </button>
          <button type="button" onClick={() => setDialog('source')} disabled={busy !== null}>
            From a path on this computer…
          </button>
          <input
            ref={input}
            type="file"
            hidden
            accept=".qdpx,.qde,.zip"
            aria-label="REFI-QDA project file"
            data-testid="qdpx-input"
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file) void preview({ kind: 'file', file });
            }}
          />
          {state ? <strong className="exchange-file">{state.name}</strong> : null}
        </div>
        <ArchiveLimitsFields onReadAgain={state && !busy ? () => void preview(state.source) : undefined} />
        {busy ? (
          <p role="status" className="muted">
            {busy}
          </p>
        ) : null}
        {job ? <JobProgress inline label="Import progress" job={job} cancelLabel="Cancel import" onCancel={() => void cancelJob()} /> : null}
        {state?.error ? (
          <p role="alert" className="error-text">
            {state.error}
          </p>
        ) : null}
        {p ? (
          <section aria-label="Preview" className="exchange-preview">
            <p>
              <strong>“{p.projectName}”</strong>
              {p.origin ? <span className="muted"> — written by {p.origin}</span> : null}
            </p>
            <ReportCounts report={p} label="What will be created" />
            {p.speakers?.length ? <SpeakersChoice documents={p.speakers} off={speakersOff} onChange={setSpeakersOff} /> : null}
            <WarningsList warnings={p.warnings} future />
            <label className="field">
              <span>New project file</span>
              <span className="exchange-row">
                <input value={target} onChange={(e) => setTarget(e.target.value)} spellCheck={false} aria-label="New project file" onKeyDown={(e) => e.key === 'Enter' && void create()} />
                <button type="button" onClick={() => setDialog('target')}>
                  Choose…
                </button>
              </span>
            </label>
          </section>
        ) : null}
        <div className="modal-actions">
          <button type="button" onClick={close}>
            Cancel
          </button>
          <button type="button" className="primary" disabled={!p || !target.trim() || busy !== null} onClick={() => void create()}>
            Create project
          </button>
        </div>
      {dialog === 'source' ? (
        <FileDialog
          title="Choose a REFI-QDA project"
          mode="open"
          confirmLabel="Read"
          extensions={['qdpx', 'qde', 'zip']}
          onCancel={() => setDialog(null)}
          onConfirm={([path]) => {
            setDialog(null);
            if (path) void preview({ kind: 'path', path });
          }}
        />
      ) : null}
      {dialog === 'target' ? (
        <FileDialog
          title="New project file"
          mode="save"
          confirmLabel="Use this file"
          extensions={['weft']}
          initialName={baseName(target) || 'Imported project.weft'}
          native={host === 'electron' && nativeDialogs ? async (name) => (await nativeDialogs!.saveProject(name)) ?? null : undefined}
          onCancel={() => setDialog(null)}
          onConfirm={([path]) => {
            setDialog(null);
            if (path) setTarget(path);
          }}
        />
      ) : null}
    </Modal>
  );
}

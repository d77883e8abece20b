/**
 * Re-identify (issue 16): the open project is a pseudonymised copy; with its key file and the key's
 * passphrase, Weft writes a NEW project with the original names back (texts, speakers, cases,
 * memos, codings moved back, recordings relinked) — electron/services/pseudonymise/copy.ts
 * `writeReidentifiedCopy`, the same as `weft reidentify`. The open copy is not changed. A wrong
 * passphrase, another copy's key or a copy edited since it was written is said in the dialog, and
 * nothing is written.
 */
import { useState } from 'react';
import { countOf } from '../../../shared/domain/plural';
import { FileDialog } from '../../components/FileDialog';
import { Modal } from '../../components/Modal';
import { CopyJobProgress, KeyFileFields, keyPathFor, useKeyFile } from './KeyFileFields';
import { useAppStore } from '../../store';
import type { ReidentifyResult } from '../../../shared/types/pseudonymise';
import './exchange.css';

const reidentifiedPathFor = (project: string) => project.replace(/\.weft$/i, '') + ' (re-identified).weft';

export function ReidentifyDialog({ onClose }: { onClose(): void }) {
  const projectPath = useAppStore((s) => s.project?.path ?? '');
  const reidentify = useAppStore((s) => s.reidentify);
  const openProject = useAppStore((s) => s.openProject);
  const job = useAppStore((s) => s.reidentifyJob);
  const cancelJob = useAppStore((s) => s.cancelReidentify);
  const key = useKeyFile(() => keyPathFor(projectPath));
  const { keyPath, setKeyPath, passphrase, setPassphrase } = key;
  const [path, setPath] = useState(() => reidentifiedPathFor(projectPath));
  const [choosing, setChoosing] = useState<'key' | 'out' | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<ReidentifyResult | null>(null);
  const canWrite = keyPath.trim() !== '' && path.trim() !== '' && passphrase !== '' && !busy && result === null;

  const write = async () => {
    setBusy(true);
    setError(null);
    const outcome = await reidentify(keyPath.trim(), passphrase, path.trim());
    setBusy(false);
    if ('error' in outcome) setError(outcome.error);
    else if ('cancelled' in outcome) setError('Cancelled: nothing was written.');
    else {
      setResult(outcome.result);
      setPassphrase('');
    }
  };

  return (
    <Modal title="Re-identify (with its key)" label="Re-identify" onClose={onClose} busy={busy} className="exchange-dialog">
      <p className="muted small">
        This project is a pseudonymised copy: with the key written beside it and the key’s passphrase, Weft writes a new project with the
        original names back, and every coding moved back to match. This project is not changed.
      </p>
      <KeyFileFields
        state={key}
        onChooseKey={() => setChoosing('key')}
        passphraseCaption="Passphrase of the key"
        autoComplete="current-password"
        onEnter={() => {
          if (canWrite) void write();
        }}
      />
      <label className="field">
        <span>Re-identified project (a new file)</span>
        <span className="exchange-row">
          <input value={path} aria-label="Re-identified project" spellCheck={false} onChange={(e) => setPath(e.target.value)} />
          <button type="button" onClick={() => setChoosing('out')}>
            Choose…
          </button>
        </span>
      </label>
      {error ? (
        <p role="alert" className="error-text" data-testid="reidentify-error">
          {error}
        </p>
      ) : null}
      {busy ? <p role="status">Re-identifying…</p> : null}
      {job ? <CopyJobProgress job={job} label="Re-identification progress" onCancel={() => void cancelJob()} /> : null}
      {result ? (
        <p role="status" aria-label="Written" className="share-result">
          Wrote {result.path}: {countOf(result.documentsRestored, 'document')} and {countOf(result.fieldsRestored, 'other field')} restored,{' '}
          {countOf(result.codingsMoved, 'coding')} moved back
          {result.recordingsRelinked > 0 ? `, ${countOf(result.recordingsRelinked, 'recording')} linked again` : ''}.
        </p>
      ) : null}
      <div className="modal-actions">
        <button
          type="button"
          onClick={() => {
            // closed while the copy is being written: it is cancelled (nothing is written)
            void cancelJob();
            onClose();
          }}
        >
          {result ? 'Close' : 'Cancel'}
        </button>
        {result ? (
          <button
            type="button"
            className="primary"
            onClick={() => {
              onClose();
              void openProject(result.path);
            }}
          >
            Open the re-identified project
          </button>
        ) : (
          <button type="button" className="primary" disabled={!canWrite} onClick={() => void write()}>
            Write re-identified project
          </button>
        )}
      </div>
      {choosing ? (
        <FileDialog
          title={choosing === 'key' ? 'Key file' : 'Re-identified project'}
          mode={choosing === 'key' ? 'open' : 'save'}
          confirmLabel="Use this file"
          extensions={[choosing === 'key' ? 'weftkey' : 'weft']}
          initialName={choosing === 'out' ? (reidentifiedPathFor(projectPath).split(/[\\/]/).pop() ?? '') : ''}
          onCancel={() => setChoosing(null)}
          onConfirm={([chosen]) => {
            const which = choosing;
            setChoosing(null);
            if (!chosen) return;
            if (which === 'key') setKeyPath(chosen);
            else setPath(chosen);
          }}
        />
      ) : null}
    </Modal>
  );
}

/** Progress of a batch import (file count, Cancel) and, when it ends, the per-file report. */
import { JobProgress } from '../../components/JobProgress';
import { Modal } from '../../components/Modal';
import { useAppStore } from '../../store';
import { baseName } from '../../browser/files';
import { countOf } from '../../../shared/domain/plural';

export function ImportDialog() {
  const job = useAppStore((s) => s.importJob);
  const cancel = useAppStore((s) => s.cancelImport);
  const close = useAppStore((s) => s.closeImportJob);
  const importDuplicates = useAppStore((s) => s.importDuplicatesAnyway);
  const openSpeakers = useAppStore((s) => s.openSpeakersDialog);
  if (!job) return null;
  const running = job.state === 'running';
  const { report } = job;
  const duplicates = report.files.filter((f) => f.duplicateOf);
  const importedIds = report.files.flatMap((f) => (f.outcome === 'imported' && f.documentId ? [f.documentId] : []));

  if (running) {
    return (
      <Modal key="progress" title="Importing…" label="Importing" onClose={() => undefined} busy>
        <JobProgress
          label="Import progress"
          job={job}
          unit="files"
          cancelLabel="Cancel import"
          onCancel={() => void cancel()}
          note="Cancelling keeps the files already imported, each of them whole, and imports nothing more."
          autoFocus
        />
      </Modal>
    );
  }

  return (
    <Modal title={job.state === 'cancelled' ? 'Import cancelled' : job.state === 'failed' ? 'Import failed' : 'Import finished'} label="Import report" onClose={close} key="report">
        <p>
          {report.imported} imported · {report.skipped} skipped · {report.failed} failed
          {report.linked ? ` · ${countOf(report.linked, 'recording')} linked` : null}
        </p>
        {job.state === 'failed' && job.error ? (
          <p role="alert" data-testid="import-failed-because">
            {job.error.message}
          </p>
        ) : job.state === 'cancelled' && job.cancelledBecause ? (
          <p role="alert" data-testid="import-cancelled-because">
            Weft cancelled this import because {job.cancelledBecause}. The files imported before that were kept in that project, each
            of them whole; the rest were not imported.
          </p>
        ) : job.state === 'cancelled' ? (
          <p className="muted">The files imported before you cancelled were kept, each of them whole; the rest were not imported.</p>
        ) : null}
        <table className="report-table">
          <thead>
            <tr>
              <th>File</th>
              <th>Result</th>
              <th>Details</th>
            </tr>
          </thead>
          <tbody>
            {report.files.map((f, i) => (
              <tr key={i} className={f.outcome}>
                {/* the file's name (a folder import names files by their full path: kept as the tooltip) */}
                <td title={f.file === baseName(f.file) ? undefined : f.file}>{baseName(f.file)}</td>
                <td>{f.outcome}</td>
                <td>
                  {f.outcome === 'imported' ? f.detected : f.outcome === 'linked' ? `Recording of “${f.linkedTo ?? ''}”` : f.reason}
                  {f.outcome === 'imported' && f.media ? <div className="muted small">Recording: {baseName(f.media)}</div> : null}
                  {f.outcome === 'imported' && f.speakers?.length ? <div className="muted small">Speakers: {f.speakers.join(', ')}</div> : null}
                  {f.warnings?.map((w, j) => (
                    <div key={j} className="muted small">
                      ⚠ {w}
                    </div>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {duplicates.length ? (
          <div className="duplicate-prompt" role="group" aria-label="Duplicates">
            <p>
              {duplicates.length === 1 ? 'One file has' : `${duplicates.length} files have`} the same text as a document already in the project.
              Import {duplicates.length === 1 ? 'it' : 'them'} anyway as separate documents?
            </p>
            <button type="button" onClick={() => void importDuplicates()}>
              Import duplicates anyway
            </button>
          </div>
        ) : null}
        <div className="modal-actions">
          {importedIds.length ? (
            <button type="button" className="left" onClick={() => openSpeakers(importedIds)}>
              Link speakers to participants…
            </button>
          ) : null}
          <button type="button" className="primary" data-autofocus onClick={close}>
            Close
          </button>
        </div>
    </Modal>
  );
}

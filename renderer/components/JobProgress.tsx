/**
 * A long job's progress as the window shows it (issue 12, 16): a bar of `done` of `total`, the
 * count in words (“120 of 400 documents”), what the job is doing now, and its Cancel button. One
 * component for every background job: the batch import (ImportDialog), a pseudonymised or
 * re-identified copy (Share safely, Re-identify).
 */
export interface JobProgressProps {
  /** The bar's accessible name (“Import progress”). */
  label: string;
  /** The job as its status call answers: `done` of `total`, what it does now (`current`), its `state`. */
  job: { done: number; total: number; current: string | null; state: string };
  /** What is counted (“files”, “steps”). */
  unit: string;
  /** The Cancel button's words (“Cancel import”); enabled while the job is `running`. */
  cancelLabel: string;
  onCancel(): void;
  /** What cancelling keeps and leaves, in words. */
  note?: string;
  /** The Cancel button takes the focus when the progress appears. */
  autoFocus?: boolean;
}

export function JobProgress({ label, job, unit, cancelLabel, onCancel, note, autoFocus }: JobProgressProps) {
  const { done, total, current } = job;
  const percent = total ? Math.round((done / total) * 100) : 0;
  return (
    <div className="job-progress">
      <div className="progress" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={total} aria-valuenow={done}>
        <div className="progress-fill" style={{ width: `${percent}%` }} />
      </div>
      <p>
        {done} of {total} {unit}
        {current ? <span className="muted"> — {current}</span> : null}
      </p>
      {note ? <p className="muted small">{note}</p> : null}
      <div className="modal-actions">
        <button type="button" onClick={onCancel} disabled={job.state !== 'running'} {...(autoFocus ? { 'data-autofocus': true } : {})}>
          {cancelLabel}
        </button>
      </div>
    </div>
  );
}

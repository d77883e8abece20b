/**
 * A long job's progress as the window shows it (issue 12, 16): a bar of `done` of `total`, the
 * count in words (“120 of 400 documents”), what the job is doing now, and its Cancel button. One
 * component for every background job: the batch import (ImportDialog), a pseudonymised or
 * re-identified copy (Share safely, Re-identify).
 */
export interface JobProgressProps {
  /** The bar's accessible name (“Import progress”). */
  label: string;
  done: number;
  total: number;
  /** What is counted (“files”, “steps”). */
  unit: string;
  /** What the job is doing now, or null. */
  current: string | null;
  /** The Cancel button's words (“Cancel import”). */
  cancelLabel: string;
  onCancel(): void;
  /** False once the job is no longer running (a cancel is under way). */
  canCancel?: boolean;
  /** What cancelling keeps and leaves, in words. */
  note?: string;
  /** The Cancel button takes the focus when the progress appears. */
  autoFocus?: boolean;
}

export function JobProgress({ label, done, total, unit, current, cancelLabel, onCancel, canCancel = true, note, autoFocus }: JobProgressProps) {
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
        <button type="button" onClick={onCancel} disabled={!canCancel} {...(autoFocus ? { 'data-autofocus': true } : {})}>
          {cancelLabel}
        </button>
      </div>
    </div>
  );
}

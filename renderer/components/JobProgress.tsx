/**
 * A long job's progress as the window shows it (issue 12, 16): a bar of `done` of `total`, the
 * count in words (“120 of 400 documents”), what the job is doing now, and its Cancel button. One
 * component for every background job: the batch import (ImportDialog), a pseudonymised or
 * re-identified copy (Share safely, Re-identify), a .qdpx import (ImportProjectDialog) or export
 * (Import & export's Project card). `inline`: one row (bar, what it does now, Cancel) inside a
 * dialog's section or a card.
 */
export interface JobProgressProps {
  /** The bar's accessible name (“Import progress”). */
  label: string;
  /** The job as its status call answers: `done` of `total`, what it does now (`current`), its `state`. */
  job: { done: number; total: number; current: string | null; state: string };
  /** What is counted (“files”, “steps”); without it no count is shown (a job of a few steps, whose bar says enough). */
  unit?: string;
  /** The Cancel button's words (“Cancel import”); enabled while the job is `running`. */
  cancelLabel: string;
  onCancel(): void;
  /** What cancelling keeps and leaves, in words. */
  note?: string;
  /** The Cancel button takes the focus when the progress appears. */
  autoFocus?: boolean;
  /** One row: the bar, the count and what it does now, Cancel; no note. */
  inline?: boolean;
}

export function JobProgress({ label, job, unit, cancelLabel, onCancel, note, autoFocus, inline }: JobProgressProps) {
  const { done, total, current } = job;
  // no total yet (a job still counting its work): an indeterminate bar, not 0 %
  const bar = total ? (
    <div className="progress" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={total} aria-valuenow={done}>
      <div className="progress-fill" style={{ width: `${Math.round((done / total) * 100)}%` }} />
    </div>
  ) : (
    <div className="progress indeterminate" role="progressbar" aria-label={label} aria-busy="true">
      <div className="progress-fill" />
    </div>
  );
  const count = unit && total ? `${done} of ${total} ${unit}` : null;
  const cancel = (
    <button type="button" onClick={onCancel} disabled={job.state !== 'running'} {...(autoFocus ? { 'data-autofocus': true } : {})}>
      {cancelLabel}
    </button>
  );
  if (inline) {
    return (
      <div className="job-progress inline">
        {bar}
        <span className="muted small">{[count, current].filter(Boolean).join(' — ')}</span>
        {cancel}
      </div>
    );
  }
  return (
    <div className="job-progress">
      {bar}
      <p>
        {count}
        {current ? <span className="muted">{count ? ' — ' : ''}{current}</span> : null}
      </p>
      {note ? <p className="muted small">{note}</p> : null}
      <div className="modal-actions">{cancel}</div>
    </div>
  );
}

/**
 * The import preview of transcripts (issue 15): before anything is written, the files that would
 * get speakers are listed with their speakers, and detection can be turned off per file or for the
 * batch (SpeakersChoice, shared with the .qdpx import). Shown only when some file would get
 * speakers; otherwise the import starts at once. While the files are read (a large folder), a
 * "Reading…" dialog appears after a moment, so a quick read does not flash.
 */
import { useEffect, useState } from 'react';
import { Modal } from '../../components/Modal';
import { useAppStore } from '../../store';
import { detectionFor, SpeakersChoice } from './SpeakersChoice';

const READING_SHOWN_AFTER_MS = 400;

export function ImportPreviewDialog() {
  const preview = useAppStore((s) => s.importPreview);
  const confirm = useAppStore((s) => s.confirmImportPreview);
  const cancel = useAppStore((s) => s.cancelImportPreview);
  const [off, setOff] = useState<ReadonlySet<string>>(new Set());
  // a new preview starts with detection on everywhere
  const [seen, setSeen] = useState(preview);
  if (preview !== seen) {
    setSeen(preview);
    setOff(new Set());
  }
  const reading = preview !== null && preview.speakers === null;
  const [showReading, setShowReading] = useState(false);
  useEffect(() => {
    if (!reading) return;
    const timer = window.setTimeout(() => setShowReading(true), READING_SHOWN_AFTER_MS);
    return () => {
      window.clearTimeout(timer);
      setShowReading(false);
    };
  }, [reading]);

  if (!preview) return null;
  if (!preview.speakers) {
    if (!showReading) return null;
    return (
      <Modal key="reading" title="Reading files…" label="Reading files" onClose={cancel}>
        <p>
          Looking for speakers in {preview.files === 1 ? '1 file or folder' : `${preview.files} files and folders`} before importing.
        </p>
        <div className="modal-actions">
          <button type="button" onClick={cancel}>
            Cancel
          </button>
        </div>
      </Modal>
    );
  }
  const speakers = preview.speakers;
  const files = preview.files;
  return (
    <Modal key="preview" title="Speakers in the files to import" label="Import preview" onClose={cancel}>
      <p>
        {speakers.length === 1 ? 'One file' : `${speakers.length} files`} of {files} would get speakers from “Name:” labels. Check them before
        importing: turn detection off where those labels are not people speaking.
      </p>
      <SpeakersChoice documents={speakers} off={off} onChange={setOff} />
      <div className="modal-actions">
        <button type="button" onClick={cancel}>
          Cancel
        </button>
        <button type="button" className="primary" data-autofocus onClick={() => void confirm(detectionFor(speakers, off))}>
          Import {files === 1 ? '1 file' : `${files} files`}
        </button>
      </div>
    </Modal>
  );
}

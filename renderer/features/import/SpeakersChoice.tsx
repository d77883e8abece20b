/**
 * Speaker detection in an import preview, per document and for the batch: one component for the
 * REFI-QDA project import (documents named by source GUID) and the import of transcripts (files
 * named by path or name). The rule that finds speakers is the import's own
 * (shared/import/plain-text.ts hasSpeakerEvidence); this only lets the researcher turn it off.
 */
import type { DocumentSpeakers, SpeakerDetection } from '../../../shared/types/exchange';
import './speakers-choice.css';

/** The detection to send with the import: off for all when every listed document is off, else off for those listed. */
export function detectionFor(documents: readonly DocumentSpeakers[], off: ReadonlySet<string>): SpeakerDetection {
  if (documents.length > 0 && documents.every((d) => off.has(d.source))) return { speakers: false };
  return off.size ? { noSpeakersFor: [...off] } : {};
}

/**
 * The speakers the import would create, per document, each with a switch: detection can be turned
 * off for one document (e.g. social-media comments whose headlines look like “Name:” labels) or
 * for all of them. Speakers a Weft project carries itself are marked “from Weft”. Used by the .qdpx import and by the
 * import preview of transcripts (ImportPreviewDialog).
 */
export function SpeakersChoice({ documents, off, onChange }: { documents: DocumentSpeakers[]; off: ReadonlySet<string>; onChange(next: ReadonlySet<string>): void }) {
  const allOff = documents.every((d) => off.has(d.source));
  const someOff = !allOff && documents.some((d) => off.has(d.source));
  const toggle = (source: string, on: boolean) => {
    const next = new Set(off);
    if (on) next.delete(source);
    else next.add(source);
    onChange(next);
  };
  return (
    <fieldset className="exchange-speakers" aria-label="Speakers">
      <legend>Speakers ({documents.length === 1 ? '1 document' : `${documents.length} documents`})</legend>
      <label>
        <input
          type="checkbox"
          checked={off.size === 0}
          ref={(el) => {
            if (el) el.indeterminate = someOff;
          }}
          onChange={(e) => onChange(e.target.checked ? new Set() : new Set(documents.map((d) => d.source)))}
        />{' '}
        Create speakers in all documents
      </label>
      <ul>
        {documents.map((d) => (
          <li key={d.source}>
            <label>
              <input type="checkbox" checked={!off.has(d.source)} onChange={(e) => toggle(d.source, e.target.checked)} aria-label={`Speakers in ${d.document}`} />{' '}
              <strong>{d.document}</strong>: {d.speakers.join(', ')}
              {d.from === 'restored' ? <span className="muted small"> (from Weft)</span> : null}
            </label>
          </li>
        ))}
      </ul>
      <p className="muted small">
        Speakers are found from “Name:” at the start of lines. Turn them off where those are not people speaking (headlines, form fields).
      </p>
    </fieldset>
  );
}


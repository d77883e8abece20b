/**
 * The “Limits” control: the caps on what a .qdpx may inflate to (shared/types/exchange.ts), for a
 * file the researcher trusts; a huge or hostile archive is refused with a message naming the cap.
 * One control for the import dialog and the merge dialogs; the caps live in the store
 * (`archiveLimits`), so both send the same ones.
 */
import { useState } from 'react';
import { archiveLimitProblem, DEFAULT_ARCHIVE_LIMITS_MB, type ArchiveLimitsMb } from '../../../shared/types/exchange';
import { useAppStore } from '../../store';
import './exchange.css';

const LIMIT_FIELDS: { key: keyof ArchiveLimitsMb; label: string }[] = [
  { key: 'maxDocumentMb', label: 'Largest document (MB)' },
  { key: 'maxArchiveMb', label: 'Largest archive, all documents together (MB)' },
];

/** `onReadAgain`: offered as “Read the file again with these limits” once a file was read (or refused). */
export function ArchiveLimitsFields({ onReadAgain }: { onReadAgain: (() => void) | undefined }) {
  const limits = useAppStore((s) => s.archiveLimits);
  const setLimits = useAppStore((s) => s.setArchiveLimits);
  const [text, setText] = useState<Record<keyof ArchiveLimitsMb, string>>({
    maxDocumentMb: String(limits.maxDocumentMb ?? DEFAULT_ARCHIVE_LIMITS_MB.maxDocumentMb),
    maxArchiveMb: String(limits.maxArchiveMb ?? DEFAULT_ARCHIVE_LIMITS_MB.maxArchiveMb),
  });
  const problems = LIMIT_FIELDS.map(({ key }) => {
    const raw = text[key].trim();
    return /^\d+$/.test(raw) ? archiveLimitProblem(key, Number(raw)) : archiveLimitProblem(key, NaN);
  });
  const change = (key: keyof ArchiveLimitsMb, value: string) => {
    setText({ ...text, [key]: value });
    const n = /^\d+$/.test(value.trim()) ? Number(value.trim()) : NaN;
    if (archiveLimitProblem(key, n) === null) {
      const next = { ...limits };
      if (n === DEFAULT_ARCHIVE_LIMITS_MB[key]) delete next[key];
      else next[key] = n;
      setLimits(next);
    }
  };
  return (
    <details className="exchange-limits">
      <summary>Limits</summary>
      <p className="muted small">
        A .qdpx is a compressed archive. Weft refuses one that expands beyond these sizes (counted as it is read, whatever the archive claims), so that a
        damaged or hostile file cannot fill the memory. Raise them only for a file you trust.
      </p>
      {LIMIT_FIELDS.map(({ key, label }, i) => (
        <label className="field" key={key}>
          <span>{label}</span>
          <input
            inputMode="numeric"
            value={text[key]}
            onChange={(e) => change(key, e.target.value)}
            aria-label={label}
            aria-invalid={problems[i] ? true : undefined}
            aria-describedby={problems[i] ? `limit-${key}-problem` : undefined}
          />
          {problems[i] ? (
            <span id={`limit-${key}-problem`} className="error-text small">
              {label.replace(/ \(MB\)$/, '')} {problems[i]}
            </span>
          ) : null}
        </label>
      ))}
      {onReadAgain ? (
        <button type="button" onClick={onReadAgain} disabled={problems.some(Boolean)}>
          Read the file again with these limits
        </button>
      ) : null}
    </details>
  );
}

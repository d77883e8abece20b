import { useState } from 'react';
import type { PseudonymiseJob, ReidentifyJob } from '../../../shared/types/exchange';
import { JobProgress } from '../../components/JobProgress';

/**
 * The key file and passphrase fields of a pseudonymised copy's key (issue 16), shared by Share
 * safely (writing a key: the passphrase twice) and Re-identify (reading one: Enter writes); and
 * the progress of writing either copy in the background (CopyJobProgress).
 */

/** The key written beside a copy by default: `Name.weft` → `Name.weftkey`. */
export const keyPathFor = (path: string) => path.replace(/\.weft$/i, '') + '.weftkey';

/** The key file's path and its passphrase, as a dialog holds them (useKeyFile). */
export interface KeyFileState {
  keyPath: string;
  setKeyPath(path: string): void;
  passphrase: string;
  setPassphrase(passphrase: string): void;
}

/** The state of the key fields; `initialKeyPath` is computed once. */
export function useKeyFile(initialKeyPath: () => string): KeyFileState {
  const [keyPath, setKeyPath] = useState(initialKeyPath);
  const [passphrase, setPassphrase] = useState('');
  return { keyPath, setKeyPath, passphrase, setPassphrase };
}

export interface KeyFileFieldsProps {
  state: KeyFileState;
  /** Opens the file chooser for the key. */
  onChooseKey(): void;
  /** The passphrase field's caption. */
  passphraseCaption: string;
  /** 'new-password' when the key is being written, 'current-password' when it is read. */
  autoComplete: 'new-password' | 'current-password';
  /** When given, a second passphrase field (to confirm a new one). */
  again?: { value: string; onChange(again: string): void };
  /** When given, Enter in the passphrase field calls it. */
  onEnter?(): void;
}

export function KeyFileFields({ state, onChooseKey, passphraseCaption, autoComplete, again, onEnter }: KeyFileFieldsProps) {
  const { keyPath, setKeyPath, passphrase, setPassphrase } = state;
  return (
    <>
      <label className="field">
        <span>Key file</span>
        <span className="exchange-row">
          <input value={keyPath} aria-label="Key file" spellCheck={false} onChange={(e) => setKeyPath(e.target.value)} />
          <button type="button" onClick={onChooseKey}>
            Choose…
          </button>
        </span>
      </label>
      <label className="field">
        <span>{passphraseCaption}</span>
        <input
          type="password"
          value={passphrase}
          autoComplete={autoComplete}
          aria-label="Passphrase"
          onChange={(e) => setPassphrase(e.target.value)}
          onKeyDown={
            onEnter
              ? (e) => {
                  if (e.key === 'Enter') onEnter();
                }
              : undefined
          }
        />
      </label>
      {again ? (
        <label className="field">
          <span>The passphrase again</span>
          <input type="password" value={again.value} autoComplete={autoComplete} aria-label="Passphrase again" onChange={(e) => again.onChange(e.target.value)} />
        </label>
      ) : null}
    </>
  );
}

/** The progress of writing a pseudonymised or re-identified copy in the background, and its Cancel (nothing is written then). */
export function CopyJobProgress({ job, label, onCancel }: { job: PseudonymiseJob | ReidentifyJob; label: string; onCancel(): void }) {
  return (
    <JobProgress
      label={label}
      job={job}
      unit="steps"
      cancelLabel="Cancel writing the copy"
      onCancel={onCancel}
      note={`Cancelling writes nothing${job.kind === 'pseudonymise' ? ' (no copy, no key)' : ''}; this project is not changed.`}
    />
  );
}

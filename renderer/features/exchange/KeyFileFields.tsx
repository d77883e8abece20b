/**
 * The key file and passphrase fields of a pseudonymised copy's key (issue 16), shared by Share
 * safely (writing a key: the passphrase twice) and Re-identify (reading one: Enter writes).
 */

/** The key written beside a copy by default: `Name.weft` → `Name.weftkey`. */
export const keyPathFor = (path: string) => path.replace(/\.weft$/i, '') + '.weftkey';

export interface KeyFileFieldsProps {
  keyPath: string;
  onKeyPath(path: string): void;
  /** Opens the file chooser for the key. */
  onChooseKey(): void;
  passphrase: string;
  onPassphrase(passphrase: string): void;
  /** The passphrase field's caption. */
  passphraseCaption: string;
  /** 'new-password' when the key is being written, 'current-password' when it is read. */
  autoComplete: 'new-password' | 'current-password';
  /** When given, a second passphrase field (to confirm a new one). */
  again?: { value: string; onChange(again: string): void };
  /** When given, Enter in the passphrase field calls it. */
  onEnter?(): void;
}

export function KeyFileFields({ keyPath, onKeyPath, onChooseKey, passphrase, onPassphrase, passphraseCaption, autoComplete, again, onEnter }: KeyFileFieldsProps) {
  return (
    <>
      <label className="field">
        <span>Key file</span>
        <span className="exchange-row">
          <input value={keyPath} aria-label="Key file" spellCheck={false} onChange={(e) => onKeyPath(e.target.value)} />
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
          onChange={(e) => onPassphrase(e.target.value)}
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

/**
 * An in-app file chooser backed by the service (`files.list`). Used in browser mode, where no
 * native dialog exists, and offered in Electron beside the system dialog.
 */
import { useEffect, useRef, useState } from 'react';
import type { DirectoryListing } from '../../shared/types/entities';
import { api } from '../api/client';

export interface FileDialogProps {
  title: string;
  mode: 'open' | 'save' | 'open-many';
  confirmLabel: string;
  /** Only files with these extensions are listed as choosable (all when absent). */
  extensions?: string[];
  initialName?: string;
  /** Offered in Electron: the operating system's own dialog (given the name to suggest, if any). */
  native?: (suggestedName: string | undefined) => Promise<string | null>;
  onConfirm(paths: string[]): void;
  onCancel(): void;
}

export function FileDialog({ title, mode, confirmLabel, extensions, initialName = '', native, onConfirm, onCancel }: FileDialogProps) {
  const [listing, setListing] = useState<DirectoryListing | null>(null);
  const [path, setPath] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  /** Once the user has typed, a late-arriving suggestion must not replace their path. */
  const typed = useRef(false);

  const browse = async (dir?: string) => {
    const r = await api.callSafe('files.list', dir ? { path: dir } : {});
    if (r.ok) {
      setListing(r.value);
      setError(null);
      if (mode === 'save' && !typed.current) setPath(`${r.value.path}/${initialName}`);
    } else setError(r.error.message);
  };

  useEffect(() => {
    void browse();
    inputRef.current?.focus();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const fits = (name: string) => !extensions || extensions.some((e) => name.toLowerCase().endsWith(`.${e}`));
  const confirm = () => {
    const paths = mode === 'open-many' && chosen.length ? chosen : path.trim() ? [path.trim()] : [];
    if (paths.length) onConfirm(paths);
  };

  return (
    <div className="modal-backdrop" role="presentation" onKeyDown={(e) => e.key === 'Escape' && onCancel()}>
      <div className="modal file-dialog" role="dialog" aria-modal="true" aria-label={title}>
        <h2>{title}</h2>
        <label className="field">
          <span>{mode === 'save' ? 'File name and location' : 'Path'}</span>
          <input
            ref={inputRef}
            value={path}
            onChange={(e) => {
              typed.current = true;
              setPath(e.target.value);
            }}
            onKeyDown={(e) => e.key === 'Enter' && confirm()}
            spellCheck={false}
            aria-label="Path"
          />
        </label>
        {listing ? (
          <div className="file-browser">
            <div className="file-browser-head">
              <button type="button" disabled={!listing.parent} onClick={() => {
                  typed.current = false;
                  if (listing.parent) void browse(listing.parent);
                }}>
                ↑ Up
              </button>
              <code>{listing.path}</code>
            </div>
            <ul role="listbox" aria-label="Folder contents" aria-multiselectable={mode === 'open-many'}>
              {listing.entries
                .filter((e) => e.kind === 'directory' || mode !== 'save' || fits(e.name))
                .map((e) => (
                  <li
                    key={e.path}
                    role="option"
                    aria-selected={chosen.includes(e.path) || path === e.path}
                    className={e.kind}
                    onClick={() => {
                      if (e.kind === 'directory') {
                        typed.current = false;
                        return void browse(e.path);
                      }
                      if (mode === 'open-many') setChosen((c) => (c.includes(e.path) ? c.filter((p) => p !== e.path) : [...c, e.path]));
                      typed.current = true;
                      setPath(e.path);
                    }}
                    onDoubleClick={() => e.kind === 'file' && onConfirm([e.path])}
                  >
                    {e.kind === 'directory' ? '📁 ' : '📄 '}
                    {e.name}
                  </li>
                ))}
            </ul>
            {mode === 'open-many' ? (
              <button type="button" onClick={() => onConfirm([listing.path])}>
                Import this whole folder
              </button>
            ) : null}
          </div>
        ) : null}
        {error ? <p className="error-text" role="alert">{error}</p> : null}
        <div className="modal-actions">
          {native ? (
            <button
              type="button"
              className="left"
              onClick={async () => {
                const p = await native(initialName || undefined);
                if (p) onConfirm([p]);
              }}
            >
              System dialog…
            </button>
          ) : null}
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="button" className="primary" onClick={confirm}>
            {confirmLabel}
          </button>
        </div>
      </div>
    </div>
  );
}

/**
 * An in-app file chooser backed by the service (`files.list`). Used in browser mode, where no
 * native dialog exists, and offered in Electron beside the system dialog.
 *
 * In save mode with `onSave`, the dialog owns “the file exists”: the first save never replaces a
 * file; when the service answers that it exists, the dialog asks “Replace it?” (keyboard: Tab,
 * Enter, Escape keeps the file) and saves again with `overwrite: true` only if the user agrees.
 * A project is never offered for replacing: that refusal is reported like any failed save.
 */
import { useEffect, useEffectEvent, useRef, useState, type ReactNode } from 'react';
import { toggled } from '../../shared/domain/list';
import type { DirectoryListing } from '../../shared/types/entities';
import { baseName, type SaveOutcome } from '../browser/files';
import { useAppStore } from '../store';
import { Modal } from './Modal';

export interface FileDialogProps {
  title: string;
  mode: 'open' | 'save' | 'open-many';
  confirmLabel: string;
  /** Only files with these extensions are listed as choosable (all when absent). */
  extensions?: string[];
  initialName?: string;
  /** Offered in Electron: the operating system's own dialog (given the name to suggest, if any). */
  native?: (suggestedName: string | undefined) => Promise<string | null>;
  /** May answer with a message about the path, shown in the dialog (which stays open). */
  onConfirm?(paths: string[]): void | Promise<string | null | void>;
  /** Save mode: writes the file (replacing an existing one only when `overwrite`); the dialog asks before replacing. */
  onSave?(path: string, overwrite: boolean): Promise<SaveOutcome>;
  onCancel(): void;
  /** Options shown under the chooser (e.g. the “Limits” of a .qdpx to merge). */
  children?: ReactNode;
}

export function FileDialog({ title, mode, confirmLabel, extensions, initialName = '', native, onConfirm, onSave, onCancel, children }: FileDialogProps) {
  const [listing, setListing] = useState<DirectoryListing | null>(null);
  const [path, setPath] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  /** The file the user is asked about replacing, while the question is shown. */
  const [replacing, setReplacing] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const keepRef = useRef<HTMLButtonElement>(null);
  /** Once the user has typed, a late-arriving suggestion must not replace their path. */
  const typed = useRef(false);
  /**
   * Save mode suggests a path (the folder listed first + the suggested name): the field stays
   * read-only until that suggestion is in, so nothing typed meanwhile is appended to it.
   */
  const [suggested, setSuggested] = useState(mode !== 'save');

  const browse = (dir?: string) =>
    useAppStore
      .getState()
      .listFolder(dir)
      .then((r) => {
        if (r.ok) {
          setListing(r.value);
          setError(null);
          if (mode === 'save' && !typed.current) setPath(`${r.value.path}/${initialName}`);
        } else setError(r.error.message);
      })
      .finally(() => setSuggested(true));

  // the first listing when the dialog opens (later ones follow the user's clicks)
  const browseOnOpen = useEffectEvent(() => void browse());
  useEffect(() => {
    browseOnOpen();
    inputRef.current?.focus();
  }, []);

  useEffect(() => {
    if (replacing) keepRef.current?.focus();
  }, [replacing]);

  const fits = (name: string) => !extensions || extensions.some((e) => name.toLowerCase().endsWith(`.${e}`));
  const save = async (target: string, overwrite: boolean) => {
    if (!onSave || saving) return;
    setSaving(true);
    try {
      const outcome = await onSave(target, overwrite);
      setReplacing(outcome === 'exists' && !overwrite ? target : null);
    } finally {
      setSaving(false);
    }
  };
  const keepFile = () => {
    setReplacing(null);
    inputRef.current?.focus();
  };
  const choose = (paths: string[]) => {
    if (!paths.length) return;
    if (onSave) void save(paths[0]!, false);
    else
      void Promise.resolve(onConfirm?.(paths)).then((problem) => {
        if (typeof problem === 'string') setError(problem);
      });
  };
  const confirm = () => choose(mode === 'open-many' && chosen.length ? chosen : path.trim() ? [path.trim()] : []);

  return (
    <Modal title={title} onClose={onCancel} busy={saving} initialFocus={inputRef} className="file-dialog">
        <label className="field">
          <span>{mode === 'save' ? 'File name and location' : 'Path'}</span>
          <input
            ref={inputRef}
            value={path}
            readOnly={!suggested}
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
                  // eslint-disable-next-line jsx-a11y/click-events-have-key-events -- keyboard users type or paste the path in the field above; arrow keys in this list are a follow-up
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
                      if (mode === 'open-many') setChosen((c) => toggled(c, e.path));
                      typed.current = true;
                      setPath(e.path);
                    }}
                    onDoubleClick={() => e.kind === 'file' && choose([e.path])}
                  >
                    {e.kind === 'directory' ? '📁 ' : '📄 '}
                    {e.name}
                  </li>
                ))}
            </ul>
            {mode === 'open-many' ? (
              <button type="button" onClick={() => choose([listing.path])}>
                Import this whole folder
              </button>
            ) : null}
          </div>
        ) : null}
        {children}
        {error ? <p className="error-text" role="alert">{error}</p> : null}
        {replacing ? (
          <div
            className="replace-confirm"
            role="alertdialog"
            aria-labelledby="replace-question"
            aria-describedby="replace-detail"
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                e.preventDefault(); // Esc keeps the file: the question closes, the dialog stays
                keepFile();
              }
            }}
          >
            <p id="replace-question">
              <strong>“{baseName(replacing)}” already exists. Replace it?</strong>
            </p>
            <p id="replace-detail" className="muted small">
              Its contents will be replaced by this export; this cannot be undone.
            </p>
            <div className="modal-actions">
              <button ref={keepRef} type="button" onClick={keepFile} disabled={saving}>
                Cancel
              </button>
              <button type="button" className="danger" onClick={() => void save(replacing, true)} disabled={saving}>
                Replace
              </button>
            </div>
          </div>
        ) : null}
        <div className="modal-actions">
          {native ? (
            <button
              type="button"
              className="left"
              onClick={async () => {
                const p = await native(initialName || undefined);
                // the system's save dialog has already asked before replacing
                if (p) {
                  if (onSave) void onSave(p, true);
                  else onConfirm?.([p]);
                }
              }}
            >
              System dialog…
            </button>
          ) : null}
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="button" className="primary" onClick={confirm} disabled={saving || replacing !== null}>
            {confirmLabel}
          </button>
        </div>
    </Modal>
  );
}

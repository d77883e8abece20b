/**
 * The document list: open a document; rename it (F2, or its ⋯ menu); add it to a set (its ⋯ menu,
 * also opened by right-click, Shift+F10 or the context-menu key); show one set's documents only.
 */
import { useEffect, useRef, useState } from 'react';
import { useAppStore } from '../../store';
import { countOf } from '../../../shared/domain/plural';
import { MenuButton, type MenuItem } from '../../components/Menu';
import { Modal } from '../../components/Modal';

function RenameField({ id, name, onDone }: { id: number; name: string; onDone(): void }) {
  const [value, setValue] = useState(name);
  const rename = useAppStore((s) => s.renameDocument);
  const finished = useRef(false);
  const finish = async (save: boolean) => {
    if (finished.current) return;
    finished.current = true;
    const next = value.trim();
    if (save && next && next !== name) await rename(id, next);
    onDone();
  };
  return (
    <input
      className="doc-rename"
      aria-label={`New name for ${name}`}
      value={value}
      autoFocus
      onFocus={(e) => e.currentTarget.select()}
      onChange={(e) => setValue(e.target.value)}
      onBlur={() => void finish(true)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          void finish(true);
        } else if (e.key === 'Escape') {
          e.preventDefault();
          e.stopPropagation();
          void finish(false);
        }
      }}
    />
  );
}

function NewSetDialog({ documentId, onClose }: { documentId: number; onClose(): void }) {
  const [name, setName] = useState('');
  const add = useAppStore((s) => s.addDocumentsToSet);
  const doc = useAppStore((s) => s.documents.find((d) => d.id === documentId));
  return (
    <Modal title="New set" onClose={onClose}>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          if (!name.trim()) return;
          if (await add({ documentIds: [documentId], newSetName: name.trim() })) onClose();
        }}
      >
        <label className="field">
          Set name
          <input value={name} onChange={(e) => setName(e.target.value)} data-autofocus />
        </label>
        <p className="muted small">{doc ? `“${doc.name}” goes into the new set.` : null}</p>
        <div className="modal-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={!name.trim()}>
            Create set
          </button>
        </div>
      </form>
    </Modal>
  );
}

export function DocumentList() {
  const documents = useAppStore((s) => s.documents);
  const activeId = useAppStore((s) => s.activeDocument?.id);
  const openDocument = useAppStore((s) => s.openDocument);
  const sets = useAppStore((s) => s.documentSets);
  const projectPath = useAppStore((s) => s.project?.path);
  const loadSets = useAppStore((s) => s.loadDocumentSets);
  const addToSet = useAppStore((s) => s.addDocumentsToSet);
  const openSpeakers = useAppStore((s) => s.openSpeakersDialog);
  const [shownSet, setShownSet] = useState<number | null>(null);
  const [renaming, setRenaming] = useState<number | null>(null);
  const [newSetFor, setNewSetFor] = useState<number | null>(null);
  const openers = useRef(new Map<number, () => void>());
  const listRef = useRef<HTMLUListElement>(null);

  useEffect(() => {
    if (projectPath) void loadSets();
  }, [projectPath, loadSets]);

  const set = shownSet === null ? undefined : sets.find((s) => s.id === shownSet);
  const shown = set ? documents.filter((d) => set.documentIds.includes(d.id)) : documents;
  // after renaming or the new-set dialog, focus goes back to the document's row once it is drawn again
  const focusAfter = useRef<number | null>(null);
  useEffect(() => {
    if (focusAfter.current === null || renaming !== null || newSetFor !== null) return;
    listRef.current?.querySelector<HTMLElement>(`[data-doc-id="${focusAfter.current}"]`)?.focus();
    focusAfter.current = null;
  }, [renaming, newSetFor]);
  const focusRow = (id: number) => {
    focusAfter.current = id;
  };

  const itemsFor = (id: number): MenuItem[] => [
    { label: 'Rename… (F2)', onSelect: () => setRenaming(id) },
    { label: 'Add to set', heading: true, onSelect: () => undefined },
    ...sets.map((s) => {
      const inIt = s.documentIds.includes(id);
      return { label: inIt ? `${s.name} ✓` : s.name, depth: 1, disabled: inIt, onSelect: () => void addToSet({ documentIds: [id], setId: s.id }) };
    }),
    { label: 'New set…', depth: 1, onSelect: () => setNewSetFor(id) },
    { label: 'Speakers and participants…', onSelect: () => openSpeakers([id]) },
  ];

  return (
    <nav className="panel documents-panel" id="coding-docs" aria-label="Documents">
      <h2 className="panel-title">Documents ({documents.length})</h2>
      {sets.length ? (
        <label className="doc-set-filter small">
          Show{' '}
          <select aria-label="Show documents of" value={shownSet ?? ''} onChange={(e) => setShownSet(e.target.value ? Number(e.target.value) : null)}>
            <option value="">all documents</option>
            {sets.map((s) => (
              <option key={s.id} value={s.id}>
                set {s.name} ({s.documentIds.length})
              </option>
            ))}
          </select>
        </label>
      ) : null}
      {documents.length === 0 ? <p className="muted small">Import transcripts to begin.</p> : null}
      <ul className="doc-list" ref={listRef}>
        {shown.map((d) => (
          <li key={d.id} className="doc-row">
            {renaming === d.id ? (
              <RenameField
                id={d.id}
                name={d.name}
                onDone={() => {
                  setRenaming(null);
                  focusRow(d.id);
                }}
              />
            ) : (
              <button
                type="button"
                data-doc-id={d.id}
                className={d.id === activeId ? 'active' : undefined}
                aria-current={d.id === activeId ? 'page' : undefined}
                aria-keyshortcuts="F2 Shift+F10"
                onClick={() => void openDocument(d.id)}
                onContextMenu={(e) => {
                  e.preventDefault();
                  openers.current.get(d.id)?.();
                }}
                onKeyDown={(e) => {
                  if (e.key === 'F2') {
                    e.preventDefault();
                    setRenaming(d.id);
                  } else if (e.key === 'ContextMenu' || (e.key === 'F10' && e.shiftKey)) {
                    e.preventDefault();
                    openers.current.get(d.id)?.();
                  }
                }}
              >
                <span className="doc-name">{d.name}</span>
                <span className="muted small">
                  {countOf(d.words, 'word')} · {countOf(d.codings, 'coding')}
                </span>
              </button>
            )}
            <MenuButton label={`Actions for ${d.name}`} className="doc-menu" items={itemsFor(d.id)} opener={(open) => openers.current.set(d.id, open)}>
              ⋯
            </MenuButton>
          </li>
        ))}
      </ul>
      {newSetFor !== null ? (
        <NewSetDialog
          documentId={newSetFor}
          onClose={() => {
            const id = newSetFor;
            setNewSetFor(null);
            focusRow(id);
          }}
        />
      ) : null}
    </nav>
  );
}

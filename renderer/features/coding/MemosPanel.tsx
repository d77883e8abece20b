/**
 * Memos: the project's reflexive journal, memos on the open document, and every memo in the
 * project (on codings, codes, documents, themes, cases), with a search box.
 */
import { useState } from 'react';
import type { Memo, MemoTarget } from '../../../shared/types/coding';
import { useAppStore, type AppState } from '../../store';

const selectMemos = (s: AppState) => s.memoList;
const selectHits = (s: AppState) => s.memoHits;
const selectQuery = (s: AppState) => s.memoQuery;
const selectDoc = (s: AppState) => s.activeDocument;

const KIND_LABEL: Record<Memo['target']['kind'], string> = {
  project: 'Journal',
  document: 'Document',
  code: 'Code',
  coding: 'Coding',
  theme: 'Theme',
  case: 'Participant',
};

export function MemosPanel() {
  const memos = useAppStore(selectMemos);
  const hits = useAppStore(selectHits);
  const query = useAppStore(selectQuery);
  const doc = useAppStore(selectDoc);
  const [composing, setComposing] = useState<MemoTarget | null>(null);
  const st = useAppStore.getState;
  const shown = hits ?? memos;

  return (
    <aside className="panel side-panel memos-panel" id="coding-side" aria-label="Memos">
      <header className="side-head">
        <h2 className="panel-title">Memos</h2>
        <button type="button" className="icon" aria-label="Close memos" onClick={() => st().setCodingSidePanel(null)}>
          ×
        </button>
      </header>
      <input type="search" aria-label="Search memos" placeholder="Search memos…" value={query} onChange={(e) => void st().searchMemos(e.target.value)} />
      <div className="row memo-new">
        <button type="button" onClick={() => setComposing({ kind: 'project' })}>
          New journal entry
        </button>
        {doc ? (
          <button type="button" onClick={() => setComposing({ kind: 'document', id: doc.id })}>
            Memo on this document
          </button>
        ) : null}
      </div>
      {composing ? (
        <MemoEditor
          heading={composing.kind === 'project' ? 'New journal entry' : `New memo on ${doc?.name ?? 'this document'}`}
          initial={{ title: '', body: '' }}
          onCancel={() => setComposing(null)}
          onSave={async (title, body) => {
            if (await st().createMemo(composing, body, title)) setComposing(null);
          }}
        />
      ) : null}
      <p className="muted small" role="status" data-testid="memo-count">
        {hits ? `${hits.length} memo${hits.length === 1 ? ' matches' : 's match'} “${query}”` : `${memos.length} memo${memos.length === 1 ? '' : 's'}`}
      </p>
      <ul className="memo-list" aria-label={hits ? 'Memo search results' : 'All memos'}>
        {shown.map((m) => (
          <MemoItem key={m.id} memo={m} snippet={'snippet' in m ? (m as { snippet: string }).snippet : null} />
        ))}
      </ul>
    </aside>
  );
}

function MemoItem({ memo: m, snippet }: { memo: Memo; snippet: string | null }) {
  const [editing, setEditing] = useState(false);
  const st = useAppStore.getState;
  const goTo = async () => {
    if (m.target.kind === 'coding' && m.target.documentId !== null && m.target.id !== null) await st().jumpToCoding(m.target.documentId, m.target.id);
    else if (m.target.kind === 'document' && m.target.id !== null) await st().openDocument(m.target.id);
    else if (m.target.kind === 'code' && m.target.id !== null) await st().showExtractsFor([m.target.id]);
  };
  if (editing) {
    return (
      <li className="memo">
        <MemoEditor
          heading={`Edit memo on ${m.target.label}`}
          initial={{ title: m.title, body: m.body }}
          onCancel={() => setEditing(false)}
          onSave={async (title, body) => {
            if (await st().updateMemo(m.id, { title, body })) setEditing(false);
          }}
        />
      </li>
    );
  }
  const navigable = m.target.kind === 'coding' || m.target.kind === 'document' || m.target.kind === 'code';
  return (
    <li className="memo" aria-label={`Memo on ${m.target.label}`}>
      <div className="memo-target small">
        <span className="memo-kind">{KIND_LABEL[m.target.kind]}</span>{' '}
        {navigable ? (
          <button type="button" className="link" onClick={() => void goTo()}>
            {m.target.label}
          </button>
        ) : (
          <span>{m.target.label}</span>
        )}
      </div>
      {m.title ? <strong className="memo-title">{m.title}</strong> : null}
      <p className="memo-body">{snippet ?? (m.body.length > 400 ? `${m.body.slice(0, 400)}…` : m.body)}</p>
      <div className="muted small">
        {m.coder ?? 'unknown'} · {new Date(m.updatedAt).toLocaleString()}
      </div>
      <div className="row">
        <button type="button" onClick={() => setEditing(true)}>
          Edit
        </button>
        <button type="button" className="danger" onClick={() => void st().deleteMemo(m.id)}>
          Delete
        </button>
      </div>
    </li>
  );
}

function MemoEditor({
  heading,
  initial,
  onSave,
  onCancel,
}: {
  heading: string;
  initial: { title: string; body: string };
  onSave(title: string, body: string): void | Promise<void>;
  onCancel(): void;
}) {
  const [title, setTitle] = useState(initial.title);
  const [body, setBody] = useState(initial.body);
  return (
    <form
      className="memo-editor"
      aria-label={heading}
      onSubmit={(e) => {
        e.preventDefault();
        if (body.trim() || title.trim()) void onSave(title, body);
      }}
    >
      <strong className="small">{heading}</strong>
      <input aria-label="Memo title" placeholder="Title (optional)" value={title} onChange={(e) => setTitle(e.target.value)} />
      <textarea aria-label="Memo text" rows={5} value={body} autoFocus onChange={(e) => setBody(e.target.value)} />
      <div className="row">
        <button type="submit" className="primary">
          Save memo
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

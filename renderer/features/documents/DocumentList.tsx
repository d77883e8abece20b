import { useAppStore } from '../../store';
import { countOf } from '../../../shared/domain/plural';

export function DocumentList() {
  const documents = useAppStore((s) => s.documents);
  const activeId = useAppStore((s) => s.activeDocument?.id);
  const openDocument = useAppStore((s) => s.openDocument);
  return (
    <nav className="panel documents-panel" id="coding-docs" aria-label="Documents">
      <h2 className="panel-title">Documents ({documents.length})</h2>
      {documents.length === 0 ? <p className="muted small">Import transcripts to begin.</p> : null}
      <ul className="doc-list">
        {documents.map((d) => (
          <li key={d.id}>
            <button
              type="button"
              className={d.id === activeId ? 'active' : undefined}
              aria-current={d.id === activeId ? 'page' : undefined}
              onClick={() => void openDocument(d.id)}
            >
              <span className="doc-name">{d.name}</span>
              <span className="muted small">
                {countOf(d.words, 'word')} · {countOf(d.codings, 'coding')}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** Where the analysis stands in Braun & Clarke's six phases, with what each phase still lacks. */
import { phaseStatus } from '../../../shared/themes/phases';
import { useAppStore } from '../../store';

const STATE_LABEL = { 'not-started': 'Not started', 'in-progress': 'In progress', done: 'Traces present' } as const;

export function PhaseView() {
  const facts = useAppStore((s) => s.phases);
  const markRead = useAppStore((s) => s.markDocumentRead);
  const setReportDialog = useAppStore((s) => s.setReportDialog);
  if (!facts) return <p className="muted board-loading">Loading…</p>;
  const phases = phaseStatus(facts);
  return (
    <div className="phases">
      <p className="muted phases-intro">
        The six phases are recursive, not a checklist: you move back and forth between them. This view shows the traces each phase leaves in the project.
      </p>
      <ol className="phase-list">
        {phases.map((p) => (
          <li key={p.number} className={`phase ${p.state}`} aria-label={`Phase ${p.number}: ${p.title}`}>
            <div className="phase-head">
              <span className="phase-number" aria-hidden="true">
                {p.number}
              </span>
              <h3>{p.title}</h3>
              <span className={`phase-state ${p.state}`}>{STATE_LABEL[p.state]}</span>
            </div>
            <p className="phase-summary">{p.summary}</p>
            {p.number === 1 ? (
              <table className="phase-docs">
                <thead>
                  <tr>
                    <th scope="col">Document</th>
                    <th scope="col">Read</th>
                    <th scope="col">Familiarisation notes</th>
                    <th scope="col">Codings</th>
                  </tr>
                </thead>
                <tbody>
                  {facts.documents.map((d) => (
                    <tr key={d.id}>
                      <td>{d.name}</td>
                      <td>
                        <input type="checkbox" checked={d.read} aria-label={`${d.name} read`} onChange={(e) => void markRead(d.id, e.target.checked)} />
                      </td>
                      <td className="small">{d.notes.length ? d.notes.map((n) => n.title || n.body.slice(0, 80)).join('; ') : <span className="muted">none yet</span>}</td>
                      <td>{d.codings}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <ul className="phase-items">
                {p.items
                  .filter((i) => !i.ok && i.names && i.names.length)
                  .map((i) => (
                    <li key={i.label}>
                      <span className="muted">{i.label}:</span> {i.names!.join(', ')}
                    </li>
                  ))}
              </ul>
            )}
            {p.number === 6 ? (
              <button type="button" onClick={() => setReportDialog(true)}>
                Export report…
              </button>
            ) : null}
          </li>
        ))}
      </ol>
    </div>
  );
}

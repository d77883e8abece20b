import { useState } from 'react';
import { FileDialog } from '../../components/FileDialog';
import { useAppStore } from '../../store';
import { CoderNameForm, CoderViewSelect } from './CoderBar';
import { fmtCount } from './format';

/** The project's coders, who is coding here, and whose codings the document shows. */
export function CodersPanel() {
  const coders = useAppStore((s) => s.coders);
  const identity = useAppStore((s) => s.identity);
  const project = useAppStore((s) => s.project);
  const exportCoderSet = useAppStore((s) => s.exportCoderSet);
  const [exporting, setExporting] = useState<{ id: number; name: string } | null>(null);

  return (
    <section aria-label="Coders">
      <h2>Coders</h2>
      <p className="team-note">
        Every coding records who made it. The name below is remembered on this computer; codings you make from now on are recorded under it.
      </p>
      <div className="team-controls">
        <CoderNameForm />
      </div>
      <div className="team-controls">
        <label>
          Show in the document
          <CoderViewSelect />
        </label>
      </div>
      <table className="team-table" aria-label="Coders of this project">
        <thead>
          <tr>
            <th>Coder</th>
            <th className="num">Codings</th>
            <th className="num">Documents</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {coders.map((c) => (
            <tr key={c.id} data-coder={c.name}>
              <td>
                {c.name}
                {c.isMe ? <span className="team-tag">you</span> : null}
                {c.isConsensus ? <span className="team-tag">consensus</span> : null}
              </td>
              <td className="num">{fmtCount(c.codings)}</td>
              <td className="num">{fmtCount(c.documents)}</td>
              <td>
                <button type="button" disabled={c.codings === 0} onClick={() => setExporting({ id: c.id, name: c.name })} aria-label={`Save ${c.name}’s codings as a project`}>
                  Save as project…
                </button>
              </td>
            </tr>
          ))}
          {coders.length === 0 ? (
            <tr>
              <td colSpan={4} className="muted">
                Nobody has coded in this project yet{identity ? `; your codings will be recorded as ${identity.name}` : ''}.
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
      <p className="team-note">“Save as project” writes a copy of this project that holds only that coder’s codings — for a consensus set, a project ready for themes and reports.</p>
      {exporting ? (
        <FileDialog
          title={`Save ${exporting.name}’s codings as a project`}
          mode="save"
          confirmLabel="Save"
          extensions={['weft']}
          initialName={`${project?.name ?? 'Project'} - ${exporting.name}.weft`}
          onCancel={() => setExporting(null)}
          onConfirm={([path]) => {
            const target = exporting;
            setExporting(null);
            if (path) void exportCoderSet(target.id, path);
          }}
        />
      ) : null}
    </section>
  );
}

import { useState } from 'react';
import { host, nativeDialogs } from '../../browser/host';
import { FileDialog } from '../../components/FileDialog';
import { useAppStore } from '../../store';
import { ImportProjectDialog } from '../exchange/ImportProjectDialog';

type DialogKind = 'new' | 'open' | 'import-qdpx' | null;

export function WelcomeScreen() {
  const recent = useAppStore((s) => s.recent);
  const createProject = useAppStore((s) => s.createProject);
  const openProject = useAppStore((s) => s.openProject);
  const openSample = useAppStore((s) => s.openSample);
  const openTeamServer = useAppStore((s) => s.openTeamServer);
  const [dialog, setDialog] = useState<DialogKind>(null);

  const startNew = () => setDialog('new');
  const startOpen = () => setDialog('open');

  return (
    <main className="welcome">
      <div className="welcome-card">
        <h1>Weft</h1>
        <p className="tagline">Qualitative thematic analysis — offline, exact, yours.</p>
        <div className="welcome-actions">
          <button type="button" className="primary" onClick={startNew}>
            New project…
          </button>
          <button type="button" onClick={startOpen}>
            Open project…
          </button>
          <button type="button" onClick={() => void openSample()}>
            Open the sample project
          </button>
          <button type="button" onClick={() => setDialog('import-qdpx')}>
            Import REFI-QDA project (.qdpx)…
          </button>
          <button type="button" onClick={openTeamServer}>
            Join a team project…
          </button>
        </div>
        <section aria-labelledby="recent-heading">
          <h2 id="recent-heading">Recent projects</h2>
          {recent.length === 0 ? (
            <p className="muted">Projects you open will be listed here.</p>
          ) : (
            <ul className="recent-list">
              {recent.map((r) => (
                <li key={r.path}>
                  <button type="button" disabled={!r.exists} onClick={() => void openProject(r.path)} title={r.path}>
                    <strong>{r.name}</strong>
                    <span className="muted">{r.exists ? r.path : `${r.path} (missing)`}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </section>
        {host === 'browser' ? (
          <p className="muted small">Browser mode: Weft is served from this computer only (127.0.0.1).</p>
        ) : null}
      </div>
      {dialog === 'new' ? (
        <FileDialog
          title="New project"
          mode="save"
          confirmLabel="Create project"
          extensions={['weft']}
          initialName="My study.weft"
          native={nativeDialogs ? async (name) => ((await nativeDialogs!.saveProject(name)) ?? null) : undefined}
          onCancel={() => setDialog(null)}
          onConfirm={async ([p]) => {
            // a path that cannot be a new project (a folder, a missing folder) is said inside the dialog
            let problem: string | null = null;
            if (p && (await createProject(p, (message) => (problem = message)))) setDialog(null);
            return problem;
          }}
        />
      ) : null}
      {dialog === 'open' ? (
        <FileDialog
          title="Open project"
          mode="open"
          confirmLabel="Open"
          extensions={['weft']}
          native={nativeDialogs ? async () => ((await nativeDialogs!.openProject()) ?? null) : undefined}
          onCancel={() => setDialog(null)}
          onConfirm={async ([p]) => {
            if (p && (await openProject(p))) setDialog(null);
          }}
        />
      ) : null}
      {dialog === 'import-qdpx' ? <ImportProjectDialog onClose={() => setDialog(null)} /> : null}
    </main>
  );
}

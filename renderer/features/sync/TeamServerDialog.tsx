/**
 * Team server…: sign in (server address, user, password), publish the open project, or join a
 * project (downloaded into a new project file). The password goes to the backend once and is not
 * kept; the backend keeps a token on this machine, never in the project file.
 */
import { useRef, useState } from 'react';
import { NOT_UNDOABLE } from '../../../shared/api/not-undoable';
import { Modal } from '../../components/Modal';
import { confirmAction } from '../../components/ConfirmDialog';
import { FileDialog } from '../../components/FileDialog';
import { nativeDialogs } from '../../browser/host';
import { useAppStore } from '../../store';
import type { ServerProject } from '../../../shared/sync/status';
import './sync.css';

export function TeamServerDialog() {
  const open = useAppStore((s) => s.teamServerOpen);
  return open ? <TeamServerForm /> : null;
}

function TeamServerForm() {
  const project = useAppStore((s) => s.project);
  const status = useAppStore((s) => s.syncStatus);
  const busy = useAppStore((s) => s.syncBusy);
  const projects = useAppStore((s) => s.serverProjects);
  const close = useAppStore((s) => s.closeTeamServer);
  const signIn = useAppStore((s) => s.syncSignIn);
  const signOut = useAppStore((s) => s.syncSignOut);
  const publish = useAppStore((s) => s.publishProject);
  const listProjects = useAppStore((s) => s.loadServerProjects);
  const joinProject = useAppStore((s) => s.joinProject);
  const setAuto = useAppStore((s) => s.setSyncAuto);
  const syncNow = useAppStore((s) => s.syncNow);
  const setMember = useAppStore((s) => s.setSyncMember);
  const [member, setMemberName] = useState('');
  const [memberRole, setMemberRole] = useState<'coder' | 'viewer' | 'owner'>('coder');
  const [serverUrl, setServerUrl] = useState(status.serverUrl ?? '');
  const [user, setUser] = useState(status.user ?? '');
  const [password, setPassword] = useState('');
  const [joining, setJoining] = useState<ServerProject | null>(null);
  const firstRef = useRef<HTMLInputElement>(null);
  const linked = status.linked && !!project;

  /** Signs in first when a password was typed (then forgets it); true when ready to go on. */
  const signedIn = async (): Promise<boolean> => {
    if (!password) return true;
    const ok = await signIn(serverUrl, user, password);
    if (ok) setPassword('');
    return ok;
  };

  return (
    <>
      <Modal title="Team server" onClose={close} busy={busy} initialFocus={firstRef} className="team-server-dialog">
        <p className="muted">
          Everyone keeps coding in their own project file, also offline; a team server passes the changes between you. Your password is sent to the server once; this computer keeps a sign-in token for it, never the project file.
        </p>
        <form
          className="team-server-form"
          onSubmit={(e) => {
            e.preventDefault();
            void signedIn();
          }}
        >
          <label htmlFor="team-server-url">Server address</label>
          <input id="team-server-url" ref={firstRef} type="url" value={serverUrl} placeholder="https://weft.example.org" disabled={linked} onChange={(e) => setServerUrl(e.target.value)} />
          <label htmlFor="team-server-user">User name</label>
          <input id="team-server-user" value={user} autoComplete="username" onChange={(e) => setUser(e.target.value)} />
          <label htmlFor="team-server-password">Password</label>
          <input id="team-server-password" type="password" value={password} autoComplete="current-password" onChange={(e) => setPassword(e.target.value)} />
          <span />
          <span>
            <button type="submit" disabled={busy || !serverUrl || !user || !password}>
              Sign in
            </button>{' '}
            {linked && status.user ? (
              <button type="button" disabled={busy} onClick={() => void signOut(serverUrl)}>
                Sign out
              </button>
            ) : null}
          </span>
        </form>

        {linked ? (
          <section className="team-server-section" aria-labelledby="team-server-synced">
            <h3 id="team-server-synced">This project syncs</h3>
            <p>
              With {status.serverUrl}
              {status.user ? `, signed in as ${status.user}` : ' (signed out: sign in to sync)'}.
            </p>
            <label>
              <input type="checkbox" checked={status.auto} disabled={busy} onChange={(e) => void setAuto(e.target.checked)} /> Sync automatically while online
            </label>{' '}
            <button
              type="button"
              disabled={busy || !status.user}
              onClick={() => {
                void (async () => {
                  if (useAppStore.getState().undoState.canUndo && !(await confirmAction({ title: 'Sync now?', message: NOT_UNDOABLE.syncNow, confirmLabel: 'Sync now' }))) return;
                  await syncNow();
                })();
              }}
            >
              Sync now
            </button>
            <form
              className="team-server-form team-server-section"
              aria-label="Add a member"
              onSubmit={(e) => {
                e.preventDefault();
                void setMember(member.trim(), memberRole).then((ok) => ok && setMemberName(''));
              }}
            >
              <label htmlFor="team-server-member">Add a member (owners)</label>
              <input id="team-server-member" value={member} placeholder="their user name on the server" onChange={(e) => setMemberName(e.target.value)} />
              <label htmlFor="team-server-role">Role</label>
              <select id="team-server-role" value={memberRole} onChange={(e) => setMemberRole(e.target.value as 'coder' | 'viewer' | 'owner')}>
                <option value="coder">Coder (codes and edits)</option>
                <option value="viewer">Viewer (reads only)</option>
                <option value="owner">Owner (also adds members)</option>
              </select>
              <span />
              <span>
                <button type="submit" disabled={busy || !member.trim() || !status.user}>
                  Add member
                </button>
              </span>
            </form>
          </section>
        ) : project ? (
          <section className="team-server-section" aria-labelledby="team-server-publish">
            <h3 id="team-server-publish">Publish this project</h3>
            <p className="muted">“{project.name}” goes to the server with you as its owner; add your team there, and they join it.</p>
            <button
              type="button"
              className="primary"
              disabled={busy || !serverUrl}
              onClick={() => {
                void (async () => {
                  if (!(await confirmAction({ title: `Publish “${project.name}”?`, message: NOT_UNDOABLE.syncPublish, confirmLabel: 'Publish' }))) return;
                  if (await signedIn()) await publish(serverUrl);
                })();
              }}
            >
              Publish this project
            </button>
          </section>
        ) : null}

        <section className="team-server-section" aria-labelledby="team-server-join">
          <h3 id="team-server-join">Join a project</h3>
          <p className="muted">Downloads a project on the server into a new project file on this computer, which then syncs.</p>
          <button
            type="button"
            disabled={busy || !serverUrl}
            onClick={() => {
              void (async () => {
                if (await signedIn()) await listProjects(serverUrl);
              })();
            }}
          >
            List projects on the server
          </button>
          {projects !== null ? (
            projects.length === 0 ? (
              <p>No projects on this server for you yet: ask a project’s owner to add you.</p>
            ) : (
              <ul className="team-server-projects" aria-label="Projects on the server">
                {projects.map((p) => (
                  <li key={p.guid}>
                    <span>
                      <strong>{p.name}</strong> <span className="muted small">({p.role})</span>
                    </span>
                    <button type="button" disabled={busy} aria-label={`Join ${p.name}`} onClick={() => setJoining(p)}>
                      Join…
                    </button>
                  </li>
                ))}
              </ul>
            )
          ) : null}
        </section>
        <div className="modal-actions">
          <button type="button" onClick={close} disabled={busy}>
            Close
          </button>
        </div>
      </Modal>
      {joining ? (
        <FileDialog
          title={`Save “${joining.name}” as`}
          mode="save"
          confirmLabel="Join"
          extensions={['weft']}
          initialName={`${joining.name}.weft`}
          native={nativeDialogs ? async (name) => ((await nativeDialogs!.saveProject(name)) ?? null) : undefined}
          onCancel={() => setJoining(null)}
          onConfirm={async ([p]) => {
            if (p && (await joinProject(serverUrl, joining.guid, p))) setJoining(null);
          }}
        />
      ) : null}
    </>
  );
}

/**
 * In the top bar: who is coding (asked on first run, remembered per machine) and whose codings
 * the document shows. It sits inline and never blocks the workspace.
 */
import { useEffect, useState } from 'react';
import { useAppStore } from '../../store';
import type { CoderView } from '../../store/team';
import './team.css';

/** The value of the "Show codings" select for a view. */
export function viewValue(v: CoderView): string {
  switch (v.mode) {
    case 'all':
      return 'all';
    case 'mine':
      return 'mine';
    case 'one':
      return `one:${v.coderId}`;
    case 'pair':
      return `pair:${v.coderIds[0]}:${v.coderIds[1]}`;
  }
}

export function parseViewValue(value: string): CoderView {
  const [mode, a, b] = value.split(':');
  if (mode === 'one') return { mode: 'one', coderId: Number(a) };
  if (mode === 'pair') return { mode: 'pair', coderIds: [Number(a), Number(b)] };
  return mode === 'mine' ? { mode: 'mine' } : { mode: 'all' };
}

/** Select options for every way of showing coders' codings. */
export function CoderViewOptions() {
  const coders = useAppStore((s) => s.coders);
  const pairs: [number, number, string][] = [];
  for (let i = 0; i < coders.length; i++) for (let j = i + 1; j < coders.length; j++) pairs.push([coders[i]!.id, coders[j]!.id, `${coders[i]!.name} + ${coders[j]!.name}`]);
  return (
    <>
      <option value="all">All coders</option>
      <option value="mine">Only mine</option>
      {coders.map((c) => (
        <option key={c.id} value={`one:${c.id}`}>
          Only {c.name}
        </option>
      ))}
      {pairs.map(([a, b, label]) => (
        <option key={`${a}:${b}`} value={`pair:${a}:${b}`}>
          {label}
        </option>
      ))}
    </>
  );
}

export function CoderViewSelect({ id }: { id?: string }) {
  const coderView = useAppStore((s) => s.coderView);
  const identity = useAppStore((s) => s.identity);
  const setCoderView = useAppStore((s) => s.setCoderView);
  const setCoder = useAppStore((s) => s.setCoder);
  const loadTeam = useAppStore((s) => s.loadTeam);
  return (
    <select
      id={id}
      aria-label="Show codings of"
      value={viewValue(coderView)}
      onFocus={() => void loadTeam()}
      onChange={async (e) => {
        const view = parseViewValue(e.target.value);
        // "Only mine" needs my coder in the project even before my first coding.
        if (view.mode === 'mine' && identity && identity.coderId === null) await setCoder(identity.name);
        setCoderView(view);
      }}
    >
      <CoderViewOptions />
    </select>
  );
}

export function CoderNameForm({ onDone, autoFocus = false }: { onDone?: () => void; autoFocus?: boolean }) {
  const identity = useAppStore((s) => s.identity);
  const setCoder = useAppStore((s) => s.setCoder);
  const [name, setName] = useState(identity?.name ?? '');
  useEffect(() => setName(identity?.name ?? ''), [identity?.name]);
  return (
    <form
      className="coder-form"
      onSubmit={async (e) => {
        e.preventDefault();
        if (name.trim() && (await setCoder(name.trim()))) onDone?.();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && onDone) onDone();
      }}
    >
      <label>
        <span>Who is coding?</span>
        <input value={name} onChange={(e) => setName(e.target.value)} aria-label="Who is coding" autoFocus={autoFocus} maxLength={100} />
      </label>
      <button type="submit" disabled={!name.trim()}>
        {identity?.confirmed ? 'Switch' : 'That’s me'}
      </button>
      {onDone && identity?.confirmed ? (
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      ) : null}
    </form>
  );
}

export function CoderBar() {
  const identity = useAppStore((s) => s.identity);
  const projectPath = useAppStore((s) => s.project?.path);
  const resetTeam = useAppStore((s) => s.resetTeam);
  const loadTeam = useAppStore((s) => s.loadTeam);
  const [editing, setEditing] = useState(false);

  useEffect(() => {
    resetTeam();
    void loadTeam();
  }, [projectPath, resetTeam, loadTeam]);

  if (!identity) return null;
  return (
    <div className={`coder-bar${identity.confirmed ? '' : ' first-run'}`}>
      {!identity.confirmed || editing ? (
        <CoderNameForm onDone={identity.confirmed ? () => setEditing(false) : undefined} autoFocus={editing} />
      ) : (
        <button type="button" className="coder-chip" onClick={() => setEditing(true)} title="Change who is coding" aria-label={`Coding as ${identity.name} (change)`}>
          Coding as <strong>{identity.name}</strong>
        </button>
      )}
      <CoderViewSelect />
    </div>
  );
}

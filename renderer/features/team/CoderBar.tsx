/**
 * In the top bar: who is coding (asked on first run, remembered per machine) and whose codings
 * the document shows. It sits inline and never blocks the workspace.
 */
import { useEffect, useRef, useState } from 'react';
import { useAppStore } from '../../store';
import type { CoderView } from '../../store/team';
import './team.css';
import { useSyncedState } from '../../components/useSyncedState';

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
        // "Only mine" needs my coder in the project even before my first coding (once I have said who I am).
        if (view.mode === 'mine' && identity?.confirmed && identity.coderId === null) await setCoder(identity.name);
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
  // before the first answer the field is empty: the provisional “me” is not a name to confirm
  const [name, setName] = useSyncedState(identity?.confirmed ? identity.name : '');
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

/** A short description of whose codings show, for the chip. */
function viewLabel(view: CoderView, coders: { id: number; name: string }[]): string | null {
  const name = (id: number) => coders.find((c) => c.id === id)?.name ?? '?';
  switch (view.mode) {
    case 'all':
      return null;
    case 'mine':
      return 'only mine';
    case 'one':
      return `only ${name(view.coderId)}`;
    case 'pair':
      return `${name(view.coderIds[0])} + ${name(view.coderIds[1])}`;
  }
}

/**
 * A compact chip in the top bar. Until the researcher has said who is coding it reads
 * “Who is coding?” (highlighted); it opens a small panel with the name and the coder filter.
 * It never covers the workspace unless opened.
 */
export function CoderBar() {
  const identity = useAppStore((s) => s.identity);
  const coders = useAppStore((s) => s.coders);
  const coderView = useAppStore((s) => s.coderView);
  const projectPath = useAppStore((s) => s.project?.path);
  const resetTeam = useAppStore((s) => s.resetTeam);
  const loadTeam = useAppStore((s) => s.loadTeam);
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  const chipRef = useRef<HTMLButtonElement>(null);
  /** Closes the panel from inside it: focus goes back to the chip, not to the page's start. */
  const closeToChip = () => {
    setOpen(false);
    chipRef.current?.focus();
  };

  useEffect(() => {
    resetTeam();
    // after the project's first screen: the transcript does not wait for the team's lists
    let gone = false;
    void useAppStore
      .getState()
      .whenProjectShown()
      .then(() => (gone ? undefined : loadTeam()));
    return () => {
      gone = true;
    };
  }, [projectPath, resetTeam, loadTeam]);
  useEffect(() => {
    if (!open) return;
    const onDown = (e: PointerEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node)) setOpen(false);
    };
    window.addEventListener('pointerdown', onDown);
    return () => window.removeEventListener('pointerdown', onDown);
  }, [open]);

  if (!identity) return null;
  const filter = viewLabel(coderView, coders);
  return (
    <div className="coder-bar" ref={ref}>
      <button
        ref={chipRef}
        type="button"
        className={`coder-chip${identity.confirmed ? '' : ' first-run'}`}
        aria-expanded={open}
        aria-label={identity.confirmed ? `Coding as ${identity.name} (change)` : 'Who is coding?'}
        title={identity.confirmed ? `Codings are recorded as ${identity.name}. Change who is coding, or whose codings show.` : 'Tell Weft who is coding on this computer'}
        onClick={() => setOpen(!open)}
      >
        {identity.confirmed ? (
          <>
            <span className="muted">Coder</span> <strong>{identity.name}</strong>
          </>
        ) : (
          'Who is coding?'
        )}
        {filter ? <span className="coder-filter"> · {filter}</span> : null} ▾
      </button>
      {open ? (
        <div
          className="coder-popover"
          role="dialog"
          aria-label="Coder"
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.stopPropagation();
              closeToChip();
            }
          }}
        >
          <CoderNameForm onDone={closeToChip} autoFocus />
          <label className="coder-popover-row">
            <span>Show codings of</span>
            <CoderViewSelect />
          </label>
        </div>
      ) : null}
    </div>
  );
}

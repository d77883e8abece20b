/**
 * The quick-code palette (Ctrl/⌘+K): fuzzy search over code paths; Enter applies the highlighted
 * code to the selection; typing a name that does not exist offers “Create and apply”.
 * A name with slashes ("Parent/New") creates the new code under that parent; parents that do not
 * exist yet are created too (parent first, one undo step), and the option says which.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { Modal } from '../../components/Modal';
import { useAppStore, type AppState } from '../../store';
import { flattenTree, type TreeRow } from '../codebook/tree';
import { fuzzyFilter } from './fuzzy';

const selectOpen = (s: AppState) => s.paletteOpen;

export function QuickCodePalette() {
  const open = useAppStore(selectOpen);
  return open ? <Palette /> : null;
}

type Option =
  | { kind: 'code'; id: number; path: string; color: string; matches: number[] }
  /** `parentPath`: the existing parent's path; `newParents`: parents below it to create first. */
  | { kind: 'create'; name: string; parentId: number | null; parentPath: string | null; newParents: string[] };

const selectCodes = (s: AppState) => s.codes;
const selectRecent = (s: AppState) => s.recentCodeIds;
const selectSelection = (s: AppState) => s.selection;

function Highlighted({ text, matches }: { text: string; matches: number[] }) {
  if (!matches.length) return <>{text}</>;
  const set = new Set(matches);
  const parts: React.ReactNode[] = [];
  let buf = '';
  let inMatch = false;
  const flush = (k: number) => {
    if (!buf) return;
    parts.push(inMatch ? <mark key={k}>{buf}</mark> : <span key={k}>{buf}</span>);
    buf = '';
  };
  for (let i = 0; i < text.length; i++) {
    const m = set.has(i);
    if (m !== inMatch) {
      flush(i);
      inMatch = m;
    }
    buf += text[i];
  }
  flush(text.length);
  return <>{parts}</>;
}

/**
 * What typing `q` would create: the last name after a “/” under the parents before it. The longest
 * existing prefix of those parents (matched ignoring case) is reused; the rest are new.
 */
function createOption(q: string, rows: readonly TreeRow[]): Option | null {
  const segments = q.split('/').map((p) => p.trim());
  const name = segments.pop() ?? '';
  if (!name || segments.some((p) => !p)) return null;
  let parent: TreeRow | null = null;
  let known = 0;
  for (; known < segments.length; known++) {
    const path = segments.slice(0, known + 1).join('/').toLocaleLowerCase();
    const next = rows.find((r) => r.path.toLocaleLowerCase() === path);
    if (!next) break;
    parent = next;
  }
  const newParents = segments.slice(known);
  const parentId = parent?.code.id ?? null;
  const exists = !newParents.length && rows.some((r) => r.code.name.toLocaleLowerCase() === name.toLocaleLowerCase() && r.code.parentId === parentId);
  return exists ? null : { kind: 'create', name, parentId, parentPath: parent?.path ?? null, newParents };
}

function createLabel(o: Extract<Option, { kind: 'create' }>): string {
  if (!o.newParents.length) return `Create and apply “${o.name}”${o.parentPath ? ` under ${o.parentPath}` : ''}`;
  const parents = [...(o.parentPath ? [o.parentPath] : []), ...o.newParents].join('/');
  const news = o.newParents.map((p) => `“${p}”`).join(', ');
  return `Create “${o.name}” under ${parents} (new parent ${news}) and apply`;
}

/** Why nothing can be created from `q` (only a name with an empty part between slashes gets here). */
function noMatchHelp(q: string): string {
  return q.split('/').some((p) => !p.trim())
    ? 'A code path needs a name on each side of every “/”, e.g. Parent/Child.'
    : 'No code matches.';
}

function Palette() {
  const codes = useAppStore(selectCodes);
  const recent = useAppStore(selectRecent);
  const selection = useAppStore(selectSelection);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const inputRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const returnFocus = useRef<Element | null>(document.activeElement);

  const rows = useMemo(() => flattenTree(codes), [codes]);
  const options = useMemo((): Option[] => {
    const q = query.trim();
    let list: Option[];
    if (!q) {
      const rank = new Map(recent.map((id, i) => [id, i]));
      list = [...rows]
        .sort((a, b) => (rank.get(a.code.id) ?? 1e9) - (rank.get(b.code.id) ?? 1e9))
        .map((r) => ({ kind: 'code' as const, id: r.code.id, path: r.path, color: r.code.color, matches: [] }));
    } else {
      list = fuzzyFilter(q, rows, (r) => r.path).map((h) => ({ kind: 'code' as const, id: h.item.code.id, path: h.item.path, color: h.item.code.color, matches: h.matches }));
    }
    if (q) {
      const create = createOption(q, rows);
      if (create) list = [...list, create];
    }
    return list.slice(0, 60);
  }, [query, rows, recent]);

  useEffect(() => {
    inputRef.current?.focus();
    const back = returnFocus.current;
    return () => {
      if (back instanceof HTMLElement && back.isConnected) back.focus();
    };
  }, []);
  useEffect(() => {
    listRef.current?.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  const close = () => useAppStore.getState().closePalette();
  const choose = async (opt: Option | undefined) => {
    if (!opt) return;
    const st = useAppStore.getState();
    if (!st.selection) {
      st.notify('info', 'Select some text first', 'Select a passage in the transcript, then press Ctrl+K to code it.');
      return;
    }
    close();
    if (opt.kind === 'code') await st.applyCode(opt.id);
    else await st.applyNamedCode(opt.name, { parentId: opt.parentId, parentPath: opt.newParents });
  };

  return (
    <Modal label="Quick code" onClose={close} closeOnBackdrop initialFocus={inputRef} className="palette">
        <input
          ref={inputRef}
          role="combobox"
          aria-label="Code name"
          aria-expanded="true"
          aria-controls="palette-options"
          aria-activedescendant={options[active] ? `palette-opt-${active}` : undefined}
          placeholder="Search codes, or type a new name…"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
          }}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') {
              e.preventDefault();
              setActive((a) => Math.min(options.length - 1, a + 1));
            } else if (e.key === 'ArrowUp') {
              e.preventDefault();
              setActive((a) => Math.max(0, a - 1));
            } else if (e.key === 'Enter') {
              e.preventDefault();
              void choose(options[active]);
            } else if (e.key === 'Escape') {
              e.preventDefault();
              close();
            }
          }}
        />
        <p className="palette-target muted small">
          {selection ? (
            <>
              Apply to “{selection.text.length > 80 ? `${selection.text.slice(0, 80)}…` : selection.text}”
            </>
          ) : (
            'Nothing is selected: select a passage first.'
          )}
        </p>
        <ul className="palette-options" id="palette-options" role="listbox" aria-label="Codes" ref={listRef}>
          {options.map((o, i) => (
            <li
              key={o.kind === 'code' ? o.id : `create-${o.name}`}
              id={`palette-opt-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : undefined}
              onMouseEnter={() => setActive(i)}
              onMouseDown={(e) => {
                e.preventDefault();
                void choose(o);
              }}
            >
              {o.kind === 'code' ? (
                <>
                  <span className="swatch" style={{ background: o.color }} aria-hidden="true" />
                  <span className="palette-path">
                    <Highlighted text={o.path} matches={o.matches} />
                  </span>
                  {recent.indexOf(o.id) >= 0 ? <kbd className="muted">{recent.indexOf(o.id) + 1}</kbd> : null}
                </>
              ) : (
                <span className="palette-create">{createLabel(o)}</span>
              )}
            </li>
          ))}
          {options.length === 0 ? (
            <li className="muted small">
              {codes.length === 0 ? 'No codes yet: type a name to create one.' : query.trim() ? noMatchHelp(query) : 'Type to search the codes.'}
            </li>
          ) : null}
        </ul>
        <p className="muted small palette-help">↑↓ choose · Enter apply · Esc close</p>
    </Modal>
  );
}

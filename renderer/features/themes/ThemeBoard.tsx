/**
 * The theme board: the "not yet themed" bin and one column per theme, sub-themes nested inside.
 * Codes move by drag and drop (hold Ctrl/Alt/⌘ while dropping to add a code without taking it
 * off its theme) or from the keyboard with each card's "Move to theme…" menu.
 */
import { useLayoutEffect, useRef, useState } from 'react';
import { flattenThemes } from '../../../shared/themes/tree';
import { THEME_STATUSES, type ThemeCode, type ThemeNode, type ThemeStatus } from '../../../shared/types/themes';
import { useAppStore } from '../../store';
import { confirmAction } from '../../components/ConfirmDialog';
import { MenuButton, type MenuItem } from '../../components/Menu';
import { MergeDialog, SplitDialog } from './ThemeDialogs';
import { useSyncedState } from '../../components/useSyncedState';

const CODE_TYPE = 'application/x-weft-code';
const THEME_TYPE = 'application/x-weft-theme';

interface DragCode {
  codeId: number;
  from: number | null;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Drop handling shared by theme cards and the bin. */
function useDropTarget(themeId: number | null) {
  const moveCode = useAppStore((s) => s.moveCode);
  const addCodeToTheme = useAppStore((s) => s.addCodeToTheme);
  const moveTheme = useAppStore((s) => s.moveTheme);
  const [over, setOver] = useState(false);
  return {
    over,
    props: {
      onDragOver(e: React.DragEvent) {
        const types = e.dataTransfer.types;
        if (types.includes(CODE_TYPE) || (themeId !== null && types.includes(THEME_TYPE))) {
          e.preventDefault();
          e.stopPropagation();
          e.dataTransfer.dropEffect = e.ctrlKey || e.altKey || e.metaKey ? 'copy' : 'move';
          setOver(true);
        }
      },
      onDragLeave(e: React.DragEvent) {
        if (!(e.currentTarget as Node).contains(e.relatedTarget as Node)) setOver(false);
      },
      onDrop(e: React.DragEvent) {
        setOver(false);
        const code = e.dataTransfer.getData(CODE_TYPE);
        const theme = e.dataTransfer.getData(THEME_TYPE);
        if (!code && !theme) return;
        e.preventDefault();
        e.stopPropagation();
        if (code) {
          const { codeId, from } = JSON.parse(code) as DragCode;
          if (themeId !== null && (e.ctrlKey || e.altKey || e.metaKey)) void addCodeToTheme(codeId, themeId);
          else if (from !== themeId) void moveCode(codeId, from, themeId);
        } else if (themeId !== null && Number(theme) !== themeId) {
          void moveTheme(Number(theme), themeId);
        }
      },
    },
  };
}

function CodeCard({ code, from, themes }: { code: ThemeCode; from: number | null; themes: ThemeNode[] }) {
  const selected = useAppStore((s) => s.selectedCodes.includes(code.id));
  const toggle = useAppStore((s) => s.toggleCodeSelection);
  const moveCode = useAppStore((s) => s.moveCode);
  const addCodeToTheme = useAppStore((s) => s.addCodeToTheme);
  const all = flattenThemes(themes);
  const items: MenuItem[] = [
    { label: 'Move to', heading: true, onSelect() {} },
    ...all.map(({ theme, depth }) => ({
      label: theme.name,
      depth,
      disabled: theme.id === from,
      onSelect: () => void moveCode(code.id, from, theme.id),
    })),
    ...(from !== null ? [{ label: 'Not yet themed', onSelect: () => void moveCode(code.id, from, null) }] : []),
    { label: 'Also add to (keep it here too)', heading: true, onSelect() {} },
    ...all
      .filter(({ theme }) => theme.id !== from && !theme.codes.some((c) => c.id === code.id))
      .map(({ theme, depth }) => ({ label: `+ ${theme.name}`, depth, onSelect: () => void addCodeToTheme(code.id, theme.id) })),
  ];
  return (
    <li
      className={`code-card${selected ? ' selected' : ''}`}
      data-code={code.path}
      draggable
      onDragStart={(e) => {
        e.dataTransfer.setData(CODE_TYPE, JSON.stringify({ codeId: code.id, from } satisfies DragCode));
        e.dataTransfer.setData('text/plain', code.path);
        e.dataTransfer.effectAllowed = 'copyMove';
      }}
    >
      <input type="checkbox" checked={selected} onChange={() => toggle(code.id)} aria-label={`Select code ${code.path}`} />
      <span className="swatch" style={{ background: code.color }} aria-hidden="true" />
      <span className="code-card-name" title={[code.path, code.definition].filter(Boolean).join(' — ')}>
        {code.name}
      </span>
      <span className="muted small" title={`${plural(code.codings, 'extract')} in ${plural(code.documents, 'document')}`}>
        {code.codings}
      </span>
      <MenuButton label={`Move ${code.path} to theme…`} title="Move to theme…" items={items} className="icon-button">
        ⇄
      </MenuButton>
    </li>
  );
}

function DefinitionField({ theme }: { theme: ThemeNode }) {
  const updateTheme = useAppStore((s) => s.updateTheme);
  const [value, setValue] = useSyncedState(theme.definition);
  const ref = useRef<HTMLTextAreaElement>(null);
  // grow with the text, so a definition is read whole
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${el.scrollHeight + 2}px`;
  }, [value]);
  const save = () => {
    if (value !== theme.definition) void updateTheme(theme.id, { definition: value });
  };
  return (
    <textarea
      ref={ref}
      className="theme-definition"
      aria-label={`Definition of ${theme.name}`}
      placeholder="What is this theme about? Its central organising concept…"
      value={value}
      rows={2}
      onChange={(e) => setValue(e.target.value)}
      onBlur={save}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          save();
        } else if (e.key === 'Escape') setValue(theme.definition);
      }}
    />
  );
}

function NameField({ theme }: { theme: ThemeNode }) {
  const updateTheme = useAppStore((s) => s.updateTheme);
  const [value, setValue] = useSyncedState(theme.name);
  const save = async () => {
    const name = value.trim();
    if (!name) setValue(theme.name);
    else if (name !== theme.name && !(await updateTheme(theme.id, { name }))) setValue(theme.name);
  };
  return (
    // a one-line field that wraps (grows with its text), so a long name is never clipped
    <textarea
      className="theme-name"
      rows={1}
      aria-label={`Name of theme ${theme.name}`}
      value={value}
      onChange={(e) => setValue(e.target.value.replace(/[\r\n]+/g, ' '))}
      onBlur={() => void save()}
      onKeyDown={(e) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          (e.target as HTMLTextAreaElement).blur();
        } else if (e.key === 'Escape') setValue(theme.name);
      }}
    />
  );
}

function ThemeCard({ theme, themes, depth, onMerge, onSplit }: { theme: ThemeNode; themes: ThemeNode[]; depth: number; onMerge(t: ThemeNode): void; onSplit(t: ThemeNode): void }) {
  const updateTheme = useAppStore((s) => s.updateTheme);
  const deleteTheme = useAppStore((s) => s.deleteTheme);
  const createTheme = useAppStore((s) => s.createTheme);
  const moveTheme = useAppStore((s) => s.moveTheme);
  const openReview = useAppStore((s) => s.openReview);
  const setTab = useAppStore((s) => s.setThemesTab);
  const drop = useDropTarget(theme.id);
  const [addingSub, setAddingSub] = useState(false);
  const [subName, setSubName] = useState('');
  const others = flattenThemes(themes).filter(({ theme: t }) => t.id !== theme.id);
  const menu: MenuItem[] = [
    { label: 'Review extracts and quotes', onSelect: () => (setTab('review'), void openReview(theme.id)) },
    { label: 'Add a sub-theme…', onSelect: () => setAddingSub(true) },
    { label: 'Merge other themes into this…', onSelect: () => onMerge(theme), disabled: others.length === 0 },
    { label: 'Split into new themes…', onSelect: () => onSplit(theme), disabled: theme.codes.length < 1 },
    { label: 'Make it a sub-theme of', heading: true, onSelect() {} },
    ...others.map(({ theme: t, depth: d }) => ({ label: t.name, depth: d, disabled: t.id === theme.parentId, onSelect: () => void moveTheme(theme.id, t.id) })),
    ...(theme.parentId !== null ? [{ label: 'Move to the top level', onSelect: () => void moveTheme(theme.id, null) }] : []),
    { label: 'Delete theme', heading: true, onSelect() {} },
    {
      label: `Delete “${theme.name}”…`,
      onSelect: () => {
        const lost = [theme.memos.length ? plural(theme.memos.length, 'memo') : '', theme.quotes.length ? plural(theme.quotes.length, 'chosen quote') : ''].filter(Boolean);
        const message = `Its codes stay in the codebook${theme.children.length ? ', its sub-themes move up a level' : ''}.${lost.length ? ` Its ${lost.join(' and ')} will be lost.` : ''} This cannot be undone.`;
        void confirmAction({ title: `Delete the theme “${theme.name}”?`, message, confirmLabel: 'Delete theme', destructive: true }).then(
          (ok) => {
            if (ok) void deleteTheme(theme.id);
          },
        );
      },
    },
  ];
  const Heading = depth === 0 ? 'h3' : 'h4';
  return (
    <section
      className={`theme-card depth-${Math.min(depth, 2)}${drop.over ? ' drop-over' : ''} status-${theme.status}`}
      style={{ ['--theme-color' as string]: theme.color }}
      aria-label={`Theme ${theme.name}`}
      data-theme={theme.name}
      {...drop.props}
    >
      <header
        className="theme-card-head"
        draggable
        onDragStart={(e) => {
          if ((e.target as HTMLElement).closest('input, textarea, select')) return;
          e.dataTransfer.setData(THEME_TYPE, String(theme.id));
          e.dataTransfer.effectAllowed = 'move';
        }}
      >
        <Heading className="visually-hidden">{theme.name}</Heading>
        <NameField theme={theme} />
        <MenuButton label={`Actions for theme ${theme.name}`} title="Theme actions" items={menu} className="icon-button">
          ⋯
        </MenuButton>
      </header>
      <div className="theme-card-meta">
        <select aria-label={`Status of ${theme.name}`} value={theme.status} onChange={(e) => void updateTheme(theme.id, { status: e.target.value as ThemeStatus })}>
          {THEME_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        <span className="muted small" title="Extracts, participants and quotes, including sub-themes">
          {plural(theme.totals.codings, 'extract')} · {plural(theme.totals.participants, 'participant')} · {plural(theme.quotes.length, 'quote')}
        </span>
      </div>
      <DefinitionField theme={theme} />
      <ul className="code-cards" aria-label={`Codes in ${theme.name}`}>
        {theme.codes.map((c) => (
          <CodeCard key={c.id} code={c} from={theme.id} themes={themes} />
        ))}
        {theme.codes.length === 0 ? <li className="drop-hint muted small">Drop codes here</li> : null}
      </ul>
      {theme.children.map((child) => (
        <ThemeCard key={child.id} theme={child} themes={themes} depth={depth + 1} onMerge={onMerge} onSplit={onSplit} />
      ))}
      {addingSub ? (
        <form
          className="inline-form"
          onSubmit={async (e) => {
            e.preventDefault();
            if (subName.trim() && (await createTheme(subName.trim(), theme.id))) {
              setSubName('');
              setAddingSub(false);
            }
          }}
        >
          <input autoFocus aria-label={`New sub-theme of ${theme.name}`} placeholder="Sub-theme name" value={subName} onChange={(e) => setSubName(e.target.value)} onKeyDown={(e) => e.key === 'Escape' && setAddingSub(false)} />
          <button type="submit">Add</button>
        </form>
      ) : null}
    </section>
  );
}

function Bin({ codes, themes }: { codes: ThemeCode[]; themes: ThemeNode[] }) {
  const drop = useDropTarget(null);
  return (
    <section className={`board-column bin${drop.over ? ' drop-over' : ''}${codes.length ? '' : ' empty'}`} aria-label="Not yet themed" {...drop.props}>
      <h3 className="bin-title">Not yet themed</h3>
      <p className="muted small">{codes.length ? `${plural(codes.length, 'code')} to place. Drag a code onto a theme, or tick several and make a theme of them.` : 'Every code sits in a theme.'}</p>
      <ul className="code-cards" aria-label="Codes not yet themed">
        {codes.map((c) => (
          <CodeCard key={c.id} code={c} from={null} themes={themes} />
        ))}
      </ul>
    </section>
  );
}

export function ThemeBoard() {
  const tree = useAppStore((s) => s.themeTree);
  const selected = useAppStore((s) => s.selectedCodes);
  const clear = useAppStore((s) => s.clearCodeSelection);
  const createFromSelection = useAppStore((s) => s.createThemeFromSelection);
  const createTheme = useAppStore((s) => s.createTheme);
  const [fromName, setFromName] = useState('');
  const [newName, setNewName] = useState('');
  const [merging, setMerging] = useState<ThemeNode | null>(null);
  const [splitting, setSplitting] = useState<ThemeNode | null>(null);
  if (!tree) return <p className="muted board-loading">Loading themes…</p>;
  return (
    <div className="board-wrap">
      {selected.length ? (
        <form
          className="selection-toolbar"
          aria-label="Selected codes"
          onSubmit={async (e) => {
            e.preventDefault();
            if (fromName.trim() && (await createFromSelection(fromName.trim()))) setFromName('');
          }}
        >
          <strong>{plural(selected.length, 'code')} selected</strong>
          <input aria-label="Name of the new theme" placeholder="Name the new theme…" value={fromName} onChange={(e) => setFromName(e.target.value)} />
          <button type="submit" className="primary" disabled={!fromName.trim()}>
            New theme from selected codes
          </button>
          <button type="button" onClick={clear}>
            Clear selection
          </button>
        </form>
      ) : null}
      <div className="board" aria-label="Theme board">
        <Bin codes={tree.unthemed} themes={tree.themes} />
        {tree.themes.map((t) => (
          <div key={t.id} className="board-column">
            <ThemeCard theme={t} themes={tree.themes} depth={0} onMerge={setMerging} onSplit={setSplitting} />
          </div>
        ))}
        <div className="board-column new-theme">
          <form
            className="inline-form"
            onSubmit={async (e) => {
              e.preventDefault();
              if (newName.trim() && (await createTheme(newName.trim()))) setNewName('');
            }}
          >
            <input aria-label="New theme name" placeholder="New theme…" value={newName} onChange={(e) => setNewName(e.target.value)} />
            <button type="submit">Add theme</button>
          </form>
          <p className="muted small">Tip: drag a code while holding Ctrl (or ⌘/Alt) to add it to a second theme and keep it in the first.</p>
        </div>
      </div>
      {merging ? <MergeDialog theme={merging} themes={tree.themes} onClose={() => setMerging(null)} /> : null}
      {splitting ? <SplitDialog theme={splitting} onClose={() => setSplitting(null)} /> : null}
    </div>
  );
}

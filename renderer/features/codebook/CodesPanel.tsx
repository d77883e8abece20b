/**
 * The codebook: a tree of codes with colour, counts (codings and documents, including
 * sub-codes), apply buttons, drag to nest/reorder (or drag onto the transcript to code), and
 * keyboard editing: Alt+↑/↓ reorder, Tab/Shift+Tab indent/outdent, F2 edit, Delete delete,
 * ↑/↓ move between codes, ←/→ collapse/expand.
 */
import { useEffect, useMemo, useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import type { CodeWithCounts } from '../../../shared/types/entities';
import { useAppStore, type AppState } from '../../store';
import { CODE_DRAG_TYPE } from '../documents/Paragraph';
import { flattenTree, type TreeRow } from './tree';
import { countOf } from '../../../shared/domain/plural';

export { flattenTree } from './tree';

const selectCodes = (s: AppState) => s.codes;
const selectSelection = (s: AppState) => s.selection;
const selectSelected = (s: AppState) => s.selectedCodeIds;
const selectCollapsed = (s: AppState) => s.collapsedCodeIds;

type Zone = 'before' | 'inside' | 'after';

const focusCode = (id: number) =>
  requestAnimationFrame(() => (document.querySelector(`.code-list li[data-code-id="${id}"] .code-name`) as HTMLElement | null)?.focus());

/**
 * After a move that waited for the service: give focus back to the moved code only if nobody
 * moved it elsewhere meanwhile (a researcher who went on to the next code keeps their place).
 */
const refocusAfterMove = (id: number, focusedAtKey: Element | null) => {
  const unmoved = (now: Element | null) => now === focusedAtKey || now === null || now === document.body || !now.isConnected;
  if (!unmoved(document.activeElement)) return;
  // checked again in the frame that focuses: the researcher may have gone on in between
  requestAnimationFrame(() => {
    if (unmoved(document.activeElement)) (document.querySelector(`.code-list li[data-code-id="${id}"] .code-name`) as HTMLElement | null)?.focus();
  });
};

export function CodesPanel() {
  const codes = useAppStore(selectCodes);
  const selection = useAppStore(selectSelection);
  const selected = useAppStore(selectSelected);
  const collapsed = useAppStore(selectCollapsed);
  const [name, setName] = useState('');
  const fileRef = useRef<HTMLInputElement>(null);
  const rows = useMemo(() => flattenTree(codes, new Set(collapsed)), [codes, collapsed]);
  const st = useAppStore.getState;

  const submit = async () => {
    const trimmed = name.trim();
    if (!trimmed) return;
    if (await st().createCode(trimmed)) setName('');
  };

  return (
    <aside className="panel codes-panel" id="coding-codes" aria-label="Codes">
      <h2 className="panel-title">Codes ({codes.length})</h2>
      <form
        className="new-code"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <input aria-label="New code name" placeholder="New code…" value={name} onChange={(e) => setName(e.target.value)} />
        <button type="submit">Add</button>
      </form>
      <div className="codebook-actions">
        <button type="button" onClick={() => fileRef.current?.click()} title="Add codes from a CSV file: category,topic or name,definition,…,path">
          Import codebook…
        </button>
        <input
          ref={fileRef}
          type="file"
          accept=".csv,.tsv,.txt,text/csv"
          hidden
          aria-label="Codebook CSV file"
          data-testid="codebook-input"
          onChange={(e) => {
            const f = e.target.files?.[0];
            e.target.value = '';
            if (f) void st().importCodebook(f);
          }}
        />
        <button type="button" disabled={selected.length === 0} onClick={() => void st().showExtractsFor(selected)}>
          Show extracts{selected.length > 1 ? ` (${selected.length})` : ''}
        </button>
      </div>
      {codes.length === 0 ? <p className="muted small">No codes yet. Add one above, import a codebook, or select text and press Ctrl+K.</p> : null}
      <ul className="code-list" role="tree" aria-label="Codebook" aria-multiselectable="true">
        {rows.map((row, i) => (
          <CodeRow key={row.code.id} row={row} index={i} rows={rows} codes={codes} canApply={!!selection} selected={selected.includes(row.code.id)} collapsed={collapsed.includes(row.code.id)} />
        ))}
      </ul>
    </aside>
  );
}

function CodeRow({
  row,
  index,
  rows,
  codes,
  canApply,
  selected,
  collapsed,
}: {
  row: TreeRow;
  index: number;
  rows: TreeRow[];
  codes: CodeWithCounts[];
  canApply: boolean;
  selected: boolean;
  collapsed: boolean;
}) {
  const { code, depth, hasChildren } = row;
  const [zone, setZone] = useState<Zone | null>(null);
  const [menu, setMenu] = useState(false);
  const colorRef = useRef<HTMLInputElement>(null);
  const st = useAppStore.getState;

  // the native colour picker reports its final choice with "change"
  useEffect(() => {
    const el = colorRef.current;
    if (!el) return;
    const onChange = () => {
      if (el.value.toLowerCase() !== code.color.toLowerCase()) void st().updateCode(code.id, { color: el.value });
    };
    el.addEventListener('change', onChange);
    return () => el.removeEventListener('change', onChange);
  }, [code.id, code.color, st]);

  const siblings = codes.filter((c) => c.parentId === code.parentId);
  const zoneAt = (e: DragEvent<HTMLElement>): Zone => {
    const r = e.currentTarget.getBoundingClientRect();
    const y = (e.clientY - r.top) / r.height;
    return y < 0.28 ? 'before' : y > 0.72 ? 'after' : 'inside';
  };

  const onKey = async (e: KeyboardEvent<HTMLButtonElement>) => {
    const s = st();
    const focusedAtKey = document.activeElement;
    if (e.altKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown')) {
      e.preventDefault();
      if (await s.reorderCode(code.id, e.key === 'ArrowUp' ? -1 : 1)) refocusAfterMove(code.id, focusedAtKey);
    } else if (e.key === 'Tab' && !e.altKey && !e.ctrlKey && !e.metaKey) {
      const i = siblings.findIndex((c) => c.id === code.id);
      if (!e.shiftKey && i > 0) {
        e.preventDefault();
        if (await s.indentCode(code.id)) refocusAfterMove(code.id, focusedAtKey);
      } else if (e.shiftKey && code.parentId !== null) {
        e.preventDefault();
        if (await s.outdentCode(code.id)) refocusAfterMove(code.id, focusedAtKey);
      }
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const next = rows[index + (e.key === 'ArrowDown' ? 1 : -1)];
      if (next) focusCode(next.code.id);
    } else if (e.key === 'ArrowRight' && hasChildren && collapsed) {
      e.preventDefault();
      s.toggleCollapsed(code.id);
    } else if (e.key === 'ArrowLeft' && hasChildren && !collapsed) {
      e.preventDefault();
      s.toggleCollapsed(code.id);
    } else if (e.key === 'F2') {
      e.preventDefault();
      void s.openCodeDialog('edit', code.id);
    } else if (e.key === 'Delete') {
      e.preventDefault();
      void s.openCodeDialog('delete', code.id);
    } else if (e.key === ' ') {
      e.preventDefault();
      s.selectCode(code.id, true);
    }
  };

  return (
    <li
      role="treeitem"
      aria-level={depth + 1}
      aria-selected={selected}
      aria-expanded={hasChildren ? !collapsed : undefined}
      aria-label={code.name}
      data-code={code.name}
      data-code-id={code.id}
      className={`code-row${selected ? ' selected' : ''}${zone ? ` drop-${zone}` : ''}`}
      style={{ paddingLeft: depth * 16 }}
      draggable
      onDragStart={(e) => {
        e.dataTransfer.setData(CODE_DRAG_TYPE, String(code.id));
        e.dataTransfer.setData('text/plain', code.name);
        e.dataTransfer.effectAllowed = 'copyMove';
      }}
      onDragOver={(e) => {
        if (!e.dataTransfer.types.includes(CODE_DRAG_TYPE)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'move';
        const z = zoneAt(e);
        if (z !== zone) setZone(z);
      }}
      onDragLeave={() => setZone(null)}
      onDrop={(e) => {
        const dragged = Number(e.dataTransfer.getData(CODE_DRAG_TYPE));
        const z = zoneAt(e);
        setZone(null);
        if (!dragged || dragged === code.id) return;
        e.preventDefault();
        if (z === 'inside') void st().moveCodeTo(dragged, code.id, codes.filter((c) => c.parentId === code.id && c.id !== dragged).length);
        else {
          const sibs = siblings.filter((c) => c.id !== dragged);
          const i = sibs.findIndex((c) => c.id === code.id);
          void st().moveCodeTo(dragged, code.parentId, z === 'before' ? i : i + 1);
        }
      }}
    >
      {hasChildren ? (
        <button type="button" className="twisty" tabIndex={-1} aria-label={`${collapsed ? 'Expand' : 'Collapse'} ${code.name}`} onClick={() => st().toggleCollapsed(code.id)}>
          {collapsed ? '▸' : '▾'}
        </button>
      ) : (
        <span className="twisty" aria-hidden="true" />
      )}
      <input ref={colorRef} type="color" className="swatch swatch-input" aria-label={`Colour of ${code.name}`} defaultValue={code.color} key={code.color} />
      <button
        type="button"
        className="code-name"
        title={[code.definition || code.name, 'Click: select · Double-click/F2: edit · Alt+↑↓ reorder · Tab/Shift+Tab nest · Drag onto the text to code'].join('\n')}
        onClick={(e) => st().selectCode(code.id, e.ctrlKey || e.metaKey || e.shiftKey)}
        onDoubleClick={() => void st().openCodeDialog('edit', code.id)}
        onKeyDown={(e) => void onKey(e)}
      >
        {code.name}
      </button>
      {/* counts, Apply and ⋯ stay together; they move under the name when the name's words would not fit beside them */}
      <span className="code-tail">
        <span className="muted small count" title={`${countOf(code.codings, 'coding')} in ${countOf(code.documents, 'document')} (including sub-codes)`}>
          {code.codings}
        </span>
        <span className="muted small docs" aria-hidden="true" title="documents">
          {code.documents}d
        </span>
        <button type="button" className="apply" disabled={!canApply} onClick={() => void st().applyCode(code.id)} aria-label={`Apply code ${code.name}`} title="Apply to the selection">
          Apply
        </button>
        <div className="code-menu-wrap">
          <button type="button" className="icon more" aria-label={`Actions for ${code.name}`} aria-haspopup="menu" aria-expanded={menu} onClick={() => setMenu(!menu)}>
            ⋯
          </button>
          {menu ? <CodeMenu code={code} onClose={() => setMenu(false)} /> : null}
        </div>
      </span>
    </li>
  );
}

function CodeMenu({ code, onClose }: { code: CodeWithCounts; onClose(): void }) {
  const ref = useRef<HTMLUListElement>(null);
  const st = useAppStore.getState;
  useEffect(() => {
    (ref.current?.querySelector('[role="menuitem"]') as HTMLElement | null)?.focus();
    const onDown = (e: MouseEvent) => {
      if (ref.current && !ref.current.parentElement!.contains(e.target as Node)) onClose();
    };
    window.addEventListener('mousedown', onDown);
    return () => window.removeEventListener('mousedown', onDown);
  }, [onClose]);
  const item = (label: string, action: () => void) => (
    <li role="none">
      <button
        type="button"
        role="menuitem"
        onClick={() => {
          onClose();
          // focus back on the menu's button first, so a dialog the action opens returns focus there
          (document.querySelector(`.code-list li[data-code-id="${code.id}"] button.more`) as HTMLElement | null)?.focus();
          action();
        }}
      >
        {label}
      </button>
    </li>
  );
  return (
    <ul
      ref={ref}
      className="code-menu"
      role="menu"
      aria-label={`Actions for ${code.name}`}
      onKeyDown={(e) => {
        const items = [...(ref.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
        const i = items.indexOf(document.activeElement as HTMLElement);
        if (e.key === 'Escape') {
          e.stopPropagation();
          onClose();
          focusCode(code.id);
        } else if (e.key === 'ArrowDown') {
          e.preventDefault();
          items[(i + 1) % items.length]?.focus();
        } else if (e.key === 'ArrowUp') {
          e.preventDefault();
          items[(i - 1 + items.length) % items.length]?.focus();
        }
      }}
    >
      {item('Edit…', () => void st().openCodeDialog('edit', code.id))}
      {item('Add sub-code…', () => void st().openCodeDialog('subcode', code.id))}
      {item('Show extracts', () => void st().showExtractsFor([code.id]))}
      {item('Merge into…', () => void st().openCodeDialog('merge', code.id))}
      {item('Delete…', () => void st().openCodeDialog('delete', code.id))}
    </ul>
  );
}

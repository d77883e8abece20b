/**
 * Details of the codings under a clicked highlight or stripe: code, coder, memo; remove a code
 * from the passage, write a memo, or start adjusting the coding's boundaries.
 */
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { Coding } from '../../../shared/types/entities';
import { useAppStore, type AppState } from '../../store';
import { codePathMap } from '../codebook/tree';
import { useSyncedState } from '../../components/useSyncedState';

const selectPopover = (s: AppState) => s.popover;
const selectCodings = (s: AppState) => s.codings;
const selectCodes = (s: AppState) => s.codes;
const selectMemos = (s: AppState) => s.codingMemos;
const selectActive = (s: AppState) => s.activeCodingId;
const selectDoc = (s: AppState) => s.activeDocument;

export function CodingPopover() {
  const popover = useAppStore(selectPopover);
  const codings = useAppStore(selectCodings);
  const codes = useAppStore(selectCodes);
  const memos = useAppStore(selectMemos);
  const activeId = useAppStore(selectActive);
  const doc = useAppStore(selectDoc);
  const ref = useRef<HTMLDivElement>(null);
  const [pos, setPos] = useState<{ left: number; top: number } | null>(null);
  const paths = useMemo(() => codePathMap(codes), [codes]);
  const colors = useMemo(() => new Map(codes.map((c) => [c.id, c.color])), [codes]);
  const list = useMemo(() => (popover ? popover.codingIds.map((id) => codings.find((c) => c.id === id)).filter((c): c is Coding => !!c) : []), [popover, codings]);

  useLayoutEffect(() => {
    if (!popover || !ref.current) return;
    const r = ref.current.getBoundingClientRect();
    const left = Math.max(8, Math.min(popover.x + 12, window.innerWidth - r.width - 8));
    const top = popover.y + 16 + r.height > window.innerHeight ? Math.max(8, popover.y - r.height - 12) : popover.y + 16;
    setPos({ left, top });
  }, [popover, list.length]);

  useEffect(() => {
    if (!popover) return;
    const onDown = (e: MouseEvent) => {
      const t = e.target as HTMLElement;
      if (ref.current && !ref.current.contains(t) && !t.closest('.hl, .stripe')) useAppStore.getState().closePopover();
    };
    window.addEventListener('mousedown', onDown);
    return () => window.removeEventListener('mousedown', onDown);
  }, [popover]);

  if (!popover || list.length === 0 || !doc) return null;
  const st = useAppStore.getState;
  return (
    <div
      ref={ref}
      className="coding-popover"
      role="dialog"
      aria-label="Coding details"
      style={pos ? { left: pos.left, top: pos.top } : { left: popover.x, top: popover.y, visibility: 'hidden' }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          st().closePopover();
          (document.querySelector('[data-testid="document-text"]') as HTMLElement | null)?.focus();
        }
      }}
    >
      <header>
        <strong>{list.length === 1 ? 'Coding' : `${list.length} codings here`}</strong>
        <button type="button" className="icon" aria-label="Close" onClick={() => st().closePopover()}>
          ×
        </button>
      </header>
      <ul>
        {list.map((c) => (
          <CodingItem
            key={c.id}
            coding={c}
            path={paths.get(c.codeId) ?? '(deleted code)'}
            color={colors.get(c.codeId) ?? '#cccccc'}
            excerpt={doc.text.slice(c.start, c.end)}
            memos={memos[c.id] ?? []}
            active={activeId === c.id}
          />
        ))}
      </ul>
    </div>
  );
}

function CodingItem({
  coding,
  path,
  color,
  excerpt,
  memos,
  active,
}: {
  coding: Coding;
  path: string;
  color: string;
  excerpt: string;
  memos: { id: number; body: string }[];
  active: boolean;
}) {
  const memo = memos[0];
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useSyncedState(memo?.body ?? '');
  const name = path.split('/').pop()!;
  const st = useAppStore.getState;
  const save = async () => {
    const body = draft.trim();
    let ok = true;
    if (memo && body) ok = await st().updateMemo(memo.id, { body: draft });
    else if (memo && !body) ok = await st().deleteMemo(memo.id);
    else if (body) ok = (await st().createMemo({ kind: 'coding', id: coding.id }, draft)) !== null;
    if (ok) setEditing(false);
  };
  return (
    <li className="popover-coding" data-coding-id={coding.id} aria-label={`${path} coding`}>
      <div className="popover-code">
        <span className="swatch" style={{ background: color }} aria-hidden="true" />
        <span className="popover-path">{path}</span>
      </div>
      <div className="muted small">
        by {coding.coder} · {excerpt.length} characters · {new Date(coding.createdAt).toLocaleString()}
      </div>
      <q className="popover-excerpt">{excerpt.length > 140 ? `${excerpt.slice(0, 140)}…` : excerpt}</q>
      {editing ? (
        <div className="popover-memo-edit">
          <textarea aria-label={`Memo on this ${name} coding`} value={draft} autoFocus rows={3} onChange={(e) => setDraft(e.target.value)} />
          <div className="row">
            <button type="button" className="primary" onClick={() => void save()}>
              Save memo
            </button>
            <button type="button" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
        </div>
      ) : memo ? (
        <p className="popover-memo" data-testid="coding-memo">
          <span aria-hidden="true">✎ </span>
          {memo.body}
        </p>
      ) : null}
      <div className="row">
        {!editing ? (
          <button type="button" onClick={() => setEditing(true)}>
            {memo ? 'Edit memo' : 'Add memo'}
          </button>
        ) : null}
        <button
          type="button"
          aria-pressed={active}
          title="Show handles on the coding’s ends: drag them, or focus one and use ← →; Shift+Alt+arrows also work"
          onClick={() => {
            st().setActiveCoding(active ? null : coding.id);
            st().closePopover();
          }}
        >
          {active ? 'Stop adjusting' : 'Adjust boundaries'}
        </button>
        <button type="button" className="danger" aria-label={`Remove ${name} from this passage`} onClick={() => void st().removeCoding(coding.id)}>
          Remove
        </button>
      </div>
    </li>
  );
}

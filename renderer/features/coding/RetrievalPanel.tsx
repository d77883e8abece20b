/**
 * Retrieval: every coded extract of the chosen codes, with document, speaker, participant and
 * context. Filter by document, coder and a participant attribute; click an extract to jump to
 * it; copy extracts with attribution; select extracts and move them to another code (split).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { attribution, attributions, quoteAttributeLabel } from '../../../shared/codebook/attribution';
import type { Extract } from '../../../shared/types/coding';
import { useAppStore, type AppState } from '../../store';
import { flattenTree } from '../codebook/tree';
import { PassageTime } from '../media/PassageTime';

const selectQuery = (s: AppState) => s.extractQuery;
const selectExtracts = (s: AppState) => s.extracts;
const selectLoading = (s: AppState) => s.extractsLoading;
const selectNextCursor = (s: AppState) => s.extractsNextCursor;
const selectTotal = (s: AppState) => s.extractsTotal;
const selectCodes = (s: AppState) => s.codes;
const selectDocuments = (s: AppState) => s.documents;
const selectCoders = (s: AppState) => s.knownCoders;
const selectCases = (s: AppState) => s.extractCases;

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // fall back to a hidden textarea (older browsers, no clipboard permission)
    const ta = document.createElement('textarea');
    ta.value = text;
    ta.setAttribute('readonly', '');
    ta.style.position = 'fixed';
    ta.style.opacity = '0';
    document.body.appendChild(ta);
    ta.select();
    const ok = document.execCommand('copy');
    ta.remove();
    return ok;
  }
}

export function RetrievalPanel() {
  const query = useAppStore(selectQuery);
  const extracts = useAppStore(selectExtracts);
  const loading = useAppStore(selectLoading);
  const nextCursor = useAppStore(selectNextCursor);
  const total = useAppStore(selectTotal);
  const codes = useAppStore(selectCodes);
  const documents = useAppStore(selectDocuments);
  const coders = useAppStore(selectCoders);
  const cases = useAppStore(selectCases);
  const [picked, setPicked] = useState<number[]>([]);
  const [moveOpen, setMoveOpen] = useState(false);
  const rows = useMemo(() => flattenTree(codes), [codes]);
  const attributeNames = useMemo(() => [...new Set(cases.flatMap((c) => Object.keys(c.attributes)))].sort(), [cases]);
  const attributeValues = useMemo(
    () => (query.attribute ? [...new Set(cases.map((c) => c.attributes[query.attribute!.name]).filter((v): v is string => !!v))].sort() : []),
    [cases, query.attribute],
  );
  const st = useAppStore.getState;
  const pickedSet = new Set(picked);
  const visiblePicked = extracts.filter((e) => pickedSet.has(e.codingId));

  const copyAll = async () => {
    const all = await st().allExtracts();
    notifyCopied(await copyText(attributions(all)), all.length);
  };
  const count = total ?? extracts.length;

  const notifyCopied = (ok: boolean, n: number) =>
    ok ? st().notify('info', 'Copied', `${n} extract${n === 1 ? '' : 's'} with attribution.`) : st().notify('error', 'Could not copy', 'The clipboard is not available.');

  return (
    <aside className="panel side-panel retrieval-panel" id="coding-side" aria-label="Retrieval">
      <header className="side-head">
        <h2 className="panel-title">Coded extracts</h2>
        <button type="button" className="icon" aria-label="Close retrieval" onClick={() => st().setCodingSidePanel(null)}>
          ×
        </button>
      </header>
      <div className="field">
        <label htmlFor="retrieval-codes">Codes</label>
        <select
          id="retrieval-codes"
          multiple
          size={Math.min(8, Math.max(3, rows.length))}
          value={query.codeIds.map(String)}
          onChange={(e) => void st().setExtractQuery({ codeIds: [...e.target.selectedOptions].map((o) => Number(o.value)) })}
        >
          {rows.map((r) => (
            <option key={r.code.id} value={r.code.id}>
              {'\u2003'.repeat(r.depth)}
              {r.code.name} ({r.code.codings})
            </option>
          ))}
        </select>
      </div>
      <label className="check">
        <input type="checkbox" checked={query.includeChildren} onChange={(e) => void st().setExtractQuery({ includeChildren: e.target.checked })} /> Include sub-codes
      </label>
      <div className="filters">
        <label>
          Document
          <select value={query.documentId ?? ''} onChange={(e) => void st().setExtractQuery({ documentId: e.target.value ? Number(e.target.value) : null })}>
            <option value="">All documents</option>
            {documents.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Coder
          <select value={query.coderId ?? ''} onChange={(e) => void st().setExtractQuery({ coderId: e.target.value ? Number(e.target.value) : null })}>
            <option value="">All coders</option>
            {coders.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Participant attribute
          <select
            value={query.attribute?.name ?? ''}
            onChange={(e) => {
              const name = e.target.value;
              const first = name ? [...new Set(cases.map((c) => c.attributes[name]).filter(Boolean))].sort()[0] : undefined;
              void st().setExtractQuery({ attribute: name && first !== undefined ? { name, value: first } : null });
            }}
          >
            <option value="">Any participant</option>
            {attributeNames.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        {query.attribute ? (
          <label>
            {query.attribute.name} is
            <select value={query.attribute.value} onChange={(e) => void st().setExtractQuery({ attribute: { name: query.attribute!.name, value: e.target.value } })}>
              {attributeValues.map((v) => (
                <option key={v} value={v}>
                  {v}
                </option>
              ))}
            </select>
          </label>
        ) : null}
      </div>
      <div className="extract-actions">
        <span role="status" className="muted small" data-testid="extract-count">
          {query.codeIds.length === 0
            ? 'Choose one or more codes.'
            : loading
              ? 'Loading…'
              : `${count.toLocaleString()}${total === null && nextCursor ? '+' : ''} extract${count === 1 ? '' : 's'}${nextCursor ? ` (${extracts.length.toLocaleString()} shown)` : ''}`}
        </span>
        <button type="button" disabled={extracts.length === 0} onClick={() => (visiblePicked.length ? void copyText(attributions(visiblePicked)).then((ok) => notifyCopied(ok, visiblePicked.length)) : void copyAll())}>
          {visiblePicked.length ? `Copy ${visiblePicked.length} selected` : 'Copy all'}
        </button>
        <button type="button" disabled={visiblePicked.length === 0} onClick={() => setMoveOpen(true)}>
          Move to code…
        </button>
      </div>
      {moveOpen ? (
        <MoveForm
          count={visiblePicked.length}
          onCancel={() => setMoveOpen(false)}
          onMove={async (target) => {
            if (await st().moveExtracts(visiblePicked.map((e) => e.codingId), target)) {
              setMoveOpen(false);
              setPicked([]);
            }
          }}
        />
      ) : null}
      <ol className="extract-list" aria-label="Extracts">
        {extracts.map((e) => (
          <ExtractCard
            key={e.codingId}
            extract={e}
            picked={pickedSet.has(e.codingId)}
            onPick={(on) => setPicked(on ? [...picked, e.codingId] : picked.filter((x) => x !== e.codingId))}
            onCopy={() => void copyText(attribution(e)).then((ok) => notifyCopied(ok, 1))}
          />
        ))}
      </ol>
      {nextCursor && !loading ? <MoreExtracts key={nextCursor} /> : null}
    </aside>
  );
}

/** Loads the next page when it scrolls into view, or when clicked. */
function MoreExtracts() {
  const ref = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof IntersectionObserver === 'undefined') return;
    const seen = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) void useAppStore.getState().moreExtracts();
    });
    seen.observe(el);
    return () => seen.disconnect();
  }, []);
  return (
    <button type="button" ref={ref} className="more-extracts" onClick={() => void useAppStore.getState().moreExtracts()}>
      Show more extracts
    </button>
  );
}

function ExtractCard({ extract: e, picked, onPick, onCopy }: { extract: Extract; picked: boolean; onPick(on: boolean): void; onCopy(): void }) {
  const who = e.participant ?? e.speaker;
  const jump = () => void useAppStore.getState().jumpTo(e.documentId, e.start, e.end);
  return (
    <li className="extract" data-coding-id={e.codingId} aria-label={`Extract: ${e.text.slice(0, 60)}`}>
      <div className="extract-meta">
        <input type="checkbox" aria-label="Select extract" checked={picked} onChange={(ev) => onPick(ev.target.checked)} />
        <span className="swatch" style={{ background: e.color }} aria-hidden="true" />
        <span className="extract-code">{e.code}</span>
      </div>
      <div className="muted small extract-source">
        {e.document}
        {who ? ` · ${who}${quoteAttributeLabel(e) ? ` (${quoteAttributeLabel(e)})` : ''}` : ''}
        {e.speaker && e.participant && e.speaker !== e.participant ? ` · speaker ${e.speaker}` : ''} · {e.coder}
      </div>
      <PassageTime documentId={e.documentId} start={e.start} end={e.end} time={e.time} />
      <button type="button" className="extract-text" onClick={jump} title="Go to this place in the document">
        <span className="ctx">
          {e.before.length >= 200 ? '…' : ''}
          {e.before}
        </span>
        <mark className="extract-quote">{e.text}</mark>
        <span className="ctx">
          {e.after}
          {e.after.length >= 200 ? '…' : ''}
        </span>
      </button>
      <div className="row">
        <button type="button" onClick={jump}>
          Go to
        </button>
        <button type="button" aria-label="Copy extract" onClick={onCopy}>
          Copy
        </button>
      </div>
    </li>
  );
}

function MoveForm({ count, onCancel, onMove }: { count: number; onCancel(): void; onMove(target: { codeId: number } | { newCode: { name: string; parentId: number | null } }): void }) {
  const codes = useAppStore(selectCodes);
  const rows = useMemo(() => flattenTree(codes), [codes]);
  const [target, setTarget] = useState<string>('new');
  const [name, setName] = useState('');
  const [parent, setParent] = useState<string>('');
  return (
    <form
      className="move-form"
      aria-label="Move extracts"
      onSubmit={(e) => {
        e.preventDefault();
        if (target === 'new') {
          if (name.trim()) onMove({ newCode: { name: name.trim(), parentId: parent ? Number(parent) : null } });
        } else onMove({ codeId: Number(target) });
      }}
    >
      <p className="small">
        Move {count} selected coding{count === 1 ? '' : 's'} to:
      </p>
      <select aria-label="Target code" value={target} onChange={(e) => setTarget(e.target.value)}>
        <option value="new">A new code…</option>
        {rows.map((r) => (
          <option key={r.code.id} value={r.code.id}>
            {r.path}
          </option>
        ))}
      </select>
      {target === 'new' ? (
        <>
          <input aria-label="New code name" placeholder="New code name" value={name} onChange={(e) => setName(e.target.value)} autoFocus />
          <select aria-label="Parent of the new code" value={parent} onChange={(e) => setParent(e.target.value)}>
            <option value="">At the top level</option>
            {rows.map((r) => (
              <option key={r.code.id} value={r.code.id}>
                under {r.path}
              </option>
            ))}
          </select>
        </>
      ) : null}
      <div className="row">
        <button type="submit" className="primary">
          Move
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

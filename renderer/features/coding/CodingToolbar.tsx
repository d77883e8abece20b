import { useMemo } from 'react';
import { useAppStore, type AppState } from '../../store';

const selectUndo = (s: AppState) => s.undoState;
const selectRecent = (s: AppState) => s.recentCodeIds;
const selectCodes = (s: AppState) => s.codes;
const selectSelection = (s: AppState) => s.selection;
const selectSnap = (s: AppState) => s.snapToWords;
const selectSide = (s: AppState) => s.codingSidePanel;

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const MOD = isMac ? '⌘' : 'Ctrl+';

/** Undo/redo, the quick-code and in-vivo actions, the recent-codes strip (keys 1–9) and panel toggles. */
export function CodingToolbar({ focusMode, onToggleFocus }: { focusMode: boolean; onToggleFocus(): void }) {
  const undo = useAppStore(selectUndo);
  const recent = useAppStore(selectRecent);
  const codes = useAppStore(selectCodes);
  const selection = useAppStore(selectSelection);
  const snap = useAppStore(selectSnap);
  const side = useAppStore(selectSide);
  const recentCodes = useMemo(() => {
    const byId = new Map(codes.map((c) => [c.id, c]));
    return recent.map((id) => byId.get(id)).filter((c) => c !== undefined);
  }, [codes, recent]);
  const st = useAppStore.getState;

  return (
    <div className="coding-toolbar" role="toolbar" aria-label="Coding tools">
      <div className="tool-group">
        <button
          type="button"
          aria-label="Undo"
          disabled={!undo.canUndo}
          title={undo.undoLabel ? `Undo “${undo.undoLabel}” (${MOD}Z)` : `Nothing to undo (${MOD}Z)`}
          onClick={() => void st().undo()}
        >
          <span aria-hidden="true">↶</span>
          <span className="tool-word"> Undo</span>
        </button>
        <button
          type="button"
          aria-label="Redo"
          disabled={!undo.canRedo}
          title={undo.redoLabel ? `Redo “${undo.redoLabel}” (${MOD}Shift+Z)` : `Nothing to redo (${MOD}Shift+Z)`}
          onClick={() => void st().redo()}
        >
          <span aria-hidden="true">↷</span>
          <span className="tool-word"> Redo</span>
        </button>
      </div>
      <div className="tool-group">
        <button type="button" onClick={() => st().openPalette()} title={`Quick code: search or create a code and apply it (${MOD}K)`}>
          Quick code…
        </button>
        <button type="button" disabled={!selection} onClick={() => void st().applyInVivo()} title={`The selected words become a new code (${MOD}I)`}>
          In vivo
        </button>
        <label className="snap-toggle" title="Widen selections to whole words">
          <input type="checkbox" checked={snap} onChange={(e) => st().setSnapToWords(e.target.checked)} /> Snap to words
        </label>
      </div>
      {/* it scrolls sideways when the codes do not fit: focusable, so the keyboard can scroll it too */}
      {/* eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex */}
      <div className="recent-codes" role="group" aria-label="Recent codes" tabIndex={0}>
        {recentCodes.length === 0 ? <span className="muted small">Recent codes appear here (keys 1–9)</span> : null}
        {recentCodes.map((c, i) => (
          <button
            key={c.id}
            type="button"
            className="recent-code"
            disabled={!selection}
            aria-label={`Apply recent code ${i + 1}: ${c.name}`}
            title={`Apply “${c.name}” to the selection (key ${i + 1})`}
            onClick={() => void st().applyCode(c.id)}
          >
            <kbd>{i + 1}</kbd>
            <span className="swatch" style={{ background: c.color }} aria-hidden="true" />
            <span className="recent-name">{c.name}</span>
          </button>
        ))}
      </div>
      <div className="tool-group right">
        <button type="button" aria-pressed={focusMode} onClick={onToggleFocus} title={`Focus mode: only the transcript and the codebook (${MOD}Shift+F)`}>
          Focus
        </button>
        <button type="button" aria-pressed={side === 'extracts'} disabled={focusMode} onClick={() => st().setCodingSidePanel(side === 'extracts' ? null : 'extracts')}>
          Extracts
        </button>
        <button type="button" aria-pressed={side === 'memos'} disabled={focusMode} onClick={() => st().setCodingSidePanel(side === 'memos' ? null : 'memos')}>
          Memos
        </button>
      </div>
    </div>
  );
}

import { useAppStore, type AppState } from '../../store';

const selectUndo = (s: AppState) => s.undoState;
const selectSelection = (s: AppState) => s.selection;
const selectSnap = (s: AppState) => s.snapToWords;
const selectSide = (s: AppState) => s.codingSidePanel;

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const MOD = isMac ? '⌘' : 'Ctrl+';

/** Undo/redo, the quick-code and in-vivo actions and panel toggles (the recent codes are on their own row under it: RecentCodesStrip). */
export function CodingToolbar({ focusMode, onToggleFocus }: { focusMode: boolean; onToggleFocus(): void }) {
  const undo = useAppStore(selectUndo);
  const selection = useAppStore(selectSelection);
  const snap = useAppStore(selectSnap);
  const side = useAppStore(selectSide);
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

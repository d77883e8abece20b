/**
 * Keyboard shortcuts of the coding workspace (active while the Coding view is shown):
 *  1–9                 apply the n-th most recently used code to the selection
 *  Ctrl/⌘+K            quick-code palette
 *  Ctrl/⌘+I            in-vivo code (the selected words become a code)
 *  Ctrl/⌘+Shift+P      select the paragraph/turn with the caret and open the palette
 *  Ctrl/⌘+Z            undo;  Ctrl/⌘+Shift+Z or Ctrl+Y  redo (useUndoKeys, also in the Themes view)
 *  Shift+Alt+← / →     move the end of the active coding;  Shift+Alt+↑ / ↓  move its start
 *  Esc                 close the popover, stop adjusting, clear the selection
 */
import { useEffect } from 'react';
import { useAppStore } from '../../store';
import { domPointToOffset } from '../documents/dom-offsets';

const inField = (el: Element | null) => !!el?.closest('input, textarea, select, [contenteditable="true"]');

function caretOffset(): number | null {
  const root = document.querySelector('[data-testid="document-text"]');
  const sel = window.getSelection();
  if (!root || !sel || sel.rangeCount === 0 || !sel.focusNode || !root.contains(sel.focusNode)) return null;
  return domPointToOffset(root, sel.focusNode, sel.focusOffset);
}

export function useCodingKeys() {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const st = useAppStore.getState();
      if (st.view !== 'coding') return;
      const target = e.target as Element | null;
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
      const dialog = target?.closest('[role="dialog"], dialog');

      if (mod && !e.altKey && (key === 'z' || (key === 'y' && e.ctrlKey))) return; // useUndoKeys
      if (mod && !e.altKey && !e.shiftKey && key === 'k') {
        if (target?.closest('textarea')) return;
        e.preventDefault();
        if (st.paletteOpen) st.closePalette();
        else st.openPalette();
        return;
      }
      if (dialog || inField(target)) return;
      if (mod && !e.altKey && !e.shiftKey && key === 'i') {
        e.preventDefault();
        void st.applyInVivo();
        return;
      }
      if (mod && e.shiftKey && !e.altKey && key === 'p') {
        e.preventDefault();
        const offset = caretOffset() ?? st.selection?.start ?? null;
        if (offset === null) {
          st.notify('info', 'Click in a paragraph first', 'Put the caret in the paragraph or speaker turn to code, then press Ctrl+Shift+P.');
          return;
        }
        if (st.selectParagraph(offset)) st.openPalette();
        return;
      }
      if (e.shiftKey && e.altKey && !mod && st.activeCodingId !== null && e.key.startsWith('Arrow')) {
        e.preventDefault();
        if (e.key === 'ArrowLeft') st.nudgeActive('end', -1);
        else if (e.key === 'ArrowRight') st.nudgeActive('end', 1);
        else if (e.key === 'ArrowUp') st.nudgeActive('start', -1);
        else if (e.key === 'ArrowDown') st.nudgeActive('start', 1);
        return;
      }
      if (e.key === 'Escape') {
        if (st.popover) st.closePopover();
        else if (st.activeCodingId !== null) {
          if (st.adjust) void st.commitAdjust();
          st.setActiveCoding(null);
        } else if (st.selection) st.setSelection(null);
        return;
      }
      if (!mod && !e.altKey && /^[1-9]$/.test(e.key)) {
        if (st.selection) {
          e.preventDefault();
          void st.applyRecent(Number(e.key) - 1);
        }
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

/**
 * Ctrl/⌘+Z undo; Ctrl/⌘+Shift+Z or Ctrl+Y redo — in every view whose changes are undo steps
 * (Coding, Themes). Text fields and dialogs keep their own undo.
 */
import { useEffect } from 'react';
import { useAppStore } from '../../store';

const inField = (el: Element | null) => !!el?.closest('input, textarea, select, [contenteditable="true"]');

export function useUndoKeys() {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
      if (!mod || e.altKey || !(key === 'z' || (key === 'y' && e.ctrlKey))) return;
      const target = e.target as Element | null;
      if (inField(target) || target?.closest('[role="dialog"]')) return;
      e.preventDefault();
      const st = useAppStore.getState();
      if (key === 'y' || e.shiftKey) void st.redo();
      else void st.undo();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

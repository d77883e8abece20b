/**
 * Transcription keys for the recording, usable while coding (none of them is used by the coding
 * keys, the caret keys of the transcript or the codebook; see README "Keyboard"):
 *  Ctrl+Space (⌃Space)   play / pause
 *  Alt+← / Alt+→         back / forward 5 seconds
 *  Alt+↓ / Alt+↑         slower / faster
 * Alt+↑/↓ on a code in the codebook keep moving the code.
 */
import { useEffect } from 'react';
import { useAppStore } from '../../store';
import { SKIP_SECONDS, hasPlayer, skip, stepRate, togglePlay } from './player';

export function useMediaKeys() {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || !hasPlayer() || useAppStore.getState().view !== 'coding') return;
      const target = e.target as Element | null;
      if (target?.closest('[role="dialog"], dialog, input, textarea, select')) return;
      if (e.ctrlKey && !e.altKey && !e.shiftKey && !e.metaKey && (e.code === 'Space' || e.key === ' ')) {
        e.preventDefault();
        togglePlay();
        return;
      }
      if (!e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
      if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
        e.preventDefault(); // also keeps Alt+← from going back in the browser's history
        skip(e.key === 'ArrowLeft' ? -SKIP_SECONDS : SKIP_SECONDS);
      } else if ((e.key === 'ArrowDown' || e.key === 'ArrowUp') && !target?.closest('[role="tree"], [role="treeitem"]')) {
        e.preventDefault();
        stepRate(e.key === 'ArrowDown' ? -1 : 1);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

/**
 * "[12:04]" before an extract or quote whose document has timed turns: a button that opens the
 * document at the passage and plays its recording from that time (the media slice's
 * `playPassage`; without a playable recording it only opens the document at the passage).
 */
import { formatTimestamp } from '../../../shared/media/timeline';
import { useAppStore } from '../../store';

export function PassageTime({ documentId, start, end, time }: { documentId: number; start: number; end: number; time: { start: number } | undefined }) {
  if (!time) return null;
  const label = formatTimestamp(time.start);
  return (
    <button
      type="button"
      className="passage-time small"
      data-testid="passage-time"
      title="Open the document here and play the recording from this time"
      aria-label={`Play the recording from ${label}`}
      onClick={() => void useAppStore.getState().playPassage(documentId, start, end, time.start)}
    >
      {label}
    </button>
  );
}

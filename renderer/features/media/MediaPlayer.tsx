/**
 * The recording of the open document, docked above its transcript: the native player, the
 * playback rate, the turn being spoken (set in the store so the transcript highlights and follows
 * it), and the states a researcher must see — no recording (link one), "recording not found"
 * (re-link), changed since linked, and a recording the engine cannot play (container and codec
 * named: shared/media/formats.ts).
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { playbackFailureMessage, PLAYABLE_EXTENSIONS } from '../../../shared/media/formats';
import { timeline, turnAt, turnAtOffset } from '../../../shared/media/timeline';
import { domPointToOffset } from '../documents/dom-offsets';
import type { SourceDocument } from '../../../shared/types/entities';
import { FileDialog } from '../../components/FileDialog';
import { useAppStore, type AppState } from '../../store';
import { mediaUrl } from '../../store/media';
import { Waveform } from './Waveform';
import { attachPlayer, playFrom, positionMs, RATES, SKIP_SECONDS, skip, stepRate } from './player';

const selectMedia = (s: AppState) => s.media;
const selectReadOnly = (s: AppState) => s.project?.readOnly ?? null;
const selectPendingPlay = (s: AppState) => s.pendingPlay;

export function MediaPlayer({ document: doc }: { document: SourceDocument }) {
  const media = useAppStore(selectMedia);
  const readOnly = useAppStore(selectReadOnly);
  const [choosing, setChoosing] = useState(false);
  const [copy, setCopy] = useState(false);
  /** The engine's refusal of the recording, for the ticket (file) it was about. */
  const [failed, setFailed] = useState<{ ticket: string; message: string } | null>(null);
  const [rate, setRate] = useState(1);
  const elementRef = useRef<HTMLMediaElement | null>(null);
  /** The element too as state, for the waveform that follows it. */
  const [element, setElement] = useState<HTMLMediaElement | null>(null);
  const attach = useCallback((el: HTMLMediaElement | null) => {
    elementRef.current = el;
    attachPlayer(el);
    setElement(el);
  }, []);
  const line = useMemo(() => timeline(doc.turns), [doc.turns]);
  const hasTimes = line.length > 0;

  useEffect(() => {
    // the link normally came with the document (openDocument): ask only when it did not
    if (useAppStore.getState().media?.documentId !== doc.id) void useAppStore.getState().loadMedia(doc.id);
    // (the element detaches itself through its ref: detaching here would run after the next document's player attached)
    return () => {
      useAppStore.getState().setPlayingTurn(null);
    };
  }, [doc.id]);

  const source = media && media.documentId === doc.id ? media.source : undefined;
  const ticket = source?.ticket ?? null;
  const failure = failed && failed.ticket === ticket ? failed.message : null;

  // An extract's "[12:04]" asked to play this document from a time: start once the recording can
  // seek (now, when it already can); with no playable recording here, the document just stays open.
  const pendingPlay = useAppStore(selectPendingPlay);
  const playable = source !== undefined && source !== null && source.status !== 'missing' && ticket !== null;
  const startPending = () => {
    const want = useAppStore.getState().pendingPlay;
    const el = elementRef.current;
    if (!want || want.documentId !== doc.id || !el || el.readyState < 1) return;
    useAppStore.getState().clearPendingPlay();
    playFrom(want.ms);
  };
  useEffect(() => {
    if (!pendingPlay || pendingPlay.documentId !== doc.id || source === undefined) return;
    if (!playable) useAppStore.getState().clearPendingPlay();
    else startPending();
  });

  const onTime = () => {
    const el = elementRef.current;
    if (!el) return;
    const turn = turnAt(line, el.currentTime * 1000);
    useAppStore.getState().setPlayingTurn(turn ? turn.start : null);
  };

  /** The turn with the caret (or the selection's start) gets the playback position as its time. */
  const setTimeFromPlayback = () => {
    const st = useAppStore.getState();
    const root = window.document.querySelector('[data-testid="document-text"]');
    const sel = window.getSelection();
    const caret = root && sel?.focusNode && root.contains(sel.focusNode) ? domPointToOffset(root, sel.focusNode, sel.focusOffset) : null;
    const offset = st.selection && st.selection.documentId === doc.id ? st.selection.start : caret;
    const turn = offset === null ? null : turnAtOffset(doc.turns, offset);
    const ms = positionMs();
    if (!turn || ms === null) {
      st.notify('info', 'Click in a speaker turn first', 'Put the caret in the turn whose time to set, then press “Set turn time” while the recording is at its beginning.');
      return;
    }
    void st.setTurnTime(turn.id, ms);
  };

  const chooser = choosing ? (
    <FileDialog
      title={source ? 'Re-link the recording' : 'Link a recording'}
      mode="open"
      confirmLabel="Link"
      extensions={[...PLAYABLE_EXTENSIONS]}
      onCancel={() => setChoosing(false)}
      onConfirm={([path]) => {
        setChoosing(false);
        if (path) void useAppStore.getState().linkMedia(path, copy);
      }}
    />
  ) : null;
  const linkControls = (label: string) =>
    readOnly ? null : (
      <>
        <button type="button" className="small" onClick={() => setChoosing(true)} data-testid="media-link">
          {label}
        </button>
        <label className="small muted media-copy">
          <input type="checkbox" checked={copy} onChange={(e) => setCopy(e.target.checked)} /> copy beside the project
        </label>
      </>
    );

  if (source === undefined) return null; // not asked yet
  if (source === null) {
    return (
      <div className="media-bar media-none" data-testid="media-player">
        <span className="muted small">{hasTimes ? 'This transcript has times: link its recording to play it beside the text.' : 'No recording linked.'}</span>
        {linkControls('Link recording…')}
        {chooser}
      </div>
    );
  }
  if (source.status === 'missing' || !ticket) {
    return (
      <div className="media-bar media-missing" data-testid="media-player">
        <p role="alert" className="media-problem">
          <strong>Recording not found:</strong> {source.fileName}. {source.problem}
        </p>
        {linkControls('Re-link…')}
        {readOnly ? null : (
          <button type="button" className="small" onClick={() => void useAppStore.getState().unlinkMedia()}>
            Unlink
          </button>
        )}
        {chooser}
      </div>
    );
  }

  const Tag = source.kind === 'video' ? 'video' : 'audio';
  return (
    <div className={`media-bar media-${source.kind}`} data-testid="media-player">
      <div className="media-row">
        <Tag
          ref={attach}
          key={ticket}
          src={mediaUrl(ticket)}
          controls
          preload="metadata"
          aria-label={`Recording: ${source.fileName}`}
          data-testid="media-element"
          onLoadedMetadata={startPending}
          onTimeUpdate={onTime}
          onSeeked={onTime}
          onRateChange={(e) => setRate(e.currentTarget.playbackRate)}
          onError={(e) => {
            useAppStore.getState().clearPendingPlay();
            setFailed({ ticket, message: playbackFailureMessage(source.fileName, e.currentTarget.error?.code ?? 0) });
          }}
        />
        <div className="media-tools">
          <button type="button" className="small" onClick={() => skip(-SKIP_SECONDS)} title="Back 5 seconds (Alt+←)" aria-label="Back 5 seconds">
            −{SKIP_SECONDS} s
          </button>
          <button type="button" className="small" onClick={() => stepRate(-1)} disabled={rate <= RATES[0]} title="Slower (Alt+↓)" aria-label="Slower">
            slower
          </button>
          <span className="media-rate" data-testid="media-rate" aria-live="polite">
            {rate.toFixed(2).replace(/0$/, '')}×
          </span>
          <button type="button" className="small" onClick={() => stepRate(1)} disabled={rate >= RATES[RATES.length - 1]!} title="Faster (Alt+↑)" aria-label="Faster">
            faster
          </button>
          {readOnly ? null : (
            <button
              type="button"
              className="small"
              onMouseDown={(e) => e.preventDefault()}
              onClick={setTimeFromPlayback}
              title="Set the time of the turn with the caret to the playback position"
              data-testid="media-set-time"
            >
              Set turn time
            </button>
          )}
          <span className="muted small media-name" title={source.absolutePath}>
            {source.fileName}
          </span>
          {linkControls('Re-link…')}
        </div>
      </div>
      {source.kind === 'audio' && !failure ? <Waveform key={ticket} url={mediaUrl(ticket)} size={source.size} element={element} /> : null}
      {failure ? (
        <p role="alert" className="media-problem" data-testid="media-failure">
          {failure}
        </p>
      ) : null}
      {source.status === 'changed' ? <p className="media-warning small">{source.problem}</p> : null}
      {!hasTimes ? (
        <p className="muted small">This transcript has no times yet: put the caret in a turn and press “Set turn time” when the recording reaches it.</p>
      ) : null}
      <p className="muted small media-keys">Ctrl+Space play/pause · Alt+← back 5 s · Alt+→ forward 5 s · Alt+↓ / Alt+↑ slower / faster · click a time to play from it</p>
      {chooser}
    </div>
  );
}


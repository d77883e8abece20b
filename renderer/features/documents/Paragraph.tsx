/**
 * One paragraph of a transcript: text runs (one element per run of constant coding cover, each
 * with `data-s` = its start offset and exactly one text node), the coding stripes in the right
 * margin, the boundary handles of the active coding, and a gutter button that codes the
 * paragraph. Memoised: it re-renders only when its own codings, the active coding touching it,
 * its flash or the text width change.
 */
import { memo, useLayoutEffect, useMemo, useRef, type KeyboardEvent, type PointerEvent } from 'react';
import { segmentRange } from '../../../shared/domain/segments';
import type { ParaCoding } from './layout';
import { highlightBackground } from './highlight-style';
import { queueStripeLayout } from './stripe-layout';

export interface ActiveInPara {
  id: number;
  name: string;
  start: number;
  end: number;
}

export interface ParagraphProps {
  text: string;
  start: number;
  end: number;
  codings: ParaCoding[];
  timeLabel: string | null;
  /** The turn of this paragraph is being spoken in the recording that plays. */
  playing?: boolean;
  /** Plays the recording from this paragraph's turn (its timestamp becomes a button); null: no playable recording. */
  onPlayFrom?: ((start: number) => void) | null;
  /** The active coding (with its previewed range) when it touches this paragraph. */
  active: ActiveInPara | null;
  /** Non-zero when a jump landed here; a new number replays the flash. */
  flash: number;
  width: number;
  onStripe(codingId: number, x: number, y: number): void;
  onCodeParagraph(offset: number, x: number, y: number): void;
  onDropOnParagraph(offset: number, codeId: number): void;
  onHandlePointerDown(edge: 'start' | 'end', e: PointerEvent<HTMLElement>): void;
  onHandleKeyDown(edge: 'start' | 'end', e: KeyboardEvent<HTMLElement>): void;
}

export const CODE_DRAG_TYPE = 'application/x-weft-code';
/** Width of one stripe lane, in px. */
export const LANE_WIDTH = 17;

function ParagraphImpl(props: ParagraphProps) {
  const { text, start, end, codings, timeLabel, active, flash, playing = false, onPlayFrom = null } = props;
  const ref = useRef<HTMLDivElement>(null);

  // the codings as drawn: the active one at its previewed range
  const drawn = useMemo(
    () => codings.map((c) => (active && c.id === active.id && (c.start !== active.start || c.end !== active.end) ? { ...c, start: active.start, end: active.end } : c)),
    [codings, active],
  );
  const segments = useMemo(() => segmentRange(start, end, drawn), [start, end, drawn]);
  const byId = useMemo(() => new Map(drawn.map((c) => [c.id, c])), [drawn]);

  // stripe extents: from the top of the coding's first line to the bottom of its last line here.
  // Measured from the laid-out text after every render (a reflow moves lines without any prop
  // changing) and set before paint — measuring the DOM is what useLayoutEffect is for. The
  // measurements of all paragraphs rendered together are read at once, then written at once
  // (stripe-layout.ts): one layout, and no second render. No dependency list, on purpose.
  useLayoutEffect(() => {
    const el = ref.current;
    if (el && drawn.length) queueStripeLayout(el, start, end, drawn, segments);
  });
  const activeStartHere = active && active.start >= start && active.start < Math.max(end, start + 1) ? active.start : null;
  const activeEndHere = active && active.end > start && active.end <= end ? active.end : null;

  const handle = (edge: 'start' | 'end') => (
    <span
      key={`handle-${edge}`}
      className={`handle handle-${edge}`}
      data-nontext=""
      contentEditable={false}
      suppressContentEditableWarning
      role="slider"
      tabIndex={0}
      aria-label={`${edge === 'start' ? 'Start' : 'End'} of ${active!.name} coding`}
      aria-valuemin={0}
      aria-valuemax={text.length}
      aria-valuenow={edge === 'start' ? active!.start : active!.end}
      title="Drag to adjust; or focus and use ← → (Ctrl: by word)"
      onMouseDown={(e) => e.preventDefault()}
      onPointerDown={(e) => props.onHandlePointerDown(edge, e)}
      onKeyDown={(e) => props.onHandleKeyDown(edge, e)}
    />
  );

  const children: React.ReactNode[] = [];
  if (start === end) children.push(<br key="br" />);
  for (const seg of segments) {
    if (activeStartHere === seg.start) children.push(handle('start'));
    const covering = seg.cover.map((id) => byId.get(id)!).filter(Boolean);
    const isActive = active !== null && seg.cover.includes(active.id);
    children.push(
      <span
        key={seg.start}
        data-s={seg.start}
        className={covering.length ? (isActive ? 'hl hl-active' : 'hl') : undefined}
        data-coding-ids={covering.length ? covering.map((c) => c.id).join(' ') : undefined}
        data-codes={covering.length ? covering.map((c) => c.name).join(' | ') : undefined}
        title={covering.length ? covering.map((c) => `${c.name} — ${c.coder}`).join('\n') : undefined}
        style={covering.length ? { background: highlightBackground(covering.map((c) => c.color)) } : undefined}
      >
        {text.slice(seg.start, seg.end)}
      </span>,
    );
    if (activeEndHere === seg.end) children.push(handle('end'));
  }

  return (
    <div
      ref={ref}
      className={`para${codings.length ? ' coded' : ''}${playing ? ' playing' : ''}`}
      data-playing={playing ? '' : undefined}
      data-start={start}
      data-end={end}
      onDragOver={(e) => {
        if (e.dataTransfer.types.includes(CODE_DRAG_TYPE)) e.currentTarget.classList.add('drop-target');
      }}
      onDragLeave={(e) => e.currentTarget.classList.remove('drop-target')}
      onDrop={(e) => e.currentTarget.classList.remove('drop-target')}
    >
      {timeLabel !== null && onPlayFrom ? (
        <button
          type="button"
          className="turn-time play"
          data-nontext=""
          contentEditable={false}
          suppressContentEditableWarning
          tabIndex={-1}
          aria-label={`Play the recording from ${timeLabel}`}
          title={`Play from ${timeLabel}`}
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => onPlayFrom(start)}
        >
          {timeLabel}
        </button>
      ) : timeLabel !== null ? (
        <span className="turn-time" data-nontext aria-hidden="true" contentEditable={false} suppressContentEditableWarning>
          {timeLabel}
        </span>
      ) : null}
      {start < end ? (
        <button
          type="button"
          className="para-code"
          data-nontext=""
          contentEditable={false}
          suppressContentEditableWarning
          tabIndex={-1}
          aria-label="Code this paragraph"
          title="Code this whole paragraph or speaker turn (Ctrl+Shift+P). Drop a code here to apply it."
          onMouseDown={(e) => e.preventDefault()}
          onClick={(e) => props.onCodeParagraph(start, e.clientX, e.clientY)}
          onDragOver={(e) => {
            if (e.dataTransfer.types.includes(CODE_DRAG_TYPE)) {
              e.preventDefault();
              e.dataTransfer.dropEffect = 'copy';
            }
          }}
          onDrop={(e) => {
            const id = Number(e.dataTransfer.getData(CODE_DRAG_TYPE));
            if (id) {
              e.preventDefault();
              e.stopPropagation();
              props.onDropOnParagraph(start, id);
            }
          }}
        >
          ¶
        </button>
      ) : null}
      {children}
      {flash ? <span key={flash} className="jump-flash" data-nontext aria-hidden="true" /> : null}
      {drawn.length ? (
        <span className="stripes" data-nontext="" contentEditable={false} suppressContentEditableWarning>
          {drawn.map((c) => {
            // top and height (and the label's top) are set before paint by the layout effect above
            const starts = c.start >= start;
            const lane = Math.min(c.lane, 11);
            return (
              <button
                key={c.id}
                type="button"
                tabIndex={-1}
                className={`stripe${active?.id === c.id ? ' active' : ''}${starts ? ' first' : ''}`}
                data-coding-id={c.id}
                style={{ left: lane * LANE_WIDTH, ['--c' as string]: c.color }}
                aria-label={`Coding stripe: ${c.name} (${c.coder})${c.hasMemo ? ', has a memo' : ''}`}
                title={`${c.name} — ${c.coder}${c.hasMemo ? ' ✎' : ''}`}
                onMouseDown={(e) => e.preventDefault()}
                onClick={(e) => props.onStripe(c.id, e.clientX, e.clientY)}
              >
                {starts ? (
                  <span className={`stripe-label${c.showCoder ? ' with-coder' : ''}`} style={{ left: `calc(var(--stripe-lanes, 0px) - ${lane * LANE_WIDTH}px + 2px)` }}>
                    {c.hasMemo ? `✎ ${c.name}` : c.name}
                    {c.showCoder ? <span className="stripe-coder"> · {c.coder}</span> : null}
                  </span>
                ) : null}
              </button>
            );
          })}
        </span>
      ) : null}
    </div>
  );
}

export const Paragraph = memo(ParagraphImpl, (a, b) => {
  return (
    a.text === b.text &&
    a.start === b.start &&
    a.end === b.end &&
    a.codings === b.codings &&
    a.timeLabel === b.timeLabel &&
    a.playing === b.playing &&
    a.onPlayFrom === b.onPlayFrom &&
    a.flash === b.flash &&
    a.width === b.width &&
    (a.active === b.active ||
      (a.active !== null && b.active !== null && a.active.id === b.active.id && a.active.start === b.active.start && a.active.end === b.active.end && a.active.name === b.active.name)) &&
    a.onStripe === b.onStripe
  );
});

/**
 * The transcript: virtualised paragraphs (only those near the viewport are in the DOM), exact
 * highlights, coding stripes, boundary handles, the pending selection and jump flashes (CSS
 * Custom Highlights, so the text DOM is never changed by them).
 *
 * Offsets: every paragraph element carries data-start/data-end and every text run data-s, so a
 * DOM selection maps to UTF-16 offsets (dom-offsets.ts) whichever paragraphs are rendered.
 */
import { useCallback, useEffect, useEffectEvent, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { defaultRangeExtractor, useVirtualizer, type Range as VirtualRange } from '@tanstack/react-virtual';
import { paragraphs } from '../../../shared/domain/text';
import { snapToGraphemes, snapToWords, trimRange } from '../../../shared/domain/offsets';
import type { SourceDocument } from '../../../shared/types/entities';
import { useAppStore, type AppState } from '../../store';
import { selectVisibleCodings } from '../../store/team';
import { domPointToOffset, offsetToDomPoint, rangesForOffsets, selectionToRange } from './dom-offsets';
import { assignLanes, bucketByParagraph, mergeIdenticalCodings, paragraphAt, ParagraphCache, type ParaCoding } from './layout';
import { CODE_DRAG_TYPE, LANE_WIDTH, Paragraph, type ActiveInPara } from './Paragraph';
import { formatTime } from '../../../shared/media/timeline';
import { playFrom } from '../media/player';
import { host } from '../../browser/host';

const selectCodings = selectVisibleCodings; // team coding: only the coders chosen in the coder bar (store/team.ts)
const selectCodes = (s: AppState) => s.codes;
const selectCodingMemos = (s: AppState) => s.codingMemos;
const selectActiveCodingId = (s: AppState) => s.activeCodingId;
const selectAdjust = (s: AppState) => s.adjust;
const selectJumpTarget = (s: AppState) => s.jumpTarget;
const selectSelection = (s: AppState) => s.selection;
const selectPlayingTurnStart = (s: AppState) => s.playingTurnStart;
/** The document whose recording can be played now (a timestamp click plays from there), or null. */
const selectPlayableDocument = (s: AppState) => (host !== 'electron' && s.media?.source?.ticket && s.media.source.status !== 'missing' ? s.media.documentId : null);

const LINE = 28;
const CHAR = 8.2;

type CaretDoc = Document & {
  caretPositionFromPoint?: (x: number, y: number) => { offsetNode: Node; offset: number } | null;
  caretRangeFromPoint?: (x: number, y: number) => Range | null;
};

function caretAt(x: number, y: number): { node: Node; offset: number } | null {
  const d = document as CaretDoc;
  if (d.caretPositionFromPoint) {
    const p = d.caretPositionFromPoint(x, y);
    return p ? { node: p.offsetNode, offset: p.offset } : null;
  }
  const r = d.caretRangeFromPoint?.(x, y);
  return r ? { node: r.startContainer, offset: r.startOffset } : null;
}

/** Registers a named CSS highlight (no-op where the Custom Highlight API is missing). */
function setHighlight(name: string, ranges: Range[]) {
  const reg = (CSS as unknown as { highlights?: Map<string, unknown> }).highlights;
  const H = (globalThis as unknown as { Highlight?: new (...r: Range[]) => unknown }).Highlight;
  if (!reg || !H) return;
  if (ranges.length) reg.set(name, new H(...ranges));
  else reg.delete(name);
}

export function DocumentView({ document: doc }: { document: SourceDocument }) {
  const codings = useAppStore(selectCodings);
  const codes = useAppStore(selectCodes);
  const codingMemos = useAppStore(selectCodingMemos);
  const activeCodingId = useAppStore(selectActiveCodingId);
  const adjust = useAppStore(selectAdjust);
  const jumpTarget = useAppStore(selectJumpTarget);
  const selection = useAppStore(selectSelection);
  const playingTurnStart = useAppStore(selectPlayingTurnStart);
  const canPlay = useAppStore(selectPlayableDocument) === doc.id;
  const scrollRef = useRef<HTMLDivElement>(null);
  const rootRef = useRef<HTMLDivElement>(null);
  const cacheRef = useRef(new ParagraphCache());
  const anchorPara = useRef<number | null>(null);
  const [width, setWidth] = useState(640);

  const paras = useMemo(() => paragraphs(doc.text), [doc.text]);
  const timeLabels = useMemo(() => {
    const m = new Map<number, string>();
    for (const t of doc.turns) if (t.beginMs !== null) m.set(t.start, formatTime(t.beginMs));
    return m;
  }, [doc.turns]);
  /** The turn being spoken while the recording plays: [start, end) of the text. */
  const playingTurn = useMemo(() => (playingTurnStart === null ? null : (doc.turns.find((t) => t.start === playingTurnStart) ?? null)), [doc.turns, playingTurnStart]);
  const onPlayFrom = useCallback(
    (start: number) => {
      const turn = doc.turns.find((t) => t.start === start);
      if (turn?.beginMs !== null && turn?.beginMs !== undefined) playFrom(turn.beginMs);
    },
    [doc.turns],
  );

  const { perPara, lanes } = useMemo(() => {
    const codeById = new Map(codes.map((c) => [c.id, c]));
    // identical codings by several coders are drawn once, naming them all
    const merged = mergeIdenticalCodings(codings);
    const showCoder = new Set(codings.map((c) => c.coderId)).size > 1;
    const laneOf = assignLanes(merged);
    let max = 0;
    const items: ParaCoding[] = merged.map((c) => {
      const code = codeById.get(c.codeId);
      const lane = laneOf.get(c.id) ?? 0;
      if (lane > max) max = lane;
      return {
        id: c.id,
        codeId: c.codeId,
        start: c.start,
        end: c.end,
        lane,
        color: code?.color ?? '#cccccc',
        name: code?.name ?? '(deleted code)',
        coder: c.coders.join(', '),
        showCoder,
        hasMemo: (codingMemos[c.id]?.length ?? 0) > 0,
      };
    });
    return { perPara: cacheRef.current.update(`${doc.id}:${doc.text.length}`, bucketByParagraph(paras, items)), lanes: codings.length ? max + 1 : 0 };
  }, [codings, codes, codingMemos, paras, doc.id, doc.text.length]);

  // the active coding, at its previewed range while being adjusted
  const active = useMemo((): ActiveInPara | null => {
    const c = codings.find((k) => k.id === activeCodingId);
    if (!c) return null;
    const range = adjust && adjust.codingId === c.id ? adjust : c;
    return { id: c.id, name: codes.find((x) => x.id === c.codeId)?.name ?? 'code', start: range.start, end: range.end };
  }, [codings, codes, activeCodingId, adjust]);
  const activeSpan = useMemo(() => {
    if (!active) return null;
    const c = codings.find((k) => k.id === active.id)!;
    return { from: Math.min(c.start, active.start), to: Math.max(c.end, active.end) };
  }, [active, codings]);

  // paragraphs kept rendered even when scrolled away: the selection's, the active coding's, a jump's
  const pinned = useRef<number[]>([]);
  pinned.current = [
    anchorPara.current,
    selection && selection.documentId === doc.id ? paragraphAt(paras, selection.start) : null,
    selection && selection.documentId === doc.id ? paragraphAt(paras, selection.end) : null,
    activeSpan ? paragraphAt(paras, activeSpan.from) : null,
    activeSpan ? paragraphAt(paras, activeSpan.to) : null,
    jumpTarget && jumpTarget.documentId === doc.id ? paragraphAt(paras, jumpTarget.start) : null,
  ].filter((i): i is number => i !== null);

  const rangeExtractor = useCallback((range: VirtualRange) => {
    const base = defaultRangeExtractor(range);
    const extra = pinned.current.filter((i) => i < range.count && !base.includes(i));
    return extra.length ? [...base, ...extra].sort((a, b) => a - b) : base;
  }, []);

  const virtualizer = useVirtualizer({
    count: paras.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (i) => {
      const p = paras[i]!;
      const perLine = Math.max(20, Math.floor(width / CHAR));
      return Math.max(1, Math.ceil((p.end - p.start) / perLine)) * LINE + 10;
    },
    // paragraphs kept beyond each edge: those entering are rendered in the scroll event itself, so more
    // would only add rows that are styled, laid out and painted every frame (bench figure 6c)
    overscan: 4,
    getItemKey: (i) => paras[i]!.start,
    rangeExtractor,
  });

  useLayoutEffect(() => {
    const el = rootRef.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(Math.round(el.clientWidth)));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // the pending selection and the jump target, drawn without touching the text DOM
  useLayoutEffect(() => {
    const root = rootRef.current;
    if (!root) return;
    setHighlight('weft-selection', selection && selection.documentId === doc.id ? rangesForOffsets(root, selection.start, selection.end) : []);
    setHighlight('weft-jump', jumpTarget && jumpTarget.documentId === doc.id ? rangesForOffsets(root, jumpTarget.start, jumpTarget.end) : []);
  });
  useEffect(
    () => () => {
      setHighlight('weft-selection', []);
      setHighlight('weft-jump', []);
    },
    [],
  );

  // jumping: scroll the paragraph into view, then centre the exact run — once per jump (its
  // `seq`) or document, reading the paragraphs and the virtualizer as they are at that moment
  const jump = useEffectEvent(() => {
    if (!jumpTarget || jumpTarget.documentId !== doc.id) return;
    virtualizer.scrollToIndex(paragraphAt(paras, jumpTarget.start), { align: 'center' });
    let frames = 0;
    const settle = () => {
      const root = rootRef.current;
      const p = root ? offsetToDomPoint(root, jumpTarget.start) : null;
      const el = p ? (p.node.nodeType === 3 ? p.node.parentElement : (p.node as HTMLElement)) : null;
      if (el) el.scrollIntoView({ block: 'center' });
      else if (frames++ < 30) requestAnimationFrame(settle);
    };
    requestAnimationFrame(() => requestAnimationFrame(settle));
  });
  useEffect(() => jump(), [jumpTarget?.seq, doc.id]);

  // while the recording plays, the turn being spoken is kept in view (unless the researcher is selecting text)
  const follow = useEffectEvent(() => {
    if (!playingTurn) return;
    const st = useAppStore.getState();
    if (st.selection && st.selection.documentId === doc.id) return;
    virtualizer.scrollToIndex(paragraphAt(paras, playingTurn.start), { align: 'auto' });
  });
  useEffect(() => follow(), [playingTurn?.start]);
  // after a reload: back to the paragraph that was first in view (once); then, while scrolling,
  // that paragraph is remembered for the next time (store/last-place.ts)
  const restore = useEffectEvent(() => {
    const st = useAppStore.getState();
    const place = st.restorePlace;
    if (!place || place.documentId !== doc.id) return;
    useAppStore.setState({ restorePlace: null });
    if (jumpTarget?.documentId === doc.id) return;
    const index = paragraphAt(paras, place.offset);
    virtualizer.scrollToIndex(index, { align: 'start' });
    // the sizes were estimates: once the paragraphs around it are measured, align it again
    requestAnimationFrame(() => requestAnimationFrame(() => virtualizer.scrollToIndex(index, { align: 'start' })));
  });
  useEffect(() => restore(), [doc.id]);
  const remember = useEffectEvent(() => {
    const item = virtualizer.getVirtualItemForOffset(virtualizer.scrollOffset ?? 0);
    const para = item ? paras[item.index] : undefined;
    if (para) useAppStore.getState().rememberPlace(doc.id, para.start);
  });
  useEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onScroll = () => {
      clearTimeout(timer);
      timer = setTimeout(remember, 300);
    };
    el.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      clearTimeout(timer);
      el.removeEventListener('scroll', onScroll);
    };
  }, [doc.id]);

  const captureSelection = useCallback(
    (e?: { target: EventTarget | null; clientX?: number; clientY?: number }) => {
      const root = rootRef.current;
      if (!root) return;
      const st = useAppStore.getState();
      const range = selectionToRange(root, window.getSelection());
      if (!range) {
        // a click: on a highlight it opens the coding details
        const target = e?.target as HTMLElement | null;
        const hl = target?.closest?.('.hl') as HTMLElement | null;
        if (hl && e?.clientX !== undefined) {
          const ids = (hl.dataset.codingIds ?? '').split(' ').map(Number).filter(Boolean);
          if (ids.length) st.openPopover(ids, e.clientX, e.clientY!);
        } else if (e?.clientX !== undefined && !target?.closest?.('[data-nontext]')) {
          st.setSelection(null);
          if (st.activeCodingId !== null) st.setActiveCoding(null);
        }
        return;
      }
      let [s, en] = trimRange(doc.text, range[0], range[1]);
      if (en <= s) return;
      [s, en] = st.snapToWords ? snapToWords(doc.text, s, en) : snapToGraphemes(doc.text, s, en);
      st.setSelection({ documentId: doc.id, start: s, end: en, text: doc.text.slice(s, en) });
    },
    [doc],
  );

  const onStripe = useCallback((codingId: number, x: number, y: number) => {
    const st = useAppStore.getState();
    st.setActiveCoding(codingId);
    st.openPopover([codingId], x, y);
  }, []);

  const onCodeParagraph = useCallback((offset: number) => {
    const st = useAppStore.getState();
    if (st.selectParagraph(offset)) st.openPalette();
  }, []);

  const onDropOnParagraph = useCallback((offset: number, codeId: number) => {
    const st = useAppStore.getState();
    const r = st.paragraphRange(offset);
    if (r) void st.applyCode(codeId, r);
  }, []);

  const onHandlePointerDown = useCallback(
    (edge: 'start' | 'end', e: PointerEvent<HTMLElement>) => {
      e.preventDefault();
      e.stopPropagation();
      const root = rootRef.current;
      if (!root) return;
      root.classList.add('adjusting');
      const move = (ev: globalThis.PointerEvent) => {
        const st = useAppStore.getState();
        const c = st.codings.find((k) => k.id === st.activeCodingId);
        if (!c) return;
        const caret = caretAt(ev.clientX, ev.clientY);
        const pos = caret ? domPointToOffset(root, caret.node, caret.offset) : null;
        if (pos === null) return;
        const cur = st.adjust && st.adjust.codingId === c.id ? st.adjust : c;
        let s = cur.start;
        let en = cur.end;
        if (edge === 'start') s = Math.min(pos, en - 1);
        else en = Math.max(pos, s + 1);
        [s, en] = snapToGraphemes(doc.text, s, en);
        if (s !== cur.start || en !== cur.end) st.previewAdjust(s, en);
      };
      const up = () => {
        window.removeEventListener('pointermove', move);
        window.removeEventListener('pointerup', up);
        root.classList.remove('adjusting');
        void useAppStore.getState().commitAdjust();
      };
      window.addEventListener('pointermove', move);
      window.addEventListener('pointerup', up);
    },
    [doc.text],
  );

  const onHandleKeyDown = useCallback((edge: 'start' | 'end', e: KeyboardEvent<HTMLElement>) => {
    const st = useAppStore.getState();
    if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
      e.preventDefault();
      e.stopPropagation();
      st.nudgeActive(edge, e.key === 'ArrowLeft' ? -1 : 1, e.ctrlKey || e.metaKey || e.altKey ? 'word' : 'char');
    } else if (e.key === 'Enter') {
      e.preventDefault();
      void st.commitAdjust();
    }
  }, []);

  const items = virtualizer.getVirtualItems();
  const flashPara = jumpTarget && jumpTarget.documentId === doc.id ? paragraphAt(paras, jumpTarget.start) : -1;
  // room for at least 4 lanes is always kept, so the first codings do not reflow the text
  const lanesWidth = Math.min(Math.max(lanes, 4), 12) * LANE_WIDTH;
  const margin = lanesWidth + 8 + 130;

  return (
    <article className="document-view" aria-label={`Transcript: ${doc.name}`}>
      <header className="document-head">
        <h2>{doc.name}</h2>
        <p className="muted">
          {doc.words.toLocaleString()} words · {doc.format}
          {doc.speakers.length ? ` · ${doc.speakers.map((s) => s.name).join(', ')}` : ''}
        </p>
      </header>
      <div className="doc-scroll" ref={scrollRef} data-testid="document-scroll">
        {/* eslint-disable-next-line jsx-a11y/no-static-element-interactions -- the document text is a focusable selection surface, not a control: mouse-down records where a selection starts; coding is done with the keys and the popover */}
        <div
          ref={rootRef}
          className="document-text"
          data-testid="document-text"
          data-start={0}
          data-end={doc.text.length}
          data-paragraphs={paras.length}
          style={{ height: virtualizer.getTotalSize(), ['--stripe-margin' as string]: `${margin}px`, ['--stripe-lanes' as string]: `${lanesWidth}px` }}
          // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- focusable so keyboard users can select text (Shift+arrows) and code it with the coding keys
          tabIndex={0}
          onMouseDown={(e) => {
            const para = (e.target as HTMLElement).closest('.para[data-start]') as HTMLElement | null;
            anchorPara.current = para ? paragraphAt(paras, Number(para.dataset.start)) : null;
            const st = useAppStore.getState();
            if (st.jumpTarget) useAppStore.setState({ jumpTarget: null });
            if (st.popover && !(e.target as HTMLElement).closest('.stripe')) st.closePopover();
          }}
          onMouseUp={(e) => captureSelection(e)}
          onKeyDown={(e) => {
            // Enter with the caret in a highlight opens its coding details (stripes are not in the tab order)
            if (e.key === 'Enter' && !e.shiftKey && !e.altKey && !e.ctrlKey && !e.metaKey && e.target === rootRef.current) {
              const sel = window.getSelection();
              const node = sel?.focusNode;
              const hl = (node?.nodeType === 3 ? node.parentElement : (node as HTMLElement | null))?.closest('.hl') as HTMLElement | null;
              if (hl && rootRef.current.contains(hl)) {
                e.preventDefault();
                const r = hl.getBoundingClientRect();
                const ids = (hl.dataset.codingIds ?? '').split(' ').map(Number).filter(Boolean);
                useAppStore.getState().openPopover(ids, r.left, r.bottom - 8);
                requestAnimationFrame(() => (document.querySelector('.coding-popover button') as HTMLElement | null)?.focus());
              }
              return;
            }
            // caret browsing in the transcript: arrows move a caret, Shift+arrows select (Ctrl: by word)
            if (e.altKey || e.metaKey || !['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End'].includes(e.key)) return;
            const root = rootRef.current;
            const sel = window.getSelection() as (Selection & { modify?: (a: string, d: string, g: string) => void }) | null;
            if (!root || !sel?.modify) return;
            e.preventDefault();
            if (sel.rangeCount === 0 || !sel.focusNode || !root.contains(sel.focusNode)) {
              const first = [...root.querySelectorAll<HTMLElement>('.para [data-s]')].find((el) => el.getBoundingClientRect().bottom > (scrollRef.current?.getBoundingClientRect().top ?? 0));
              if (first?.firstChild) sel.collapse(first.firstChild, 0);
              return;
            }
            const direction = e.key === 'ArrowLeft' || e.key === 'ArrowUp' || e.key === 'Home' ? 'backward' : 'forward';
            const granularity =
              e.key === 'Home' || e.key === 'End' ? 'lineboundary' : e.key === 'ArrowUp' || e.key === 'ArrowDown' ? (e.ctrlKey ? 'paragraph' : 'line') : e.ctrlKey ? 'word' : 'character';
            if (!e.shiftKey) {
              const para = (sel.anchorNode?.parentElement ?? null)?.closest('.para[data-start]') as HTMLElement | null;
              anchorPara.current = para ? paragraphAt(paras, Number(para.dataset.start)) : anchorPara.current;
            }
            sel.modify(e.shiftKey ? 'extend' : 'move', direction, granularity);
            const focus = sel.focusNode?.nodeType === 3 ? sel.focusNode.parentElement : (sel.focusNode as HTMLElement | null);
            focus?.scrollIntoView({ block: 'nearest' });
          }}
          onKeyUp={(e) => {
            if (e.shiftKey || e.key.startsWith('Arrow') || e.key === 'Home' || e.key === 'End') captureSelection();
          }}
          onDragOver={(e) => {
            if (e.dataTransfer.types.includes(CODE_DRAG_TYPE)) {
              e.preventDefault();
              e.dataTransfer.dropEffect = 'copy';
            }
          }}
          onDrop={(e) => {
            const codeId = Number(e.dataTransfer.getData(CODE_DRAG_TYPE));
            if (!codeId) return;
            e.preventDefault();
            e.stopPropagation();
            const st = useAppStore.getState();
            if (st.selection && st.selection.documentId === doc.id) void st.applyCode(codeId);
            else {
              const para = (e.target as HTMLElement).closest('.para[data-start]') as HTMLElement | null;
              if (para) onDropOnParagraph(Number(para.dataset.start), codeId);
            }
          }}
        >
          {items.map((v) => {
            const p = paras[v.index]!;
            const touchesActive = activeSpan !== null && activeSpan.to >= p.start && activeSpan.from <= p.end;
            return (
              <div key={v.key} className="para-slot" data-index={v.index} ref={virtualizer.measureElement} style={{ top: v.start }}>
                <Paragraph
                  text={doc.text}
                  start={p.start}
                  end={p.end}
                  codings={perPara[v.index]!}
                  timeLabel={timeLabels.get(p.start) ?? null}
                  playing={playingTurn !== null && p.start >= playingTurn.start && p.start < Math.max(playingTurn.end, playingTurn.start + 1)}
                  onPlayFrom={canPlay ? onPlayFrom : null}
                  active={touchesActive ? active : null}
                  flash={v.index === flashPara ? jumpTarget!.seq : 0}
                  width={width}
                  onStripe={onStripe}
                  onCodeParagraph={onCodeParagraph}
                  onDropOnParagraph={onDropOnParagraph}
                  onHandlePointerDown={onHandlePointerDown}
                  onHandleKeyDown={onHandleKeyDown}
                />
              </div>
            );
          })}
        </div>
      </div>
    </article>
  );
}

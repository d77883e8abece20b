import { useCallback, useMemo, useRef } from 'react';
import { paragraphs } from '../../../shared/domain/text';
import { segmentRange } from '../../../shared/domain/segments';
import { snapToGraphemes, trimRange } from '../../../shared/domain/offsets';
import type { Coding, SourceDocument, Turn } from '../../../shared/types/entities';
import { useAppStore } from '../../store';
import { selectVisibleCodings } from '../../store/team';
import { selectionToRange } from './dom-offsets';
import { highlightBackground } from './highlight-style';

const formatTime = (ms: number) => {
  const s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
};

interface ParagraphProps {
  text: string;
  start: number;
  end: number;
  codings: Coding[];
  colorOf: (codeId: number) => string;
  nameOf: (codeId: number) => string;
  turn: Turn | undefined;
}

function Paragraph({ text, start, end, codings, colorOf, nameOf, turn }: ParagraphProps) {
  const segments = useMemo(() => segmentRange(start, end, codings), [start, end, codings]);
  const byId = useMemo(() => new Map(codings.map((c) => [c.id, c])), [codings]);
  const showTurnHead = turn && turn.start === start && (turn.beginMs !== null || turn.speaker);
  return (
    <div className="para" data-start={start} data-end={end}>
      {showTurnHead && turn.beginMs !== null ? (
        <span className="turn-time" data-nontext aria-hidden="true" contentEditable={false}>
          {formatTime(turn.beginMs)}
        </span>
      ) : null}
      {start === end ? <br /> : null}
      {segments.map((seg) => {
        const covering = seg.cover.map((id) => byId.get(id)!).filter(Boolean);
        const colors = covering.map((c) => colorOf(c.codeId));
        return (
          <span
            key={seg.start}
            data-s={seg.start}
            className={covering.length ? 'hl' : undefined}
            data-coding-ids={covering.length ? covering.map((c) => c.id).join(' ') : undefined}
            data-codes={covering.length ? covering.map((c) => nameOf(c.codeId)).join(' | ') : undefined}
            title={covering.length ? covering.map((c) => `${nameOf(c.codeId)} — ${c.coder}`).join('\n') : undefined}
            style={covering.length ? { background: highlightBackground(colors) } : undefined}
          >
            {text.slice(seg.start, seg.end)}
          </span>
        );
      })}
    </div>
  );
}

export function DocumentView({ document: doc }: { document: SourceDocument }) {
  const codings = useAppStore(selectVisibleCodings); // team coding: only the coders chosen in the coder bar (store/team.ts)
  const codes = useAppStore((s) => s.codes);
  const setSelection = useAppStore((s) => s.setSelection);
  const rootRef = useRef<HTMLDivElement>(null);

  const codeById = useMemo(() => new Map(codes.map((c) => [c.id, c])), [codes]);
  const colorOf = useCallback((id: number) => codeById.get(id)?.color ?? '#cccccc', [codeById]);
  const nameOf = useCallback((id: number) => codeById.get(id)?.name ?? '(deleted code)', [codeById]);
  const paras = useMemo(() => paragraphs(doc.text), [doc.text]);
  const turnByStart = useMemo(() => new Map(doc.turns.map((t) => [t.start, t])), [doc.turns]);
  const codingsByPara = useMemo(
    () => paras.map((p) => codings.filter((c) => c.end > p.start && c.start < p.end)),
    [paras, codings],
  );

  const captureSelection = useCallback(() => {
    const root = rootRef.current;
    if (!root) return;
    const range = selectionToRange(root, window.getSelection());
    if (!range) return;
    const [s0, e0] = trimRange(doc.text, range[0], range[1]);
    if (e0 <= s0) return;
    const [start, end] = snapToGraphemes(doc.text, s0, e0);
    setSelection({ documentId: doc.id, start, end, text: doc.text.slice(start, end) });
  }, [doc, setSelection]);

  return (
    <article className="document-view" aria-label={`Transcript: ${doc.name}`}>
      <header className="document-head">
        <h2>{doc.name}</h2>
        <p className="muted">
          {doc.words.toLocaleString()} words · {doc.format}
          {doc.speakers.length ? ` · ${doc.speakers.map((s) => s.name).join(', ')}` : ''}
        </p>
      </header>
      <div
        ref={rootRef}
        className="document-text"
        data-testid="document-text"
        data-start={0}
        data-end={doc.text.length}
        onMouseUp={captureSelection}
        onKeyUp={captureSelection}
        tabIndex={0}
      >
        {paras.map((p, i) => (
          <Paragraph
            key={p.start}
            text={doc.text}
            start={p.start}
            end={p.end}
            codings={codingsByPara[i]!}
            colorOf={colorOf}
            nameOf={nameOf}
            turn={turnByStart.get(p.start)}
          />
        ))}
      </div>
    </article>
  );
}

import { useEffect, useMemo, useState } from 'react';
import { segmentRange } from '../../../shared/domain/segments';
import { paragraphs } from '../../../shared/domain/text';
import type { Coding } from '../../../shared/types/entities';
import { useAppStore } from '../../store';
import { CoderSelect, defaultPair } from './CoderSelect';
import { countOf } from '../../../shared/domain/plural';
import { highlightBackground as background } from '../documents/highlight-style';

const CODER_COLORS = ['#3b5bdb', '#e8590c'];

function Cell({ text, start, end, codings, colorOf, nameOf, coder }: { text: string; start: number; end: number; codings: Coding[]; colorOf: (id: number) => string; nameOf: (id: number) => string; coder: string }) {
  const byId = new Map(codings.map((c) => [c.id, c]));
  return (
    <div className="compare-cell" data-coder={coder}>
      {segmentRange(start, end, codings).map((seg) => {
        const covering = seg.cover.map((id) => byId.get(id)!);
        return (
          <span
            key={seg.start}
            className={covering.length ? 'hl' : undefined}
            data-codes={covering.length ? covering.map((c) => nameOf(c.codeId)).join(' | ') : undefined}
            title={covering.length ? covering.map((c) => nameOf(c.codeId)).join('\n') : undefined}
            style={covering.length ? { background: background(covering.map((c) => colorOf(c.codeId))) } : undefined}
          >
            {text.slice(seg.start, seg.end)}
          </span>
        );
      })}
    </div>
  );
}

/** One document, two coders side by side: each paragraph once per coder, with that coder's codings. */
export function ComparePanel() {
  const documents = useAppStore((s) => s.documents);
  const coders = useAppStore((s) => s.coders);
  const codes = useAppStore((s) => s.codes);
  const activeDocument = useAppStore((s) => s.activeDocument);
  const compare = useAppStore((s) => s.compare);
  const loadCompare = useAppStore((s) => s.loadCompare);
  const [docId, setDocId] = useState<number | null>(activeDocument?.id ?? documents[0]?.id ?? null);
  const [chosenPair, setPair] = useState<[number | null, number | null]>(() => defaultPair(coders));
  // until the coders are loaded there is no pair to choose: the default follows them
  const pair: [number | null, number | null] = chosenPair[0] === null && coders.length ? defaultPair(coders) : chosenPair;

  useEffect(() => {
    if (docId !== null) void loadCompare(docId);
  }, [docId, loadCompare]);

  const codeById = useMemo(() => new Map(codes.map((c) => [c.id, c])), [codes]);
  const colorOf = (id: number) => codeById.get(id)?.color ?? '#cccccc';
  const nameOf = (id: number) => codeById.get(id)?.name ?? '(deleted code)';
  const doc = compare && compare.document.id === docId ? compare.document : null;
  const paras = useMemo(() => (doc ? paragraphs(doc.text) : []), [doc]);
  const sides = pair.map((id) => ({
    id,
    name: coders.find((c) => c.id === id)?.name ?? '—',
    codings: compare?.codings.filter((c) => c.coderId === id) ?? [],
  }));

  return (
    <section aria-label="Compare coders">
      <h2>Two coders side by side</h2>
      <div className="team-controls">
        <label>
          Document
          <select value={docId ?? ''} onChange={(e) => setDocId(Number(e.target.value))}>
            {documents.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </label>
        <CoderSelect label="Left" value={pair[0]} onChange={(id) => setPair([id, pair[1]])} includeConsensus />
        <CoderSelect label="Right" value={pair[1]} onChange={(id) => setPair([pair[0], id])} includeConsensus />
      </div>
      {!doc ? (
        <p className="muted">{documents.length ? 'Loading…' : 'No documents yet.'}</p>
      ) : (
        <div className="compare-grid" role="table" aria-label={`${doc.name}: ${sides[0]!.name} and ${sides[1]!.name}`}>
          <div role="row" className="compare-row">
            {sides.map((s, i) => (
              <div key={i} className="compare-head" role="columnheader" style={{ ['--coder' as string]: CODER_COLORS[i] }}>
                {s.id === null ? (
                  <span className="muted">Choose a coder above ({i === 0 ? 'Left' : 'Right'})</span>
                ) : (
                  <>
                    {s.name} <span className="muted small">({countOf(s.codings.length, 'coding')})</span>
                  </>
                )}
              </div>
            ))}
          </div>
          {paras.map((p) => (
            <div key={p.start} role="row" className="compare-row">
              {sides.map((s, i) => (
                <div key={i} role="cell" style={{ ['--coder' as string]: CODER_COLORS[i] }}>
                  <Cell text={doc.text} start={p.start} end={p.end} codings={s.codings.filter((c) => c.end > p.start && c.start < p.end)} colorOf={colorOf} nameOf={nameOf} coder={s.name} />
                </div>
              ))}
            </div>
          ))}
        </div>
      )}
    </section>
  );
}

/** Co-occurrence: which codes overlap or share a speaker turn or paragraph, as a heat map and table. */
import { useRef } from 'react';
import type { CooccurrenceUnit } from '../../../shared/analysis/types';
import { cooccurrenceTable, tableRows } from '../../../shared/analysis/tables';
import { useAppStore } from '../../store';
import { HeatMap } from './charts/HeatMap';
import { ExtractList } from './Extracts';
import { downloadBlob } from '../../browser/files';
import { serializeSvg, svgToPng } from './download';

const UNIT_LABEL: Record<CooccurrenceUnit, string> = { overlap: 'overlapping codings', turn: 'same speaker turn', paragraph: 'same paragraph' };

export function CooccurrencePanel() {
  const unit = useAppStore((s) => s.cooccurrenceUnit);
  const setUnit = useAppStore((s) => s.setCooccurrenceUnit);
  const result = useAppStore((s) => s.cooccurrenceResult);
  const run = useAppStore((s) => s.runCooccurrence);
  const openPair = useAppStore((s) => s.openPair);
  const pair = useAppStore((s) => s.pairInstances);
  const close = useAppStore((s) => s.closeDrillDown);
  const exportXlsx = useAppStore((s) => s.exportXlsx);
  const downloadCsv = useAppStore((s) => s.downloadCsv);
  const notifyError = useAppStore((s) => s.notifyError);
  const svgRef = useRef<SVGSVGElement>(null);
  const select = (i: number, j: number) => {
    if (!result) return;
    const a = result.codes[i]!;
    const b = result.codes[j]!;
    void openPair(a.id, b.id, i === j ? a.name : `${a.name} + ${b.name}`);
  };
  return (
    <div className="cooccurrence-panel">
      <form
        className="matrix-settings"
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
      >
        <label>
          Codes co-occur when they are in the
          <select value={unit} onChange={(e) => setUnit(e.target.value as CooccurrenceUnit)}>
            <option value="overlap">same passage (overlapping codings)</option>
            <option value="turn">same speaker turn</option>
            <option value="paragraph">same paragraph</option>
          </select>
        </label>
        <button type="submit" className="primary">
          Show co-occurrence
        </button>
      </form>
      {!result ? null : result.codes.length === 0 ? (
        <p className="muted">Nothing is coded yet (with these filters).</p>
      ) : (
        <>
          <section className="analysis-card" aria-label="Co-occurrence heat map">
            <div className="card-head">
              <h3>Co-occurrence ({UNIT_LABEL[result.unit]})</h3>
              <button type="button" onClick={() => svgRef.current && downloadBlob('co-occurrence.svg', new Blob([serializeSvg(svgRef.current)], { type: 'image/svg+xml' }))}>
                Export chart as SVG
              </button>
              <button
                type="button"
                onClick={() => svgRef.current && svgToPng(svgRef.current).then((b) => downloadBlob('co-occurrence.png', b)).catch(notifyError)}
              >
                Export chart as PNG
              </button>
              <button
                type="button"
                onClick={() => downloadCsv(tableRows(cooccurrenceTable(result)), 'co-occurrence.csv')}
              >
                Export table as CSV
              </button>
              <button type="button" onClick={() => void exportXlsx([cooccurrenceTable(result)], 'co-occurrence.xlsx')}>
                Export table as XLSX
              </button>
            </div>
            <p className="muted small">
              {result.unit === 'overlap'
                ? 'Each cell counts pairs of codings that share text; the diagonal counts each code’s codings.'
                : `Each cell counts the ${result.unit === 'turn' ? 'speaker turns (paragraphs where a document has no turns)' : 'paragraphs'} that contain both codes; the diagonal counts those with the code.`}{' '}
              Click a cell to read the passages.
            </p>
            <div className="chart-scroll">
              <HeatMap svgRef={svgRef} title={`Code co-occurrence (${UNIT_LABEL[result.unit]})`} labels={result.codes.map((c) => c.name)} counts={result.counts} onSelect={select} />
            </div>
          </section>
          {pair ? (
            <section className="analysis-card drilldown" aria-label="Extracts">
              <div className="card-head">
                <h3>
                  {pair.title} <span className="muted small">({pair.instances.length})</span>
                </h3>
                <button type="button" onClick={close} aria-label="Close extracts">
                  Close
                </button>
              </div>
              <ol className="instance-list">
                {pair.instances.map((inst, k) => (
                  <li key={k}>
                    <div className="small muted">
                      {inst.documentName} · {inst.start}–{inst.end}
                    </div>
                    <ExtractList extracts={inst.codings} />
                  </li>
                ))}
              </ol>
            </section>
          ) : null}
        </>
      )}
    </div>
  );
}

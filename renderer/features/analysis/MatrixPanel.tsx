/** Code × attribute matrix: settings, the table (cells open their extracts), a bar chart, exports. */
import { useMemo, useRef, useState } from 'react';
import type { CountMode, MatrixResult, RowKind } from '../../../shared/analysis/types';
import { matrixTable, tableRows, type PercentMode } from '../../../shared/analysis/tables';
import { useAppStore } from '../../store';
import { BarChart } from './charts/BarChart';
import { seriesColour } from './charts/scale';
import { DrillDownPanel } from './Extracts';
import { downloadBlob } from '../../browser/files';
import { safeFileName, serializeSvg, svgToPng } from './download';

/** The matrix with its columns in the user's order. */
export function orderedMatrix(m: MatrixResult, order: (string | null)[]): MatrixResult {
  const idx = order.map((v) => m.columns.findIndex((c) => c.value === v)).filter((i) => i >= 0);
  if (idx.length !== m.columns.length) return m;
  return {
    ...m,
    columns: idx.map((i) => m.columns[i]!),
    columnTotals: idx.map((i) => m.columnTotals[i]!),
    rows: m.rows.map((r) => ({ ...r, cells: idx.map((i) => r.cells[i]!) })),
  };
}

export function MatrixSettingsBar({ onRun, runLabel, showLevel = false }: { onRun: () => void; runLabel: string; showLevel?: boolean }) {
  const options = useAppStore((s) => s.analysisOptions);
  const settings = useAppStore((s) => s.matrixSettings);
  const setSettings = useAppStore((s) => s.setMatrixSettings);
  if (!options) return null;
  return (
    <form
      className="matrix-settings"
      onSubmit={(e) => {
        e.preventDefault();
        onRun();
      }}
    >
      <label>
        Attribute
        <select value={settings.attributeId ?? ''} onChange={(e) => setSettings({ attributeId: e.target.value ? Number(e.target.value) : null })}>
          {options.attributes.length === 0 ? <option value="">(add an attribute first)</option> : null}
          {options.attributes.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name} ({a.scope === 'case' ? 'cases' : 'documents'})
            </option>
          ))}
        </select>
      </label>
      <label>
        Count
        <select value={settings.count} onChange={(e) => setSettings({ count: e.target.value as CountMode })}>
          <option value="codings">Codings</option>
          <option value="documents">Documents</option>
          <option value="cases">Cases</option>
        </select>
      </label>
      <label>
        Rows
        <select value={settings.rows} onChange={(e) => setSettings({ rows: e.target.value as RowKind })}>
          <option value="codes">Codes</option>
          <option value="themes">Themes</option>
        </select>
      </label>
      {showLevel ? (
        <label>
          Codes to rank
          <select value={settings.level} onChange={(e) => setSettings({ level: e.target.value as 'auto' | 'all' | 'leaves' | 'top' })}>
            <option value="auto">Automatic (applied codes; parents too when applied themselves)</option>
            <option value="all">All (parents include sub-codes)</option>
            <option value="leaves">Only codes without sub-codes</option>
            <option value="top">Only top-level codes</option>
          </select>
        </label>
      ) : null}
      <label className="check">
        <input type="checkbox" checked={settings.includeMissing} onChange={(e) => setSettings({ includeMissing: e.target.checked })} /> Show “(no value)”
      </label>
      <button type="submit" className="primary" disabled={settings.attributeId === null}>
        {runLabel}
      </button>
    </form>
  );
}

export function MatrixPanel() {
  const raw = useAppStore((s) => s.matrix);
  const order = useAppStore((s) => s.columnOrder);
  const runMatrix = useAppStore((s) => s.runMatrix);
  const moveColumn = useAppStore((s) => s.moveColumn);
  const openCell = useAppStore((s) => s.openCell);
  const exportXlsx = useAppStore((s) => s.exportXlsx);
  const downloadCsv = useAppStore((s) => s.downloadCsv);
  const notifyError = useAppStore((s) => s.notifyError);
  const [percent, setPercent] = useState<PercentMode>('none');
  const [chartMode, setChartMode] = useState<'grouped' | 'stacked'>('stacked');
  const [chartRows, setChartRows] = useState<'all' | 'top' | 'leaves'>('all');
  const svgRef = useRef<SVGSVGElement>(null);
  const matrix = useMemo(() => (raw ? orderedMatrix(raw, order) : null), [raw, order]);

  const chart = useMemo(() => {
    if (!matrix) return null;
    const rows = matrix.rows.filter((r, i) => {
      if (chartRows === 'top') return r.depth === 0;
      if (chartRows === 'leaves') return !(matrix.rows[i + 1] && matrix.rows[i + 1]!.depth > r.depth);
      return true;
    });
    return {
      categories: rows.map((r) => ({ key: r.key, label: r.name, depth: chartRows === 'all' ? r.depth : 0 })),
      series: matrix.columns.map((c, i) => ({ key: String(c.value), label: c.label, color: seriesColour(raw!.columns.findIndex((x) => x.value === c.value) >= 0 ? raw!.columns.findIndex((x) => x.value === c.value) : i) })),
      values: rows.map((r) => r.cells.map((c) => c.count)),
    };
  }, [matrix, chartRows, raw]);

  const baseName = matrix ? safeFileName(`${matrix.attribute.name} by ${matrix.rowKind === 'themes' ? 'theme' : 'code'}`) : 'matrix';
  const shown = (c: { count: number; rowPct: number | null; colPct: number | null }) =>
    percent === 'row' ? (c.rowPct === null ? '–' : `${c.rowPct}%`) : percent === 'column' ? (c.colPct === null ? '–' : `${c.colPct}%`) : String(c.count);

  return (
    <div className="matrix-panel">
      <MatrixSettingsBar onRun={() => void runMatrix()} runLabel="Build matrix" />
      {!matrix ? (
        <p className="muted">Choose an attribute and build the matrix: rows are codes (a parent includes its sub-codes) or themes; columns the attribute’s values.</p>
      ) : (
        <>
          <section className="analysis-card" aria-label="Matrix table">
            <div className="card-head">
              <h3>
                {matrix.rowKind === 'themes' ? 'Themes' : 'Codes'} × {matrix.attribute.name} <span className="muted small">({matrix.count})</span>
              </h3>
              <label>
                Show
                <select value={percent} onChange={(e) => setPercent(e.target.value as PercentMode)}>
                  <option value="none">Counts</option>
                  <option value="row">Row %</option>
                  <option value="column">Column %</option>
                </select>
              </label>
              <button
                type="button"
                onClick={() => downloadCsv(tableRows(matrixTable(matrix, percent)), `${baseName}.csv`)}
              >
                Export table as CSV
              </button>
              <button type="button" onClick={() => void exportXlsx([matrixTable(matrix), matrixTable(matrix, 'row'), matrixTable(matrix, 'column')], `${baseName}.xlsx`)}>
                Export table as XLSX
              </button>
            </div>
            <div className="table-scroll">
              <table className="data-table matrix-table" aria-label="Matrix">
                <thead>
                  <tr>
                    <th scope="col">{matrix.rowKind === 'themes' ? 'Theme' : 'Code'}</th>
                    {matrix.columns.map((c, i) => (
                      <th key={String(c.value)} scope="col" className="num">
                        <span className="col-head">
                          <button type="button" className="tiny" aria-label={`Move ${c.label} left`} disabled={i === 0} onClick={() => moveColumn(c.value, -1)}>
                            ‹
                          </button>
                          {c.label}
                          <button
                            type="button"
                            className="tiny"
                            aria-label={`Move ${c.label} right`}
                            disabled={i === matrix.columns.length - 1}
                            onClick={() => moveColumn(c.value, 1)}
                          >
                            ›
                          </button>
                        </span>
                      </th>
                    ))}
                    <th scope="col" className="num">
                      Total
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {matrix.rows.map((r) => (
                    <tr key={r.key} data-row={r.path}>
                      <th scope="row" style={{ paddingLeft: `${0.5 + r.depth * 1.1}rem` }}>
                        <span className="swatch" style={{ background: r.color }} aria-hidden="true" /> {r.name}
                      </th>
                      {r.cells.map((c, i) => {
                        const col = matrix.columns[i]!;
                        return (
                          <td key={String(col.value)} className="num">
                            <button
                              type="button"
                              className="cell"
                              disabled={c.count === 0}
                              aria-label={`${r.name} × ${col.label}: ${c.count} ${matrix.count}`}
                              onClick={() => void openCell(r.key, r.name, col.value, col.label)}
                            >
                              {shown(c)}
                            </button>
                          </td>
                        );
                      })}
                      <td className="num total">{r.total}</td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row">Total</th>
                    {matrix.columnTotals.map((t, i) => (
                      <td key={i} className="num total">
                        {t}
                      </td>
                    ))}
                    <td className="num total">{matrix.grandTotal}</td>
                  </tr>
                </tfoot>
              </table>
            </div>
          </section>
          <DrillDownPanel />
          {chart ? (
            <section className="analysis-card" aria-label="Frequency chart">
              <div className="card-head">
                <h3>Chart</h3>
                <div role="radiogroup" aria-label="Bars" className="segmented">
                  {(['stacked', 'grouped'] as const).map((m) => (
                    <label key={m}>
                      <input type="radio" name="bar-mode" checked={chartMode === m} onChange={() => setChartMode(m)} /> {m === 'stacked' ? 'Stacked' : 'Grouped'}
                    </label>
                  ))}
                </div>
                <label>
                  Rows in chart
                  <select value={chartRows} onChange={(e) => setChartRows(e.target.value as 'all' | 'top' | 'leaves')}>
                    <option value="all">All</option>
                    <option value="top">Top level</option>
                    <option value="leaves">Without sub-codes</option>
                  </select>
                </label>
                <button
                  type="button"
                  onClick={() => svgRef.current && downloadBlob(`${baseName}.svg`, new Blob([serializeSvg(svgRef.current)], { type: 'image/svg+xml' }))}
                >
                  Export chart as SVG
                </button>
                <button
                  type="button"
                  onClick={() => {
                    if (!svgRef.current) return;
                    svgToPng(svgRef.current)
                      .then((png) => downloadBlob(`${baseName}.png`, png))
                      .catch(notifyError);
                  }}
                >
                  Export chart as PNG
                </button>
              </div>
              <p className="muted small">Reorder the values with ‹ › in the table header; the chart follows.</p>
              <div className="chart-scroll">
                <BarChart
                  svgRef={svgRef}
                  title={`${matrix.rowKind === 'themes' ? 'Themes' : 'Codes'} by ${matrix.attribute.name}`}
                  categories={chart.categories}
                  series={chart.series}
                  values={chart.values}
                  mode={chartMode}
                  unit={matrix.count}
                />
              </div>
            </section>
          ) : null}
        </>
      )}
    </div>
  );
}

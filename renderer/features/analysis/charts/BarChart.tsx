/**
 * Horizontal bar chart, grouped or stacked: one row per category (code or theme), one bar or
 * segment per series (attribute value, in the order given). Plain SVG with presentation
 * attributes only, so the element serialises to a standalone SVG file.
 */
import { useId, type Ref } from 'react';
import { FONT, niceTicks, textWidth, truncate } from './scale';

export interface BarSeries {
  key: string;
  label: string;
  color: string;
}

export interface BarCategory {
  key: string;
  label: string;
  depth?: number;
}

export interface BarChartProps {
  title: string;
  description?: string;
  categories: BarCategory[];
  series: BarSeries[];
  /** values[category][series] */
  values: number[][];
  mode: 'grouped' | 'stacked';
  /** What the numbers count, e.g. "codings". */
  unit: string;
  width?: number;
  svgRef?: Ref<SVGSVGElement>;
}

const PAD = 12;
const TITLE_H = 26;
const LEGEND_H = 22;
const AXIS_H = 34;

export function BarChart({ title, description, categories, series, values, mode, unit, width = 760, svgRef }: BarChartProps) {
  const id = useId();
  const labelW = Math.min(260, Math.max(80, ...categories.map((c) => textWidth(c.label, 12) + (c.depth ?? 0) * 12 + 12)));
  const bandH = mode === 'stacked' ? 24 : Math.max(22, series.length * 9 + 10);
  const plotX = PAD + labelW;
  const plotW = Math.max(120, width - plotX - PAD - 8);
  // legend items flow onto as many lines as needed
  const legendLines: { s: BarSeries; x: number; line: number }[] = [];
  {
    let x = plotX;
    let line = 0;
    for (const s of series) {
      const w = 18 + textWidth(s.label, 12) + 16;
      if (x + w > width - PAD && x > plotX) {
        line++;
        x = plotX;
      }
      legendLines.push({ s, x, line });
      x += w;
    }
  }
  const legendH = (Math.max(0, ...legendLines.map((l) => l.line)) + 1) * LEGEND_H;
  const plotY = PAD + TITLE_H + legendH + 6;
  const plotH = Math.max(1, categories.length) * bandH;
  const height = plotY + plotH + AXIS_H + PAD;
  const totals = values.map((row) => (mode === 'stacked' ? row.reduce((a, b) => a + b, 0) : Math.max(0, ...row)));
  const ticks = niceTicks(Math.max(1, ...totals));
  const max = ticks[ticks.length - 1]!;
  const x = (v: number) => (v / max) * plotW;

  return (
    <svg
      ref={svgRef}
      xmlns="http://www.w3.org/2000/svg"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-labelledby={`${id}-t ${id}-d`}
      fontFamily={FONT}
      data-chart="bar"
      data-mode={mode}
    >
      <title id={`${id}-t`}>{title}</title>
      <desc id={`${id}-d`}>
        {description ?? `${mode === 'stacked' ? 'Stacked' : 'Grouped'} bars of ${unit} per ${series.length} values for ${categories.length} rows.`}
      </desc>
      <rect x={0} y={0} width={width} height={height} fill="#ffffff" />
      <text x={PAD} y={PAD + 16} fontSize={15} fontWeight={600} fill="#1f2328">
        {title}
      </text>
      <g aria-label="Legend">
        {legendLines.map(({ s, x: lx, line }) => (
          <g key={s.key} transform={`translate(${lx}, ${PAD + TITLE_H + line * LEGEND_H})`} data-legend={s.label}>
            <rect width={12} height={12} y={2} rx={2} fill={s.color} />
            <text x={18} y={12} fontSize={12} fill="#1f2328">
              {s.label}
            </text>
          </g>
        ))}
      </g>
      {/* grid and x axis */}
      <g>
        {ticks.map((t) => (
          <g key={t} transform={`translate(${plotX + x(t)}, 0)`}>
            <line y1={plotY} y2={plotY + plotH} stroke="#e9ecef" strokeWidth={1} />
            <line y1={plotY + plotH} y2={plotY + plotH + 5} stroke="#868e96" />
            <text y={plotY + plotH + 18} fontSize={11} textAnchor="middle" fill="#495057">
              {t}
            </text>
          </g>
        ))}
        <line x1={plotX} x2={plotX + plotW} y1={plotY + plotH} y2={plotY + plotH} stroke="#868e96" />
        <line x1={plotX} x2={plotX} y1={plotY} y2={plotY + plotH} stroke="#868e96" />
        <text x={plotX + plotW / 2} y={plotY + plotH + 31} fontSize={11} textAnchor="middle" fill="#495057">
          {unit}
        </text>
      </g>
      {categories.map((c, ci) => {
        const y0 = plotY + ci * bandH;
        const row = values[ci] ?? [];
        let acc = 0;
        return (
          <g key={c.key} data-category={c.label}>
            <text x={plotX - 8} y={y0 + bandH / 2 + 4} fontSize={12} textAnchor="end" fill="#1f2328" fontWeight={(c.depth ?? 0) === 0 ? 600 : 400}>
              {truncate(c.label, labelW - 12 - (c.depth ?? 0) * 12)}
            </text>
            {series.map((s, si) => {
              const v = row[si] ?? 0;
              if (v <= 0) return null;
              let rx: number;
              let ry: number;
              let rh: number;
              if (mode === 'stacked') {
                rx = plotX + x(acc);
                acc += v;
                ry = y0 + 4;
                rh = bandH - 8;
              } else {
                const inner = (bandH - 8) / series.length;
                rx = plotX;
                ry = y0 + 4 + si * inner;
                rh = Math.max(2, inner - 1);
              }
              return (
                <rect key={s.key} x={rx} y={ry} width={Math.max(1, x(v))} height={rh} fill={s.color} data-series={s.label} data-value={v}>
                  <title>{`${c.label} — ${s.label}: ${v} ${unit}`}</title>
                </rect>
              );
            })}
          </g>
        );
      })}
    </svg>
  );
}

/** Co-occurrence heat map: codes × codes, darker = more; click or press Enter on a cell for its passages. */
import { useId, type Ref } from 'react';
import { FONT, mix, textWidth, truncate } from './scale';

export interface HeatMapProps {
  title: string;
  labels: string[];
  counts: number[][];
  onSelect?: (row: number, col: number) => void;
  color?: string;
  svgRef?: Ref<SVGSVGElement>;
}

export function HeatMap({ title, labels, counts, onSelect, color = '#3b5bdb', svgRef }: HeatMapProps) {
  const id = useId();
  const cell = 34;
  const labelW = Math.min(220, Math.max(60, ...labels.map((l) => textWidth(l, 12) + 12)));
  const topH = Math.min(160, Math.max(40, ...labels.map((l) => textWidth(l, 12) * 0.72 + 16)));
  const x0 = 12 + labelW;
  const y0 = 12 + 26 + topH;
  const n = labels.length;
  const width = Math.max(320, x0 + n * cell + 24, textWidth(title, 15) + 36);
  const height = y0 + n * cell + 16;
  let max = 0;
  counts.forEach((row, i) => row.forEach((v, j) => i !== j && v > max && (max = v)));

  return (
    <svg
      ref={svgRef}
      xmlns="http://www.w3.org/2000/svg"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-labelledby={`${id}-t`}
      fontFamily={FONT}
      data-chart="heatmap"
    >
      <title id={`${id}-t`}>{title}</title>
      <rect x={0} y={0} width={width} height={height} fill="#ffffff" />
      <text x={12} y={28} fontSize={15} fontWeight={600} fill="#1f2328">
        {title}
      </text>
      {labels.map((l, j) => (
        <text
          key={`c${j}`}
          transform={`translate(${x0 + j * cell + cell / 2 + 4}, ${y0 - 6}) rotate(-45)`}
          fontSize={12}
          fill="#1f2328"
        >
          {truncate(l, 150)}
        </text>
      ))}
      {labels.map((l, i) => (
        <text key={`r${i}`} x={x0 - 8} y={y0 + i * cell + cell / 2 + 4} fontSize={12} textAnchor="end" fill="#1f2328">
          {truncate(l, labelW - 12)}
        </text>
      ))}
      {counts.map((row, i) =>
        row.map((v, j) => {
          const diagonal = i === j;
          const fill = diagonal ? '#f1f3f5' : mix(color, max ? v / max : 0);
          const dark = !diagonal && max > 0 && v / max > 0.55;
          const label = diagonal ? `${labels[i]}: ${v}` : `${labels[i]} and ${labels[j]}: ${v}`;
          return (
            <g
              key={`${i}-${j}`}
              transform={`translate(${x0 + j * cell}, ${y0 + i * cell})`}
              role={onSelect ? 'button' : undefined}
              tabIndex={onSelect ? 0 : undefined}
              aria-label={label}
              style={onSelect ? { cursor: 'pointer' } : undefined}
              onClick={() => onSelect?.(i, j)}
              onKeyDown={(e) => {
                if (onSelect && (e.key === 'Enter' || e.key === ' ')) {
                  e.preventDefault();
                  onSelect(i, j);
                }
              }}
              data-row={labels[i]}
              data-col={labels[j]}
              data-count={v}
            >
              <rect width={cell - 2} height={cell - 2} rx={3} fill={fill} stroke="#dee2e6" strokeWidth={0.5} />
              <text x={(cell - 2) / 2} y={(cell - 2) / 2 + 4} fontSize={11} textAnchor="middle" fill={dark ? '#ffffff' : diagonal ? '#868e96' : '#1f2328'}>
                {v}
              </text>
              <title>{label}</title>
            </g>
          );
        }),
      )}
    </svg>
  );
}

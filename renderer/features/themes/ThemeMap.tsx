/**
 * The thematic map: an SVG diagram of themes, sub-themes and their codes. Drag the background to
 * pan, the wheel (or + / −) to zoom, drag a node (or focus it and use the arrow keys) to move it;
 * positions and the view are saved in the project. Exports as SVG and PNG.
 *
 * Level of detail: past MAP_COLLAPSE_PAST themes the map opens with every theme collapsed (Enter,
 * double-click or the node's ± badge opens one; Expand all / Collapse all). No label is drawn
 * below MAP_MIN_LABEL_PX on screen: theme labels grow as the map zooms out, sub-theme and code
 * labels hide and show as a focus label on hover or keyboard focus.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import {
  MAP_COLLAPSE_PAST,
  MAP_MIN_LABEL_PX,
  buildMapGraph,
  collapseGraph,
  collapsibleKeys,
  labelDetail,
  layoutMap,
  mapBounds,
  type MapNode,
  type Point,
} from '../../../shared/themes/map-layout';
import { useAppStore } from '../../store';
import { confirmAction } from '../../components/ConfirmDialog';
import { serializeSvg } from '../analysis/download';
import { countOf } from '../../../shared/domain/plural';

type View = { x: number; y: number; scale: number };

const STATUS_DASH: Record<string, string | undefined> = { candidate: '6 4', discarded: '2 4' };

function saveBlob(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function NodeShape({ n, showLabel = true }: { n: MapNode; showLabel?: boolean }) {
  const { width: w, height: h } = n;
  const lineHeight = n.fontSize * 1.25;
  const top = -((n.lines.length - 1) * lineHeight) / 2;
  let fill = '#ffffff';
  let stroke = n.color;
  let text = '#1f2328';
  let strokeWidth = 1.5;
  let rx = 8;
  if (n.kind === 'theme') {
    fill = n.color;
    text = '#ffffff';
    stroke = '#1f2328';
    strokeWidth = n.status === 'candidate' ? 1.5 : 0;
    rx = 12;
  } else if (n.kind === 'subtheme') {
    fill = '#ffffff';
    strokeWidth = 2.5;
    rx = 10;
  } else if (n.kind === 'code') {
    rx = h / 2;
    stroke = '#c9c6bf';
  } else if (n.kind === 'root') {
    fill = '#1f2328';
    text = '#ffffff';
    strokeWidth = 0;
    rx = h / 2;
  } else if (n.kind === 'bin') {
    fill = '#f3f2ee';
    stroke = '#8a8f98';
    text = '#4b5058';
  }
  // a sub-theme or code whose label is hidden at this zoom is drawn as a dot, not an empty box
  // (the exported file draws the box and its label: the dot is omitted, the box shown)
  const dot = !showLabel;
  return (
    <>
      {dot ? (
        <circle data-export-omit="" r={n.kind === 'code' ? 6 : 8} fill={n.kind === 'code' ? n.color : '#ffffff'} stroke={n.kind === 'code' ? '#8a8f98' : stroke} strokeWidth={n.kind === 'code' ? 1 : 2.5} />
      ) : null}
      <rect
        x={-w / 2}
        y={-h / 2}
        width={w}
        height={h}
        rx={rx}
        fill={fill}
        stroke={stroke}
        strokeWidth={strokeWidth}
        strokeDasharray={n.kind === 'bin' ? '5 4' : n.status ? STATUS_DASH[n.status] : undefined}
        opacity={n.status === 'discarded' ? 0.55 : 1}
        visibility={dot ? 'hidden' : undefined}
        data-lod-hidden={dot ? '' : undefined}
      />
      {n.kind === 'code' ? <circle cx={-w / 2 + 10} cy={0} r={4} fill={n.color} visibility={dot ? 'hidden' : undefined} data-lod-hidden={dot ? '' : undefined} /> : null}
      <text
        x={n.kind === 'code' ? 5 : 0}
        y={top}
        textAnchor="middle"
        dominantBaseline="central"
        fontFamily="system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif"
        fontSize={n.fontSize}
        fontWeight={n.kind === 'theme' || n.kind === 'root' ? 600 : n.kind === 'subtheme' || n.kind === 'bin' ? 600 : 400}
        fontStyle={n.kind === 'bin' ? 'italic' : undefined}
        fill={text}
        visibility={showLabel ? undefined : 'hidden'}
        data-lod-hidden={showLabel ? undefined : ''}
      >
        {n.lines.map((l, i) => (
          <tspan key={i} x={n.kind === 'code' ? 5 : 0} dy={i === 0 ? 0 : lineHeight}>
            {l}
          </tspan>
        ))}
      </text>
    </>
  );
}

export function ThemeMap() {
  const tree = useAppStore((s) => s.themeTree);
  const project = useAppStore((s) => s.project);
  const layout = useAppStore((s) => s.mapLayout);
  const codes = useAppStore((s) => s.codes);
  const saveLayout = useAppStore((s) => s.saveMapLayout);
  const resetLayout = useAppStore((s) => s.resetMapLayout);
  const svgRef = useRef<SVGSVGElement>(null);
  const wrapRef = useRef<HTMLDivElement>(null);
  const fullGraph = useMemo(() => (tree ? buildMapGraph(tree, project?.name ?? 'Project', codes) : null), [tree, project?.name, codes]);
  // collapsed nodes: null until the researcher chooses; then past MAP_COLLAPSE_PAST themes all are
  const [collapsedChoice, setCollapsed] = useState<Set<string> | null>(null);
  const collapsible = useMemo(() => (fullGraph ? collapsibleKeys(fullGraph) : []), [fullGraph]);
  const collapsed = useMemo(
    () => collapsedChoice ?? new Set((tree?.themes.length ?? 0) > MAP_COLLAPSE_PAST ? collapsible : []),
    [collapsedChoice, collapsible, tree?.themes.length],
  );
  const shown = useMemo(() => (fullGraph ? collapseGraph(fullGraph, collapsed) : null), [fullGraph, collapsed]);
  const graph = shown?.graph ?? null;
  const [hover, setHover] = useState<string | null>(null);
  const toggle = (key: string) => {
    const next = new Set(collapsed);
    if (next.has(key)) next.delete(key);
    else next.add(key);
    setCollapsed(next);
  };
  const [pos, setPos] = useState<Map<string, Point>>(new Map());
  const [view, setView] = useState<View | null>(null);
  // measured: false until the map's box has been measured (a fit before that would use a guess)
  const [size, setSize] = useState({ width: 900, height: 600, measured: false });
  const drag = useRef<{ kind: 'pan' | 'node'; key?: string; start: Point; origin: Point; moved: boolean } | null>(null);
  const [panning, setPanning] = useState(false);
  const viewTimer = useRef<ReturnType<typeof setTimeout>>(undefined);

  // lay the map out afresh when the themes or the saved layout change (during render, not in an effect)
  const [laidOut, setLaidOut] = useState<{ graph: typeof graph; layout: typeof layout }>({ graph: null, layout: null });
  if (graph && layout && (laidOut.graph !== graph || laidOut.layout !== layout)) {
    setLaidOut({ graph, layout });
    setPos(layoutMap(graph, layout.positions));
  }

  // the canvas exists once the themes are loaded: measure it then (a map opened while loading was
  // fitted to a guessed size before, and stayed so)
  const drawn = !!tree && !!graph;
  useEffect(() => {
    const el = wrapRef.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setSize({ width: el.clientWidth, height: el.clientHeight, measured: true }));
    ro.observe(el);
    setSize({ width: el.clientWidth, height: el.clientHeight, measured: true });
    return () => ro.disconnect();
  }, [drawn]);

  const fit = (): View | null => {
    if (!graph || pos.size === 0) return null;
    const b = mapBounds(graph.nodes, pos, 50);
    const scale = Math.min(2, Math.max(0.15, Math.min(size.width / b.width, size.height / b.height)));
    return { scale, x: size.width / 2 - (b.x + b.width / 2) * scale, y: size.height / 2 - (b.y + b.height / 2) * scale };
  };

  // the saved view, or one that fits everything, once positions are known
  if (!view && layout && pos.size > 0 && size.measured) {
    const first = layout.view ?? fit();
    if (first) setView(first);
  }

  const rememberView = (v: View) => {
    setView(v);
    clearTimeout(viewTimer.current);
    viewTimer.current = setTimeout(() => void saveLayout({ positions: {}, view: v }), 400);
  };

  const zoom = (factor: number, around?: Point) => {
    if (!view) return;
    const c = around ?? { x: size.width / 2, y: size.height / 2 };
    const scale = Math.min(4, Math.max(0.1, view.scale * factor));
    const k = scale / view.scale;
    rememberView({ scale, x: c.x - (c.x - view.x) * k, y: c.y - (c.y - view.y) * k });
  };

  useEffect(() => {
    const svg = svgRef.current;
    if (!svg) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const r = svg.getBoundingClientRect();
      zoom(Math.exp(-e.deltaY * 0.0015), { x: e.clientX - r.left, y: e.clientY - r.top });
    };
    svg.addEventListener('wheel', onWheel, { passive: false });
    return () => svg.removeEventListener('wheel', onWheel);
  });

  const moveNode = (key: string, p: Point) => setPos((cur) => new Map(cur).set(key, p));
  const persistNode = (key: string) => {
    const p = pos.get(key);
    if (p && key !== 'root') void saveLayout({ positions: { [key]: { x: Math.round(p.x * 10) / 10, y: Math.round(p.y * 10) / 10 } } });
  };

  /** A standalone SVG of the whole map, fitted to its content. */
  const exportSvg = (): string | null => {
    const svg = svgRef.current;
    if (!svg || !graph) return null;
    const b = mapBounds(graph.nodes, pos, 40);
    return serializeSvg(svg, (clone) => {
      clone.setAttribute('viewBox', `${b.x} ${b.y} ${b.width} ${b.height}`);
      clone.setAttribute('width', String(Math.round(b.width)));
      clone.setAttribute('height', String(Math.round(b.height)));
      clone.removeAttribute('class');
      clone.removeAttribute('tabindex');
      clone.querySelector('[data-layer="view"]')?.removeAttribute('transform');
      clone.querySelectorAll('[tabindex]').forEach((el) => el.removeAttribute('tabindex'));
      // the file shows every label at its own size, without the on-screen controls
      clone.querySelectorAll('[data-lod-grow]').forEach((el) => el.removeAttribute('transform'));
      clone.querySelectorAll('[data-lod-hidden]').forEach((el) => el.removeAttribute('visibility'));
      clone.querySelectorAll('[data-export-omit]').forEach((el) => el.remove());
      clone.querySelectorAll('[aria-expanded]').forEach((el) => el.removeAttribute('aria-expanded'));
      const bg = clone.querySelector('[data-layer="background"]');
      if (bg) {
        bg.setAttribute('x', String(b.x));
        bg.setAttribute('y', String(b.y));
        bg.setAttribute('width', String(b.width));
        bg.setAttribute('height', String(b.height));
      }
    });
  };

  const fileStem = (project?.name ?? 'thematic map').replace(/[^\p{L}\p{N} _-]+/gu, ' ').replace(/\s+/g, ' ').trim() || 'thematic map';

  const exportPng = async () => {
    const text = exportSvg();
    if (!text || !graph) return;
    const b = mapBounds(graph.nodes, pos, 40);
    const url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
    try {
      const img = new Image();
      await new Promise<void>((resolve, reject) => {
        img.onload = () => resolve();
        img.onerror = () => reject(new Error('The map could not be drawn as an image.'));
        img.src = url;
      });
      const scale = 2;
      const canvas = document.createElement('canvas');
      canvas.width = Math.ceil(b.width * scale);
      canvas.height = Math.ceil(b.height * scale);
      const ctx = canvas.getContext('2d')!;
      ctx.fillStyle = '#ffffff';
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
      const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
      if (blob) saveBlob(blob, `${fileStem} - thematic map.png`);
    } catch (err) {
      useAppStore.getState().notifyError(err);
    } finally {
      URL.revokeObjectURL(url);
    }
  };

  if (!tree || !graph) return <p className="muted board-loading">Loading themes…</p>;
  const v = view ?? { x: size.width / 2, y: size.height / 2, scale: 1 };

  return (
    <div className="theme-map">
      <div className="map-toolbar" role="toolbar" aria-label="Map tools">
        <button type="button" onClick={() => zoom(1.25)} aria-label="Zoom in">
          +
        </button>
        <button type="button" onClick={() => zoom(0.8)} aria-label="Zoom out">
          −
        </button>
        <button type="button" onClick={() => { const f = fit(); if (f) rememberView(f); }}>
          Fit
        </button>
        <button type="button" onClick={() => setCollapsed(new Set())} disabled={collapsed.size === 0}>
          Expand all
        </button>
        <button type="button" onClick={() => setCollapsed(new Set(collapsible))} disabled={collapsible.length === 0 || collapsible.every((k) => collapsed.has(k))}>
          Collapse all
        </button>
        <button
          type="button"
          onClick={async () => {
            const ok = await confirmAction({
              title: 'Re-arrange the map?',
              message: 'Weft forgets where you placed the nodes and lays the map out afresh. Your placements cannot be restored.',
              confirmLabel: 'Re-arrange',
              destructive: true,
            });
            if (ok) {
              setView(null);
              void resetLayout();
            }
          }}
        >
          Re-arrange
        </button>
        <span className="muted small map-hint">Drag to pan, wheel to zoom, drag nodes (or arrow keys) to move them; Enter or double-click opens or closes a theme.</span>
        <button type="button" onClick={() => { const t = exportSvg(); if (t) saveBlob(new Blob([t], { type: 'image/svg+xml' }), `${fileStem} - thematic map.svg`); }}>
          Export SVG
        </button>
        <button type="button" onClick={() => void exportPng()}>
          Export PNG
        </button>
      </div>
      <div className="map-canvas" ref={wrapRef}>
        <svg
          ref={svgRef}
          className={`map-svg${panning ? ' panning' : ''}`}
          role="group"
          aria-label="Thematic map"
          width={size.width}
          height={size.height}
          onPointerDown={(e) => {
            if (e.button !== 0 || (e.target as Element).closest('[data-key]')) return;
            (e.currentTarget as Element).setPointerCapture(e.pointerId);
            drag.current = { kind: 'pan', start: { x: e.clientX, y: e.clientY }, origin: { x: v.x, y: v.y }, moved: false };
            setPanning(true);
          }}
          onPointerMove={(e) => {
            const d = drag.current;
            if (!d) return;
            const dx = e.clientX - d.start.x;
            const dy = e.clientY - d.start.y;
            if (Math.abs(dx) + Math.abs(dy) > 2) d.moved = true;
            if (d.kind === 'pan') setView({ ...v, x: d.origin.x + dx, y: d.origin.y + dy });
            else if (d.key) moveNode(d.key, { x: d.origin.x + dx / v.scale, y: d.origin.y + dy / v.scale });
          }}
          onPointerUp={() => {
            const d = drag.current;
            drag.current = null;
            setPanning(false);
            if (!d || !d.moved) return;
            if (d.kind === 'pan') rememberView(v);
            else if (d.key) persistNode(d.key);
          }}
        >
          <rect data-layer="background" x={0} y={0} width={size.width} height={size.height} fill="#ffffff" />
          <g data-layer="view" transform={`translate(${v.x} ${v.y}) scale(${v.scale})`}>
            <g data-layer="edges">
              {graph.edges.map((e) => {
                const a = pos.get(e.from);
                const b = pos.get(e.to);
                if (!a || !b) return null;
                return (
                  <line
                    key={`${e.from}>${e.to}`}
                    x1={a.x}
                    y1={a.y}
                    x2={b.x}
                    y2={b.y}
                    stroke={e.kind === 'theme' ? '#b9b6ae' : e.color}
                    strokeOpacity={e.kind === 'code' ? 0.55 : 0.9}
                    strokeWidth={e.kind === 'code' || e.kind === 'codebook' ? 1.5 : e.kind === 'subtheme' ? 3 : 2}
                    strokeDasharray={e.from === 'bin' ? '4 4' : e.kind === 'codebook' ? '2 3' : undefined}
                  />
                );
              })}
            </g>
            <g data-layer="nodes">
              {graph.nodes.map((n) => {
                const p = pos.get(n.key);
                if (!p) return null;
                const movable = n.key !== 'root';
                const detail = labelDetail(n.kind, n.fontSize, v.scale);
                const canCollapse = collapsible.includes(n.key);
                const isCollapsed = canCollapse && collapsed.has(n.key);
                const hiddenCount = shown?.hidden.get(n.key) ?? 0;
                return (
                  <g
                    key={n.key}
                    data-key={n.key}
                    data-kind={n.kind}
                    className="map-node"
                    transform={`translate(${p.x} ${p.y})`}
                    tabIndex={movable ? 0 : undefined}
                    role={movable ? 'button' : undefined}
                    aria-label={`${n.kind === 'code' ? 'Code' : n.kind === 'bin' ? 'Group' : n.kind === 'root' ? 'Project' : n.kind === 'subtheme' ? 'Sub-theme' : 'Theme'}: ${n.label}`}
                    aria-expanded={canCollapse ? !isCollapsed : undefined}
                    aria-description={isCollapsed && hiddenCount ? `${countOf(hiddenCount, 'item')} hidden` : undefined}
                    onPointerEnter={() => setHover(n.key)}
                    onPointerLeave={() => setHover((h) => (h === n.key ? null : h))}
                    onFocus={() => setHover(n.key)}
                    onBlur={() => setHover((h) => (h === n.key ? null : h))}
                    onDoubleClick={() => canCollapse && toggle(n.key)}
                    onPointerDown={(e) => {
                      if (!movable || e.button !== 0) return;
                      e.stopPropagation();
                      svgRef.current!.setPointerCapture(e.pointerId);
                      drag.current = { kind: 'node', key: n.key, start: { x: e.clientX, y: e.clientY }, origin: { ...p }, moved: false };
                    }}
                    onKeyDown={(e) => {
                      if (!movable) return;
                      if ((e.key === 'Enter' || e.key === ' ') && canCollapse) {
                        e.preventDefault();
                        toggle(n.key);
                        return;
                      }
                      const step = e.shiftKey ? 40 : 10;
                      const d = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] }[e.key];
                      if (!d) return;
                      e.preventDefault();
                      const next = { x: p.x + d[0]!, y: p.y + d[1]! };
                      moveNode(n.key, next);
                      void saveLayout({ positions: { [n.key]: next } });
                    }}
                  >
                    <title>{n.title}</title>
                    <g data-lod-grow={detail.grow === 1 ? undefined : ''} transform={detail.grow === 1 ? undefined : `scale(${detail.grow})`}>
                      <NodeShape n={n} showLabel={detail.show} />
                      {canCollapse ? (
                        <g
                          className="map-toggle"
                          data-export-omit=""
                          transform={`translate(${detail.show ? n.width / 2 : 9} ${detail.show ? -n.height / 2 : -9}) scale(${Math.max(1, (MAP_MIN_LABEL_PX * 1.05) / (12 * v.scale * detail.grow))})`}
                          onPointerDown={(e) => e.stopPropagation()}
                          onClick={() => toggle(n.key)}
                        >
                          <circle r={9} fill="#ffffff" stroke="#1f2328" strokeWidth={1} />
                          <text textAnchor="middle" dominantBaseline="central" fontSize={12} fontWeight={700} fill="#1f2328">
                            {isCollapsed ? '+' : '−'}
                          </text>
                        </g>
                      ) : null}
                    </g>
                  </g>
                );
              })}
            </g>
          </g>
        </svg>
        {graph.nodes.length <= 1 ? <p className="map-empty muted">No themes or codes yet.</p> : null}
        {(() => {
          // the focus label: a node whose label is hidden at this zoom shows it here, at a legible size
          const n = hover ? graph.nodes.find((x) => x.key === hover) : undefined;
          const p = n ? pos.get(n.key) : undefined;
          if (!n || !p) return null;
          const detail = labelDetail(n.kind, n.fontSize, v.scale);
          const hidden = shown?.hidden.get(n.key) ?? 0;
          if (detail.show && !hidden) return null;
          return (
            <div className="map-focus-label" role="status" style={{ left: v.x + p.x * v.scale, top: v.y + (p.y + n.height / 2) * v.scale + 6 }}>
              {detail.show ? null : <strong>{n.label}</strong>}
              {hidden ? <span className="muted"> {countOf(hidden, 'item')} hidden · Enter opens</span> : null}
            </div>
          );
        })()}
        <ul className="map-legend small" aria-label="Legend">
          <li>
            <span className="legend-theme" /> theme
          </li>
          <li>
            <span className="legend-sub" /> sub-theme
          </li>
          <li>
            <span className="legend-code" /> code
          </li>
          <li className="muted">dashed outline: candidate</li>
          <li className="muted">zoomed out, sub-themes and codes are dots: point at one for its name</li>
        </ul>
      </div>
    </div>
  );
}

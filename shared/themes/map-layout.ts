/**
 * The thematic map as a graph (themes, sub-themes, their codes, and the "not yet themed" codes)
 * and a deterministic radial layout: themes on an inner ring in sectors sized by their content,
 * sub-themes and codes further out, then overlaps pushed apart. Positions the researcher saved
 * are kept as they are. No DOM: node sizes come from an estimate of the label's width.
 */
import type { ThemeNode, ThemeStatus, ThemeTree } from '../types/themes.js';
import { pushTo } from './tree.js';

export type MapNodeKind = 'root' | 'theme' | 'subtheme' | 'code' | 'bin';

export interface MapNode {
  /** "theme:ID", "code:ID", "bin" or "root". */
  key: string;
  kind: MapNodeKind;
  label: string;
  lines: string[];
  /** Longer text for a tooltip (a code's path, a theme's definition). */
  title: string;
  color: string;
  status: ThemeStatus | null;
  width: number;
  height: number;
  fontSize: number;
}

export interface MapEdge {
  from: string;
  to: string;
  /** codebook: from a grouping code to one of its sub-codes. */
  kind: 'theme' | 'subtheme' | 'code' | 'codebook';
  color: string;
}

export interface MapGraph {
  nodes: MapNode[];
  edges: MapEdge[];
}

export type Point = { x: number; y: number };

const CHAR_WIDTH = 0.56; // of the font size, for a typical sans-serif
const PAD_X = 14;
const PAD_Y = 9;
const LINE = 1.25;

/** Splits a label into lines of at most `max` characters at spaces (long words are cut). */
export function wrapLabel(text: string, max: number, maxLines = 3): string[] {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let cur = '';
  for (const w of words) {
    const word = w.length > max ? `${w.slice(0, max - 1)}…` : w;
    if (!cur) cur = word;
    else if (cur.length + 1 + word.length <= max) cur += ` ${word}`;
    else {
      lines.push(cur);
      cur = word;
    }
  }
  if (cur) lines.push(cur);
  if (lines.length > maxLines) {
    const kept = lines.slice(0, maxLines);
    kept[maxLines - 1] = `${kept[maxLines - 1]!.slice(0, max - 1)}…`;
    return kept;
  }
  return lines.length ? lines : [''];
}

function sized(node: Omit<MapNode, 'lines' | 'width' | 'height'>, maxChars: number): MapNode {
  const lines = wrapLabel(node.label, maxChars);
  const longest = Math.max(...lines.map((l) => l.length), 3);
  return {
    ...node,
    lines,
    width: Math.round(longest * node.fontSize * CHAR_WIDTH + PAD_X * 2),
    height: Math.round(lines.length * node.fontSize * LINE + PAD_Y * 2),
  };
}

/**
 * The map's graph. `codebook` (every code with its parent) adds the codes that are neither on a
 * theme nor waiting in the bin — grouping codes whose sub-codes are all themed — linked to their
 * sub-codes, so every theme and every code has a node.
 */
export function buildMapGraph(tree: ThemeTree, projectName: string, codebook: readonly { id: number; parentId: number | null; name: string; color: string }[] = []): MapGraph {
  const nodes = new Map<string, MapNode>();
  const edges: MapEdge[] = [];
  nodes.set('root', sized({ key: 'root', kind: 'root', label: projectName, title: projectName, color: '#1f2328', status: null, fontSize: 13 }, 22));
  const addCode = (c: ThemeTree['unthemed'][number], parentKey: string, color: string) => {
    const key = `code:${c.id}`;
    if (!nodes.has(key)) nodes.set(key, sized({ key, kind: 'code', label: c.name, title: c.path, color: c.color, status: null, fontSize: 12 }, 24));
    edges.push({ from: parentKey, to: key, kind: 'code', color });
  };
  const addTheme = (t: ThemeNode, parentKey: string, depth: number) => {
    const key = `theme:${t.id}`;
    nodes.set(
      key,
      sized(
        { key, kind: depth === 0 ? 'theme' : 'subtheme', label: t.name, title: t.definition || t.name, color: t.color, status: t.status, fontSize: depth === 0 ? 15 : 13 },
        depth === 0 ? 20 : 22,
      ),
    );
    edges.push({ from: parentKey, to: key, kind: depth === 0 ? 'theme' : 'subtheme', color: t.color });
    for (const c of t.codes) addCode(c, key, t.color);
    for (const child of t.children) addTheme(child, key, depth + 1);
  };
  for (const t of tree.themes) addTheme(t, 'root', 0);
  if (tree.unthemed.length) {
    nodes.set('bin', sized({ key: 'bin', kind: 'bin', label: 'Not yet themed', title: 'Codes not yet in a theme', color: '#8a8f98', status: null, fontSize: 14 }, 20));
    for (const c of tree.unthemed) addCode(c, 'bin', '#8a8f98');
  }
  const byId = new Map(codebook.map((c) => [c.id, c]));
  const pathOf = (id: number): string => {
    const c = byId.get(id)!;
    return c.parentId !== null && byId.has(c.parentId) ? `${pathOf(c.parentId)}/${c.name}` : c.name;
  };
  for (const c of codebook) {
    const key = `code:${c.id}`;
    if (!nodes.has(key)) nodes.set(key, sized({ key, kind: 'code', label: c.name, title: pathOf(c.id), color: c.color, status: null, fontSize: 12 }, 24));
  }
  const placed = new Set(edges.map((e) => e.to));
  for (const c of codebook) {
    if (c.parentId !== null && byId.has(c.parentId) && !placed.has(`code:${c.parentId}`)) {
      edges.push({ from: `code:${c.parentId}`, to: `code:${c.id}`, kind: 'codebook', color: '#b9b6ae' });
    }
  }
  return { nodes: [...nodes.values()], edges };
}

/** Past this many themes the map opens with every theme collapsed (its sub-themes and codes hidden). */
export const MAP_COLLAPSE_PAST = 10;
/** No label is drawn smaller than this on screen (CSS px): below it a label is enlarged or hidden. */
export const MAP_MIN_LABEL_PX = 11;

/** The nodes that can be collapsed: those with sub-themes or codes below them (themes and the bin). */
export function collapsibleKeys(graph: MapGraph): string[] {
  const parents = new Set(graph.edges.filter((e) => e.kind !== 'codebook' && e.from !== 'root').map((e) => e.from));
  return graph.nodes.filter((n) => parents.has(n.key) && (n.kind === 'theme' || n.kind === 'subtheme' || n.kind === 'bin')).map((n) => n.key);
}

/**
 * The map as shown with some nodes collapsed: everything only reachable through a collapsed node
 * is left out (a code on an open theme stays), as are grouping codes with no sub-code shown.
 * `hidden` counts, per collapsed node, the distinct sub-themes and codes it holds out of view.
 */
export function collapseGraph(graph: MapGraph, collapsed: ReadonlySet<string>): { graph: MapGraph; hidden: Map<string, number> } {
  const kids = new Map<string, string[]>();
  for (const e of graph.edges) if (e.kind !== 'codebook') pushTo(kids, e.from, e.to);
  const shown = new Set<string>(['root']);
  const walk = (key: string) => {
    if (collapsed.has(key)) return;
    for (const k of kids.get(key) ?? []) {
      if (shown.has(k)) continue;
      shown.add(k);
      walk(k);
    }
  };
  walk('root');
  if (graph.nodes.some((n) => n.key === 'bin')) {
    shown.add('bin');
    walk('bin');
  }
  // grouping codes (only in the codebook edges): shown when one of their sub-codes is
  for (let pass = 0; pass < 6; pass++)
    for (const e of graph.edges) if (e.kind === 'codebook' && shown.has(e.to)) shown.add(e.from);
  const hidden = new Map<string, number>();
  for (const key of collapsed) {
    if (!shown.has(key)) continue;
    const below = new Set<string>();
    const count = (k: string) => {
      for (const c of kids.get(k) ?? []) {
        if (below.has(c)) continue;
        below.add(c);
        count(c);
      }
    };
    count(key);
    const n = [...below].filter((k) => !shown.has(k)).length;
    if (n) hidden.set(key, n);
  }
  return {
    graph: { nodes: graph.nodes.filter((n) => shown.has(n.key)), edges: graph.edges.filter((e) => shown.has(e.from) && shown.has(e.to)) },
    hidden,
  };
}

/**
 * How much a sub-theme or code node may be enlarged to keep its label legible before the label
 * hides instead: a small map fitted to the window (a little under 1:1) still names its codes,
 * while a large one zoomed far out does not crowd them into each other.
 */
export const MAP_SMALL_LABEL_MAX_GROW = 1.4;

/**
 * How a node's label is drawn at a zoom `scale`: at its size when that is legible; themes, the
 * project and the bin enlarged (`grow` > 1, about the node's centre) so the label stays at the
 * minimum; sub-theme and code labels enlarged likewise up to MAP_SMALL_LABEL_MAX_GROW, and hidden
 * past it (shown on hover or focus instead).
 */
export function labelDetail(kind: MapNodeKind, fontSize: number, scale: number): { show: boolean; grow: number } {
  const px = fontSize * scale;
  if (px >= MAP_MIN_LABEL_PX) return { show: true, grow: 1 };
  // a little above the minimum, so rounding never draws it smaller
  const grow = (MAP_MIN_LABEL_PX * 1.05) / px;
  if (kind === 'theme' || kind === 'root' || kind === 'bin') return { show: true, grow };
  if (grow <= MAP_SMALL_LABEL_MAX_GROW) return { show: true, grow };
  return { show: false, grow: 1 };
}

/** Positions (node centres) for every node: saved ones as they are, the rest laid out radially. */
export function layoutMap(graph: MapGraph, saved: Record<string, Point> = {}): Map<string, Point> {
  const byKey = new Map(graph.nodes.map((n) => [n.key, n]));
  const children = new Map<string, string[]>();
  for (const e of graph.edges) if (e.kind !== 'codebook') pushTo(children, e.from, e.to);
  const tops = [...(children.get('root') ?? []), ...(byKey.has('bin') ? ['bin'] : [])];

  // weight of a subtree = the number of leaves it will spread over (each node counted once)
  const placedOnce = new Set<string>();
  const weight = (key: string): number => {
    const kids = (children.get(key) ?? []).filter((k) => !placedOnce.has(k));
    kids.forEach((k) => placedOnce.add(k));
    return Math.max(1, kids.reduce((s, k) => s + weight(k), 0));
  };
  const weights = new Map(tops.map((k) => [k, weight(k)]));
  const total = [...weights.values()].reduce((a, b) => a + b, 0) || 1;

  const topWidth = tops.reduce((s, k) => s + (byKey.get(k)?.width ?? 100) + 60, 0);
  const r1 = Math.max(170, topWidth / (2 * Math.PI));
  const ring = 150;
  const pos = new Map<string, Point>();
  pos.set('root', { x: 0, y: 0 });
  const done = new Set<string>(['root']);

  const place = (key: string, from: number, to: number, radius: number) => {
    if (done.has(key)) return;
    done.add(key);
    const mid = (from + to) / 2;
    pos.set(key, { x: Math.cos(mid) * radius, y: Math.sin(mid) * radius });
    const kids = (children.get(key) ?? []).filter((k) => !done.has(k));
    if (!kids.length) return;
    const ws = kids.map((k) => (byKey.get(k)?.kind === 'code' ? 1 : Math.max(1, (children.get(k) ?? []).length)));
    const sum = ws.reduce((a, b) => a + b, 0);
    // give a small family a little more room than its share, so codes fan out around their theme
    const span = Math.max(to - from, Math.min(Math.PI / 2, kids.length * 0.22));
    let at = mid - span / 2;
    kids.forEach((k, i) => {
      const share = (span * ws[i]!) / sum;
      place(k, at, at + share, radius + ring + (byKey.get(k)?.kind === 'code' && byKey.get(key)?.kind === 'subtheme' ? -20 : 0));
      at += share;
    });
  };
  let angle = -Math.PI / 2;
  for (const k of tops) {
    const share = (2 * Math.PI * weights.get(k)!) / total;
    place(k, angle, angle + share, r1);
    angle += share;
  }
  if (tops.length > MAP_COLLAPSE_PAST) {
    // many themes: on concentric ellipses (wider than tall, like a window), each taking as many as
    // fit side by side; a theme's sub-themes and codes move with it
    const w = Math.max(...tops.map((k) => byKey.get(k)?.width ?? 100)) + 40;
    const h = Math.max(...tops.map((k) => byKey.get(k)?.height ?? 40)) + 40;
    let i = 0;
    for (let ring = 0; i < tops.length; ring++) {
      const a = w * (1.2 + ring);
      const b = h * (2 + ring);
      const fits = Math.max(1, Math.floor((2 * Math.PI) / Math.max(w / a, h / b)));
      const here = tops.slice(i, i + fits);
      here.forEach((k, j) => {
        const t = -Math.PI / 2 + (2 * Math.PI * (j + (ring % 2) * 0.5)) / here.length;
        const from = pos.get(k)!;
        const to = { x: Math.cos(t) * a, y: Math.sin(t) * b };
        const moved = new Set<string>();
        const shift = (key: string) => {
          if (moved.has(key)) return;
          moved.add(key);
          const p = pos.get(key);
          if (p) pos.set(key, { x: p.x + to.x - from.x, y: p.y + to.y - from.y });
          for (const c of children.get(key) ?? []) shift(c);
        };
        shift(k);
      });
      i += here.length;
    }
  }
  // grouping codes: outside the centre of their sub-codes (deepest first, so nested groups stack outwards)
  const groups = graph.nodes.filter((n) => !pos.has(n.key));
  for (let pass = 0; pass < 4; pass++) {
    for (const n of groups) {
      if (pos.has(n.key)) continue;
      const kids = graph.edges.filter((e) => e.kind === 'codebook' && e.from === n.key).flatMap((e) => pos.get(e.to) ?? []);
      if (!kids.length) continue;
      const cx = kids.reduce((a, p) => a + p.x, 0) / kids.length;
      const cy = kids.reduce((a, p) => a + p.y, 0) / kids.length;
      const len = Math.hypot(cx, cy) || 1;
      pos.set(n.key, { x: cx + (cx / len) * 150, y: cy + (cy / len) * 150 });
    }
  }
  for (const n of graph.nodes) if (!pos.has(n.key)) pos.set(n.key, { x: 0, y: 0 });

  for (const [key, p] of Object.entries(saved)) if (pos.has(key)) pos.set(key, { ...p });
  separate(graph.nodes, pos, new Set(Object.keys(saved).filter((k) => pos.has(k))));
  return pos;
}

/** Pushes overlapping node boxes apart; `fixed` nodes do not move. Deterministic. */
export function separate(nodes: MapNode[], pos: Map<string, Point>, fixed: Set<string>, margin = 14, rounds = 160) {
  const movable = (k: string) => k !== 'root' && !fixed.has(k);
  for (let round = 0; round < rounds; round++) {
    let moved = false;
    for (let i = 0; i < nodes.length; i++) {
      for (let j = i + 1; j < nodes.length; j++) {
        const a = nodes[i]!;
        const b = nodes[j]!;
        const pa = pos.get(a.key)!;
        const pb = pos.get(b.key)!;
        const dx = pb.x - pa.x;
        const dy = pb.y - pa.y;
        const ox = (a.width + b.width) / 2 + margin - Math.abs(dx);
        const oy = (a.height + b.height) / 2 + margin - Math.abs(dy);
        if (ox <= 0 || oy <= 0) continue;
        const ma = movable(a.key);
        const mb = movable(b.key);
        if (!ma && !mb) continue;
        moved = true;
        // push along the axis of least overlap
        const alongX = ox / (a.width + b.width) < oy / (a.height + b.height);
        const sx = dx === 0 ? (i % 2 ? 1 : -1) : Math.sign(dx);
        const sy = dy === 0 ? (j % 2 ? 1 : -1) : Math.sign(dy);
        const push = (alongX ? ox : oy) / (ma && mb ? 2 : 1) + 0.5;
        if (ma) pos.set(a.key, alongX ? { x: pa.x - sx * push, y: pa.y } : { x: pa.x, y: pa.y - sy * push });
        if (mb) pos.set(b.key, alongX ? { x: pb.x + sx * push, y: pb.y } : { x: pb.x, y: pb.y + sy * push });
      }
    }
    if (!moved) break;
  }
}

/** The box around every node, with padding. */
export function mapBounds(nodes: MapNode[], pos: Map<string, Point>, pad = 30) {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const n of nodes) {
    const p = pos.get(n.key);
    if (!p) continue;
    minX = Math.min(minX, p.x - n.width / 2);
    maxX = Math.max(maxX, p.x + n.width / 2);
    minY = Math.min(minY, p.y - n.height / 2);
    maxY = Math.max(maxY, p.y + n.height / 2);
  }
  if (!Number.isFinite(minX)) return { x: -100, y: -100, width: 200, height: 200 };
  return { x: minX - pad, y: minY - pad, width: maxX - minX + 2 * pad, height: maxY - minY + 2 * pad };
}

import { describe, expect, it } from 'vitest';
import type { ThemeCode, ThemeNode, ThemeTree } from '../types/themes';
import { MAP_MIN_LABEL_PX, MAP_SMALL_LABEL_MAX_GROW, buildMapGraph, collapseGraph, collapsibleKeys, labelDetail, layoutMap, mapBounds, wrapLabel } from './map-layout';

const code = (id: number, name: string): ThemeCode => ({ id, name, path: name, color: '#ff0000', definition: '', codings: 1, documents: 1 });
const theme = (id: number, name: string, codes: ThemeCode[], children: ThemeNode[] = []): ThemeNode => ({
  id,
  guid: `g${id}`,
  parentId: null,
  name,
  definition: '',
  status: 'final',
  color: '#7c6fd6',
  position: id,
  codes,
  quotes: [],
  memos: [],
  totals: { codes: 0, codings: 0, documents: 0, participants: 0 },
  children,
});

const tree: ThemeTree = {
  themes: [
    theme(1, 'Thrown in at the deep end', [code(11, 'Feeling unprepared')], [theme(2, 'Never enough time', [code(12, 'Workload and time pressure')])]),
    theme(3, 'Someone to turn to', [code(13, 'A safe person to ask'), code(12, 'Workload and time pressure')]),
  ],
  unthemed: [code(14, 'Belonging')],
};
const codebook = [
  { id: 10, parentId: null, name: 'Challenges', color: '#000000' },
  { id: 11, parentId: 10, name: 'Feeling unprepared', color: '#000000' },
  { id: 12, parentId: 10, name: 'Workload and time pressure', color: '#000000' },
  { id: 13, parentId: null, name: 'A safe person to ask', color: '#000000' },
  { id: 14, parentId: null, name: 'Belonging', color: '#000000' },
];

describe('thematic map graph and layout', () => {
  it('has one node per theme and code (a shared code once, with an edge to each theme), the bin and grouping codes', () => {
    const g = buildMapGraph(tree, 'Study', codebook);
    expect(g.nodes.map((n) => `${n.key} ${n.kind}`).sort()).toEqual(
      ['root root', 'theme:1 theme', 'theme:2 subtheme', 'theme:3 theme', 'code:10 code', 'code:11 code', 'code:12 code', 'code:13 code', 'code:14 code', 'bin bin'].sort(),
    );
    expect(g.edges.filter((e) => e.to === 'code:12' && e.kind === 'code').map((e) => e.from)).toEqual(['theme:2', 'theme:3']);
    expect(g.edges.filter((e) => e.kind === 'codebook').map((e) => `${e.from}>${e.to}`)).toEqual(['code:10>code:11', 'code:10>code:12']);
    expect(g.edges.find((e) => e.to === 'code:14')!.from).toBe('bin');
  });

  it('lays every node out without overlaps, deterministically, and keeps saved positions', () => {
    const g = buildMapGraph(tree, 'Study', codebook);
    const a = layoutMap(g);
    expect(layoutMap(g)).toEqual(a);
    expect([...a.keys()].sort()).toEqual(g.nodes.map((n) => n.key).sort());
    const box = (k: string) => {
      const n = g.nodes.find((x) => x.key === k)!;
      const p = a.get(k)!;
      return { l: p.x - n.width / 2, r: p.x + n.width / 2, t: p.y - n.height / 2, b: p.y + n.height / 2 };
    };
    const keys = [...a.keys()];
    for (let i = 0; i < keys.length; i++)
      for (let j = i + 1; j < keys.length; j++) {
        const p = box(keys[i]!);
        const q = box(keys[j]!);
        expect(p.r <= q.l || q.r <= p.l || p.b <= q.t || q.b <= p.t, `${keys[i]} overlaps ${keys[j]}`).toBe(true);
      }
    const saved = layoutMap(g, { 'theme:3': { x: 900, y: -40 } });
    expect(saved.get('theme:3')).toEqual({ x: 900, y: -40 });
    const b = mapBounds(g.nodes, saved, 0);
    expect(b.x + b.width).toBeGreaterThanOrEqual(900);
  });

  it('wraps long labels at spaces into a few lines', () => {
    expect(wrapLabel('Thrown in at the deep end', 12)).toEqual(['Thrown in at', 'the deep end']);
    expect(wrapLabel('a b c d e f g h', 3, 2)).toEqual(['a b', 'c …']);
    expect(wrapLabel('Supercalifragilistic', 8)).toEqual(['Superca…']);
  });
});

describe('thematic map level of detail', () => {
  it('collapsing a theme hides what only it holds and counts it; a code on an open theme stays', () => {
    const g = buildMapGraph(tree, 'Study', codebook);
    expect(collapsibleKeys(g).sort()).toEqual(['bin', 'theme:1', 'theme:2', 'theme:3']);
    const { graph, hidden } = collapseGraph(g, new Set(['theme:1']));
    const keys = graph.nodes.map((n) => n.key);
    expect(keys).not.toContain('theme:2');
    expect(keys).not.toContain('code:11');
    expect(keys).toContain('code:12'); // also on theme 3, which is open
    expect(keys).toContain('code:10'); // its sub-code 12 is shown
    expect(hidden.get('theme:1')).toBe(2); // sub-theme 2 and code 11 (code 12 is in view)
    expect(graph.edges.every((e) => keys.includes(e.from) && keys.includes(e.to))).toBe(true);
    const all = collapseGraph(g, new Set(collapsibleKeys(g)));
    expect(all.graph.nodes.map((n) => n.key).sort()).toEqual(['bin', 'root', 'theme:1', 'theme:3']);
    expect(all.hidden.get('bin')).toBe(1);
    expect(layoutMap(all.graph).size).toBe(4);
  });

  it('never draws a label below the minimum: themes grow, codes and sub-themes hide', () => {
    expect(labelDetail('code', 12, 1)).toEqual({ show: true, grow: 1 });
    expect(labelDetail('code', 12, 0.5).show).toBe(false);
    // a little under 1:1 (a small map fitted to the window) a code's label still shows, enlarged to the minimum
    const fitted = labelDetail('code', 12, 0.85);
    expect(fitted.show).toBe(true);
    expect(12 * 0.85 * fitted.grow).toBeGreaterThanOrEqual(MAP_MIN_LABEL_PX);
    expect(fitted.grow).toBeLessThanOrEqual(MAP_SMALL_LABEL_MAX_GROW);
    expect(labelDetail('subtheme', 13, 0.5).show).toBe(false);
    for (const scale of [0.05, 0.2, 0.5, 0.73]) {
      const d = labelDetail('theme', 15, scale);
      expect(d.show).toBe(true);
      expect(15 * scale * d.grow).toBeGreaterThanOrEqual(MAP_MIN_LABEL_PX);
    }
  });

  it('lays 30 themes out on ellipses without overlaps', () => {
    const many: ThemeTree = { themes: Array.from({ length: 30 }, (_, i) => theme(100 + i, `Theme number ${i + 1} about working life`, [])), unthemed: [] };
    const g = buildMapGraph(many, 'Study');
    const p = layoutMap(g);
    const b = mapBounds(g.nodes, p, 0);
    expect(b.width / b.height).toBeGreaterThan(1.3);
    for (let i = 0; i < g.nodes.length; i++)
      for (let j = i + 1; j < g.nodes.length; j++) {
        const a = g.nodes[i]!;
        const c = g.nodes[j]!;
        const pa = p.get(a.key)!;
        const pc = p.get(c.key)!;
        expect(Math.abs(pa.x - pc.x) >= (a.width + c.width) / 2 || Math.abs(pa.y - pc.y) >= (a.height + c.height) / 2, `${a.key} and ${c.key}`).toBe(true);
      }
  });
});

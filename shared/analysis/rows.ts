/** Matrix rows from the code tree or the theme tree, with roll-up of descendants. */
import type { MatrixRowDef } from './types.js';

export interface TreeNode {
  id: number;
  parentId: number | null;
  name: string;
  color: string;
  position: number;
}

/** Nodes in depth-first tree order (siblings by position, then id) with depth and path. */
export function treeOrder<T extends TreeNode>(nodes: readonly T[]): { node: T; depth: number; path: string }[] {
  const ids = new Set(nodes.map((n) => n.id));
  const children = new Map<number | null, T[]>();
  for (const n of nodes) {
    const parent = n.parentId !== null && ids.has(n.parentId) ? n.parentId : null;
    const list = children.get(parent) ?? [];
    list.push(n);
    children.set(parent, list);
  }
  for (const list of children.values()) list.sort((a, b) => a.position - b.position || a.id - b.id);
  const out: { node: T; depth: number; path: string }[] = [];
  const walk = (parent: number | null, depth: number, prefix: string) => {
    for (const n of children.get(parent) ?? []) {
      const path = prefix ? `${prefix}/${n.name}` : n.name;
      out.push({ node: n, depth, path });
      walk(n.id, depth + 1, path);
    }
  };
  walk(null, 0, '');
  return out;
}

/** Each node's id with all its descendants' ids. */
export function descendantsOf(nodes: readonly TreeNode[]): Map<number, number[]> {
  const children = new Map<number, number[]>();
  for (const n of nodes) {
    if (n.parentId === null) continue;
    const list = children.get(n.parentId) ?? [];
    list.push(n.id);
    children.set(n.parentId, list);
  }
  const out = new Map<number, number[]>();
  const collect = (id: number, seen: Set<number>): number[] => {
    if (seen.has(id)) return [];
    seen.add(id);
    return [id, ...(children.get(id) ?? []).flatMap((c) => collect(c, seen))];
  };
  for (const n of nodes) out.set(n.id, collect(n.id, new Set()));
  return out;
}

/** Rows for codes: a code's row counts the codings of the code and of all its sub-codes. */
export function codeRows(codes: readonly TreeNode[]): MatrixRowDef[] {
  const desc = descendantsOf(codes);
  return treeOrder(codes).map(({ node, depth, path }) => ({
    key: `code:${node.id}`,
    id: node.id,
    name: node.name,
    path,
    depth,
    color: node.color,
    codeIds: desc.get(node.id) ?? [node.id],
  }));
}

/**
 * Rows for themes: a theme's row counts the codings of its codes (theme_codes), their
 * sub-codes, and the codes of its sub-themes.
 */
export function themeRows(themes: readonly TreeNode[], themeCodes: readonly { themeId: number; codeId: number }[], codes: readonly TreeNode[]): MatrixRowDef[] {
  const codeDesc = descendantsOf(codes);
  const themeDesc = descendantsOf(themes);
  const direct = new Map<number, number[]>();
  for (const tc of themeCodes) {
    const list = direct.get(tc.themeId) ?? [];
    list.push(tc.codeId);
    direct.set(tc.themeId, list);
  }
  return treeOrder(themes).map(({ node, depth, path }) => {
    const codeIds = new Set<number>();
    for (const t of themeDesc.get(node.id) ?? [node.id]) {
      for (const c of direct.get(t) ?? []) for (const d of codeDesc.get(c) ?? [c]) codeIds.add(d);
    }
    return { key: `theme:${node.id}`, id: node.id, name: node.name, path, depth, color: node.color, codeIds: [...codeIds] };
  });
}

/** Keys of rows without children (leaves of the tree). */
export function leafKeys(rows: readonly MatrixRowDef[]): Set<string> {
  const out = new Set<string>();
  rows.forEach((r, i) => {
    const next = rows[i + 1];
    if (!next || next.depth <= r.depth) out.add(r.key);
  });
  return out;
}

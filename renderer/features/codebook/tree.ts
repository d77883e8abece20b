/** The code tree as the renderer shows it. */
import type { CodeWithCounts } from '../../../shared/types/entities';

export interface TreeRow {
  code: CodeWithCounts;
  depth: number;
  path: string;
  hasChildren: boolean;
}

/** Codes in tree order with their depth and "Parent/Child" path; children of collapsed codes are left out. */
export function flattenTree(codes: readonly CodeWithCounts[], collapsed: ReadonlySet<number> = new Set()): TreeRow[] {
  const children = new Map<number | null, CodeWithCounts[]>();
  for (const c of codes) children.set(c.parentId, [...(children.get(c.parentId) ?? []), c]);
  const out: TreeRow[] = [];
  const walk = (parent: number | null, depth: number, prefix: string) => {
    for (const c of children.get(parent) ?? []) {
      const path = prefix ? `${prefix}/${c.name}` : c.name;
      const kids = children.get(c.id) ?? [];
      out.push({ code: c, depth, path, hasChildren: kids.length > 0 });
      if (!collapsed.has(c.id)) walk(c.id, depth + 1, path);
    }
  };
  walk(null, 0, '');
  return out;
}

/** "Parent/Child" path of every code. */
export function codePathMap(codes: readonly CodeWithCounts[]): Map<number, string> {
  return new Map(flattenTree(codes).map((r) => [r.code.id, r.path]));
}

/** Ids of a code and all its descendants. */
export function descendantsOf(codes: readonly CodeWithCounts[], id: number): Set<number> {
  const out = new Set([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const c of codes) if (c.parentId !== null && out.has(c.parentId) && !out.has(c.id)) {
      out.add(c.id);
      grew = true;
    }
  }
  return out;
}

/**
 * Pure logic over themes and codes: which codes are not yet themed, which codes a theme covers,
 * how extracts group, and how a quote is attributed. Used by the service and the renderer.
 */
import type { Id } from '../types/entities.js';
import type { ThemeExtract, ThemeNode, ThemeStatus } from '../types/themes.js';

export interface CodeLink {
  id: Id;
  parentId: Id | null;
  /** Codings made with this code itself (not its sub-codes). */
  ownCodings: number;
}

export interface ThemeLink {
  id: Id;
  parentId: Id | null;
  status: ThemeStatus;
}

/** Appends `value` to the list at `key` (creating it). */
export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Nodes of a parent-linked tree in depth-first order, siblings in the order given. */
export function treeOrder<T extends { id: Id; parentId: Id | null }>(nodes: readonly T[]): T[] {
  const ids = new Set(nodes.map((n) => n.id));
  const children = new Map<Id | null, T[]>();
  for (const n of nodes) {
    const parent = n.parentId !== null && ids.has(n.parentId) ? n.parentId : null;
    pushTo(children, parent, n);
  }
  const out: T[] = [];
  const seen = new Set<Id>();
  const walk = (parent: Id | null) => {
    for (const n of children.get(parent) ?? []) {
      if (seen.has(n.id)) continue;
      seen.add(n.id);
      out.push(n);
      walk(n.id);
    }
  };
  walk(null);
  return out;
}

/** Ids of `id` and every node below it, for any parent-linked tree. */
export function descendantsOf<T extends { id: Id; parentId: Id | null }>(nodes: readonly T[], id: Id): Set<Id> {
  const children = new Map<Id | null, Id[]>();
  for (const n of nodes) pushTo(children, n.parentId, n.id);
  const out = new Set<Id>();
  const stack = [id];
  while (stack.length) {
    const cur = stack.pop()!;
    if (out.has(cur)) continue;
    out.add(cur);
    stack.push(...(children.get(cur) ?? []));
  }
  return out;
}

/**
 * The "not yet themed" bin. A code is themed when it, or a code above it, sits on a theme that is
 * not discarded (a parent code brings its sub-codes along). A grouping code with no codings of its
 * own is themed once every code below it is. Returns the ids of the codes still to be themed, in
 * the order of `codes`.
 */
export function unthemedCodeIds(codes: readonly CodeLink[], assignments: readonly { themeId: Id; codeId: Id }[], themes: readonly ThemeLink[]): Id[] {
  const live = new Set(themes.filter((t) => t.status !== 'discarded').map((t) => t.id));
  const placed = new Set(assignments.filter((a) => live.has(a.themeId)).map((a) => a.codeId));
  const byId = new Map(codes.map((c) => [c.id, c]));
  const children = new Map<Id | null, CodeLink[]>();
  for (const c of codes) pushTo(children, c.parentId, c);
  const viaAncestor = (c: CodeLink): boolean => {
    for (let cur: CodeLink | undefined = c; cur; cur = cur.parentId === null ? undefined : byId.get(cur.parentId)) {
      if (placed.has(cur.id)) return true;
    }
    return false;
  };
  const memo = new Map<Id, boolean>();
  const themed = (c: CodeLink): boolean => {
    const known = memo.get(c.id);
    if (known !== undefined) return known;
    memo.set(c.id, false); // guards against a malformed cycle
    const kids = children.get(c.id) ?? [];
    const result = viaAncestor(c) || (c.ownCodings === 0 && kids.length > 0 && kids.every(themed));
    memo.set(c.id, result);
    return result;
  };
  return codes.filter((c) => !themed(c)).map((c) => c.id);
}

/** Every code whose extracts belong to a theme: its codes, their sub-codes, and those of its sub-themes. */
export function codesCoveredBy(
  themeId: Id,
  themes: readonly { id: Id; parentId: Id | null }[],
  assignments: readonly { themeId: Id; codeId: Id }[],
  codes: readonly { id: Id; parentId: Id | null }[],
): Set<Id> {
  const themeIds = descendantsOf(themes, themeId);
  const out = new Set<Id>();
  for (const a of assignments) {
    if (!themeIds.has(a.themeId)) continue;
    for (const c of descendantsOf(codes, a.codeId)) out.add(c);
  }
  return out;
}

/**
 * "Samantha (client)" — the participant, and the values of the quote attribute(s) (e.g. role;
 * several: "Samantha (client, 34)") when there are any.
 */
export function attribution(participant: string | null, attributes: Record<string, string>, attribute: string | readonly string[] | null = 'role', fallback = 'Unattributed'): string {
  if (!participant) return fallback;
  const wanted = attribute === null ? [] : typeof attribute === 'string' ? [attribute] : attribute;
  const values = wanted.flatMap((a) => {
    const key = findAttribute(Object.keys(attributes), a);
    const value = key ? attributes[key]?.trim() : '';
    return value ? [value] : [];
  });
  return values.length > 0 ? `${participant} (${values.join(', ')})` : participant;
}

/** The attribute named `wanted`, matched without regard to case. */
export function findAttribute(names: readonly string[], wanted: string): string | undefined {
  return names.find((n) => n === wanted) ?? names.find((n) => n.toLowerCase() === wanted.toLowerCase());
}

/** What grouping an extract reads: its code, and the participant it is shown under. */
export type GroupableExtract = Pick<ThemeExtract, 'codeId' | 'codePath' | 'participantId' | 'attribution'>;

export interface ExtractGroup<E extends GroupableExtract = ThemeExtract> {
  key: string;
  label: string;
  extracts: E[];
}

export type ExtractGrouping = 'code' | 'participant';

/** Extracts per page of a theme's review as the window asks for them (a theme at research scale has tens of thousands). */
export const REVIEW_PAGE_SIZE = 100;

/**
 * Extracts grouped by code (board order of first appearance) or by participant (by name,
 * unattributed last). The theme review's pages follow the groups' order (themes.review), so the
 * pages shown so far group the same way here.
 */
export function groupExtracts<E extends GroupableExtract>(extracts: readonly E[], by: ExtractGrouping): ExtractGroup<E>[] {
  const groups = new Map<string, ExtractGroup<E>>();
  for (const e of extracts) {
    const key = by === 'code' ? `code:${e.codeId}` : e.participantId === null ? 'none' : `case:${e.participantId}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { key, label: by === 'code' ? e.codePath : e.participantId === null ? 'No participant' : e.attribution, extracts: [] }));
    g.extracts.push(e);
  }
  const list = [...groups.values()];
  if (by === 'participant') list.sort((a, b) => (a.key === 'none' ? 1 : b.key === 'none' ? -1 : a.label.localeCompare(b.label)));
  return list;
}

/** Depth-first walk of a theme tree. */
export function walkThemes(themes: readonly ThemeNode[], visit: (t: ThemeNode, depth: number, parent: ThemeNode | null) => void, depth = 0, parent: ThemeNode | null = null) {
  for (const t of themes) {
    visit(t, depth, parent);
    walkThemes(t.children, visit, depth + 1, t);
  }
}

/** Every theme of a tree in depth-first order. */
export function flattenThemes(themes: readonly ThemeNode[]): { theme: ThemeNode; depth: number }[] {
  const out: { theme: ThemeNode; depth: number }[] = [];
  walkThemes(themes, (theme, depth) => out.push({ theme, depth }));
  return out;
}

export function findTheme(themes: readonly ThemeNode[], id: Id): ThemeNode | undefined {
  let hit: ThemeNode | undefined;
  walkThemes(themes, (t) => {
    if (t.id === id) hit = t;
  });
  return hit;
}

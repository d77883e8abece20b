/**
 * Where the researcher was in each project: the open document and the first paragraph in view
 * (its start offset, so it survives a different window width). Kept in this browser's storage per
 * project (by its GUID), read after a reload to open the same document at the same place.
 */
export interface Place {
  documentId: number;
  /** The start offset of the first paragraph in view. */
  offset: number;
}

const key = (project: string) => `weft.place.${project}`;
/** Which project and document were open last in this browser (any project): asked for at start, before the backend says which project is open. */
const LAST_KEY = 'weft.place.last';

/** The key a project's place is kept under: its GUID (its path for a project without one). */
export const placeKey = (project: { guid: string; path: string }) => project.guid || project.path;

export function readPlace(project: string): Place | null {
  try {
    const raw = localStorage.getItem(key(project));
    const v = raw ? (JSON.parse(raw) as Partial<Place>) : null;
    return v && Number.isInteger(v.documentId) && Number.isInteger(v.offset) ? { documentId: v.documentId!, offset: v.offset! } : null;
  } catch {
    return null;
  }
}

export function writePlace(project: string, place: Place): void {
  try {
    localStorage.setItem(key(project), JSON.stringify(place));
    localStorage.setItem(LAST_KEY, JSON.stringify({ project, documentId: place.documentId }));
  } catch {
    // storage full or disabled: the place is simply not remembered
  }
}

/** The project (its placeKey) and the document open last in this browser, or null. */
export function readLastOpen(): { project: string; documentId: number } | null {
  try {
    const raw = localStorage.getItem(LAST_KEY);
    const v = raw ? (JSON.parse(raw) as { project?: unknown; documentId?: unknown }) : null;
    return v && typeof v.project === 'string' && Number.isInteger(v.documentId) ? { project: v.project, documentId: v.documentId as number } : null;
  } catch {
    return null;
  }
}

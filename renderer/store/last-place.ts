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
  } catch {
    // storage full or disabled: the place is simply not remembered
  }
}

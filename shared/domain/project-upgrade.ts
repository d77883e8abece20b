/** An older project file upgraded in place (electron/db/migrator.ts): its format before and after, and where the copy of it as it was is. */
export interface ProjectUpgrade {
  from: number;
  to: number;
  copy: string;
}

/** The one sentence that tells the user an older project file was upgraded, and where the copy of it as it was is. */
export function upgradeNotice(file: string, u: ProjectUpgrade): string {
  return `“${file}” was saved by an older version of Weft and has been upgraded (project format ${u.from} to ${u.to}); a copy of the file as it was is kept at “${u.copy}”.`;
}

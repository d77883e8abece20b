/**
 * Who codes before anyone has answered “Who is coding?” on this computer: a neutral coder named
 * “me” (never the operating-system account). The first answer renames that coder in each project
 * where it coded (electron/services/project-session.ts, `currentCoderId`), so no “root” coder
 * appears in filters or agreement.
 */
export const PROVISIONAL_CODER = 'me';

/**
 * “Import files…”: the desktop window asks its own file dialog for paths, so a recording chosen
 * with its transcript (same base name) is linked where it is; the browser opens the page's file
 * input, whose files are uploaded (a recording among them is copied beside the project and linked).
 */
import { nativeDialogs } from '../../browser/host';
import { useAppStore } from '../../store';

export function chooseImportFiles(input: HTMLInputElement | null) {
  if (!nativeDialogs) {
    input?.click();
    return;
  }
  nativeDialogs.importFiles().then(
    (paths) => {
      if (paths.length) void useAppStore.getState().startImport({ paths });
    },
    (err: unknown) => useAppStore.getState().notifyError(err),
  );
}

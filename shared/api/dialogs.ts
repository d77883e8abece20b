/**
 * The operating system's file dialogs, offered by the Electron preload beside the API (browser
 * mode has none): each dialog's IPC channel and the only payload it accepts. The main process
 * checks the sender (as for the port to the service, `weft:connect`) and validates the payload against these schemas before it
 * opens a dialog.
 */
import { z } from 'zod';

/** A bare file name to suggest in a save dialog: no folders, no control or direction characters. */
const suggestedName = z
  .string()
  .min(1)
  .max(255)
  .refine((n) => n !== '.' && n !== '..' && !/[\\/\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/.test(n), {
    message: 'a suggested file name is a bare name: no folders, no control characters',
  });

export const DIALOG_INPUTS = {
  openProject: z.undefined(),
  saveProject: z.object({ suggestedName }).strict().optional(),
  importFiles: z.undefined(),
} as const;

export type DialogName = keyof typeof DIALOG_INPUTS;
export type DialogInput<D extends DialogName> = z.output<(typeof DIALOG_INPUTS)[D]>;
export const DIALOG_NAMES = Object.keys(DIALOG_INPUTS) as DialogName[];

export const dialogChannel = (name: DialogName) => `dialog:${name}` as const;

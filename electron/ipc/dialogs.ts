/**
 * Payload validation for the native file dialogs (channels and schemas: shared/api/dialogs.ts).
 * No Electron imports; the main process calls this after checking the sender.
 */
import { DIALOG_INPUTS, type DialogInput, type DialogName } from '../../shared/api/dialogs.js';
import { DomainError } from '../../shared/api/errors.js';
import { describeZodError } from './dispatch.js';

export function parseDialogInput<D extends DialogName>(name: D, raw: unknown): DialogInput<D> {
  const parsed = DIALOG_INPUTS[name].safeParse(raw);
  if (!parsed.success) {
    throw new DomainError('VALIDATION', `Invalid request for the ${name} dialog: ${describeZodError(parsed.error)}`);
  }
  return parsed.data as DialogInput<D>;
}

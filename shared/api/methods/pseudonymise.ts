import { z } from 'zod';
import type { PseudonymisePreview, PseudonymiseResult, ReidentifyResult, SuggestedTerm } from '../../types/pseudonymise.js';
import type { PseudonymiseJob, ReidentifyJob } from '../../types/exchange.js';
import { method, none, path } from './base.js';

const term = z
  .object({
    term: z.string().trim().min(1, 'A term is required').max(500),
    pseudonym: z.string().trim().min(1, 'A pseudonym is required').max(500),
    matchCase: z.boolean().optional(),
  })
  .strict();
const terms = z.array(term).min(1, 'Give at least one identifying term').max(5000);
const passphrase = z.string().min(8, 'The passphrase must be at least 8 characters long').max(1024);

const writeInput = z.object({ terms, path, keyPath: path, passphrase, overwrite: z.boolean().optional() }).strict();
const reidentifyInput = z.object({ keyPath: path, passphrase: z.string().min(1).max(1024), path, overwrite: z.boolean().optional() }).strict();

/**
 * Pseudonymised copies (issue 16). None of these changes the open project: `write` and
 * `reidentify` write NEW files (a project copy; for `write` also the encrypted key).
 */
export const pseudonymiseMethods = {
  /** Terms to start from: participants and speakers, then capitalised words recurring across documents. */
  'pseudonymise.suggestTerms': method<SuggestedTerm[]>()(none),
  /** Every replacement in context and what may remain, before anything is written. */
  'pseudonymise.preview': method<PseudonymisePreview>()(z.object({ terms }).strict()),
  /** Writes the pseudonymised copy to `path` and its key, encrypted with `passphrase`, to `keyPath`. */
  'pseudonymise.write': method<PseudonymiseResult>()(writeInput),
  /**
   * `pseudonymise.write` as a background job (a worker thread: the service keeps answering other
   * calls). Checked first (a refusal is this call's error); progress by documents in `job.progress`
   * events and `jobs.status`; `jobs.cancel` leaves no copy and no key. `result` when done.
   */
  'pseudonymise.start': method<PseudonymiseJob>()(writeInput),
  /** From the open pseudonymised project and its key, writes a copy with the original texts and positions to `path`. */
  'pseudonymise.reidentify': method<ReidentifyResult>()(reidentifyInput),
  /** `pseudonymise.reidentify` as a background job (the key is read first: a wrong passphrase is this call's error); cancel leaves no file. */
  'pseudonymise.startReidentify': method<ReidentifyJob>()(reidentifyInput),
} as const;

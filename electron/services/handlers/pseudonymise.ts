import type { HandlersFor } from '../../../shared/api/contract.js';
import type { pseudonymiseMethods } from '../../../shared/api/methods/pseudonymise.js';
import type { AppService } from '../app-service.js';
import { startPseudonymise, startReidentify } from '../jobs/exchange-jobs.js';
import { previewPseudonymisation, suggestPseudonymTerms, writePseudonymisedCopy, writeReidentifiedCopy } from '../pseudonymise/copy.js';

const withOverwrite = (overwrite: boolean | undefined) => (overwrite === undefined ? {} : { overwrite });

export const pseudonymiseHandlers = (app: AppService): HandlersFor<typeof pseudonymiseMethods> => ({
  'pseudonymise.suggestTerms': () => suggestPseudonymTerms(app.current().db),
  'pseudonymise.preview': ({ terms }) => previewPseudonymisation(app.current().db, terms),
  'pseudonymise.write': ({ terms, path, keyPath, passphrase, overwrite }) => {
    const s = app.current();
    return writePseudonymisedCopy(s.db, s.path, { terms, output: path, keyPath, passphrase, ...withOverwrite(overwrite) });
  },
  'pseudonymise.start': ({ terms, path, keyPath, passphrase, overwrite }) => {
    const s = app.current();
    return startPseudonymise(app.importJobs, s.db, s.path, { terms, output: path, keyPath, passphrase, ...withOverwrite(overwrite) });
  },
  'pseudonymise.startReidentify': ({ keyPath, passphrase, path, overwrite }) => {
    const s = app.current();
    return startReidentify(app.importJobs, s.db, s.path, { keyPath, passphrase, output: path, ...withOverwrite(overwrite) });
  },
  'pseudonymise.reidentify': ({ keyPath, passphrase, path, overwrite }) => {
    const s = app.current();
    return writeReidentifiedCopy(s.db, s.path, { keyPath, passphrase, output: path, ...withOverwrite(overwrite) });
  },
});
